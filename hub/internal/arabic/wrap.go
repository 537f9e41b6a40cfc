package arabic

import "strings"

// Wrap breaks text, in logical order, into lines whose measured width is at
// most width, breaking between words; a word wider than a line is broken
// between characters. measure returns the drawn width of a logical-order
// line. Reorder each line with Visual afterwards: wrapping reordered text
// would put the words of a right-to-left paragraph on the wrong lines.
func Wrap(text string, width float64, measure func(line string) float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		candidate := word
		if line != "" {
			candidate = line + " " + word
		}
		if measure(candidate) <= width {
			line = candidate
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = word
		for len([]rune(line)) > 1 && measure(line) > width {
			head, tail := splitAt(line, width, measure)
			lines = append(lines, head)
			line = tail
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// splitAt splits a word that is too wide into the longest prefix that fits
// (at least one character, so that wrapping always ends) and the rest.
func splitAt(word string, width float64, measure func(string) float64) (head, tail string) {
	runes := []rune(word)
	n := 1
	for n < len(runes) && measure(string(runes[:n+1])) <= width {
		n++
	}
	return string(runes[:n]), string(runes[n:])
}
