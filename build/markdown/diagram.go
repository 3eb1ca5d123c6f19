package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

var diagramTitle = regexp.MustCompile(`title="([^"]*)"`)

// diagramInfo reads `diagram title="…"` from a fence's info string.
func diagramInfo(info []byte) (title string, hasTitle bool) {
	m := diagramTitle.FindSubmatch(info)
	if m == nil {
		return "", false
	}
	return strings.TrimSpace(string(m[1])), true
}

// renderDiagram writes a diagram fence as an accessible figure.
func renderDiagram(w util.BufWriter, src []byte, n *ast.FencedCodeBlock, info []byte) {
	title, _ := diagramInfo(info)
	esc := util.EscapeHTML([]byte(title))
	w.WriteString(`<figure class="diagram" role="img" aria-label="`)
	w.Write(esc)
	w.WriteString(`"><pre>`)
	for i := 0; i < n.Lines().Len(); i++ {
		w.Write(util.EscapeHTML(segValue(n.Lines().At(i), src)))
	}
	w.WriteString(`</pre><figcaption>`)
	w.Write(esc)
	w.WriteString("</figcaption></figure>\n")
}

// misalignment is a row whose box border is not where the box's corner says.
type misalignment struct {
	row       int // 0-based row of the art
	got, want int // display columns (0-based)
}

// Box-drawing parts: what may stand on a box's right border, and corners.
const (
	rightSide = "│┤┼╡╢╣║|+"
	leftSide  = "│├┼╞╟╠║|+"
)

// lintDiagram finds boxes by their top-left corner and checks that every
// row down to the bottom edge has its right border in the corner's column.
// Columns are display columns: East Asian wide runes count 2.
func lintDiagram(rows []string) []misalignment {
	grid := make([][]rune, len(rows))
	for i, r := range rows {
		grid[i] = cells(r)
	}
	at := func(r, c int) rune {
		if r < 0 || r >= len(grid) || c < 0 || c >= len(grid[r]) {
			return ' '
		}
		return grid[r][c]
	}
	var out []misalignment
	for r := range grid {
		for c, ch := range grid[r] {
			var horiz, topRight, bottomLeft, bottomRight string
			switch ch {
			case '┌':
				horiz, topRight, bottomLeft, bottomRight = "─┬┴┼", "┐", "└", "┘"
			case '╔':
				horiz, topRight, bottomLeft, bottomRight = "═╦╩╬", "╗", "╚", "╝"
			case '+':
				if at(r, c+1) != '-' || !strings.ContainsRune("|+", at(r+1, c)) {
					continue
				}
				horiz, topRight, bottomLeft, bottomRight = "-", "+", "+", "+"
			default:
				continue
			}
			right := c + 1
			for strings.ContainsRune(horiz, at(r, right)) {
				right++
			}
			if !strings.ContainsRune(topRight, at(r, right)) {
				continue // not a box top: an edge that ends elsewhere
			}
			for rr := r + 1; rr < len(grid); rr++ {
				left := at(rr, c)
				if strings.ContainsRune(bottomLeft, left) && left != '+' || left == '+' && at(rr, c+1) == '-' {
					if !strings.ContainsRune(bottomRight, at(rr, right)) {
						out = append(out, misalignment{row: rr, got: findBorder(grid[rr], right, bottomRight), want: right})
					}
					break
				}
				if !strings.ContainsRune(leftSide, left) {
					break // the box's left side ends: not a box we can check
				}
				if !strings.ContainsRune(rightSide, at(rr, right)) {
					out = append(out, misalignment{row: rr, got: findBorder(grid[rr], right, rightSide), want: right})
				}
			}
		}
	}
	return out
}

// findBorder finds the nearest border rune to col, for the message.
func findBorder(row []rune, col int, set string) int {
	for d := 1; d < 8; d++ {
		for _, c := range []int{col - d, col + d} {
			if c >= 0 && c < len(row) && strings.ContainsRune(set, row[c]) {
				return c
			}
		}
	}
	return -1
}

// cells lays a row out in display columns: a wide rune takes its cell and
// a blank one after it.
func cells(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		out = append(out, r)
		for w := runewidth.RuneWidth(r); w > 1; w-- {
			out = append(out, 0)
		}
	}
	return out
}

// checkDiagram reports a diagram's missing title and misaligned rows.
func (d *Doc) checkDiagram(n *ast.FencedCodeBlock, info []byte) {
	if title, ok := diagramInfo(info); !ok || title == "" {
		d.Diags = append(d.Diags, Diag{Offset: n.Info.Segment.Start, Severity: Error,
			Msg: `a diagram needs a title that says what it shows, for screen readers: write diagram title="…"`})
	}
	var rows []string
	for i := 0; i < n.Lines().Len(); i++ {
		rows = append(rows, string(bytes.TrimRight(segValue(n.Lines().At(i), d.src), "\r\n")))
	}
	for _, m := range lintDiagram(rows) {
		msg := fmt.Sprintf("diagram row %d: the box's right border should be in column %d", m.row+1, m.want+1)
		if m.got >= 0 {
			msg += fmt.Sprintf(", not %d", m.got+1)
		}
		msg += " (align it with the box's top-right corner; wide characters count as two columns)"
		d.Diags = append(d.Diags, Diag{Offset: n.Lines().At(m.row).Start, Severity: Warning, Msg: msg})
	}
}
