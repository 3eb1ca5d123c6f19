package load

import "bytes"

// Split separates YAML front matter from the body. The front matter starts
// with a line "---" at the very start of src and ends at the next line that
// is exactly "---" (a trailing CR is tolerated). It returns the front matter
// text with its offset, the body's offset, and ok=false when src has no
// front matter (then the whole of src is body). When the opening fence has no
// closing one, closed is false and the body is empty.
func Split(src []byte) (fm []byte, fmOff, bodyOff int, ok, closed bool) {
	first, rest, found := cutLine(src)
	if !found && len(rest) == 0 && !isFence(first) {
		return nil, 0, 0, false, false
	}
	if !isFence(first) {
		return nil, 0, 0, false, false
	}
	fmOff = len(src) - len(rest)
	off := fmOff
	for len(rest) > 0 {
		line, next, _ := cutLine(rest)
		if isFence(line) {
			return src[fmOff:off], fmOff, off + len(rest) - len(next), true, true
		}
		off += len(rest) - len(next)
		rest = next
	}
	return src[fmOff:], fmOff, len(src), true, false
}

// cutLine returns the first line of b without its newline, and what follows.
func cutLine(b []byte) (line, rest []byte, found bool) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:], true
	}
	return b, nil, false
}

func isFence(line []byte) bool {
	line = bytes.TrimSuffix(line, []byte("\r"))
	return string(bytes.TrimRight(line, " \t")) == "---"
}
