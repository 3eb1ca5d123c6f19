package diag

// Suggest returns the candidate closest to word by edit distance, or "" when
// none is close enough to be a plausible typo (a third of its length, at least one edit).
func Suggest(word string, candidates []string) string {
	limit := max(1, len(word)/3)
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := distance(word, c); d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if bestD > limit || best == word {
		// A clipped word ("WARN") is a prefix of what was meant.
		for _, c := range candidates {
			if len(word) >= 3 && len(c) > len(word) && c[:len(word)] == word {
				return c
			}
		}
		return ""
	}
	return best
}

// Hint formats a did-you-mean suffix for a message, or "" without a suggestion.
func Hint(word string, candidates []string) string {
	if s := Suggest(word, candidates); s != "" {
		return ` — did you mean "` + s + `"?`
	}
	return ""
}

// distance is the optimal-string-alignment distance between a and b, in
// bytes: Levenshtein plus adjacent transpositions, the commonest typo.
func distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
