package arabic

import (
	"fmt"
	"strings"

	"golang.org/x/text/unicode/bidi"
)

// Direction is a paragraph's base direction.
type Direction uint8

const (
	LTR Direction = iota // English lines
	RTL                  // Arabic lines
)

// Font says which font a run is drawn with.
type Font uint8

const (
	Latin  Font = iota // Latin letters, digits, punctuation, spaces
	Arabic             // Arabic letters, presentation forms, Arabic-Indic digits
)

func (f Font) String() string {
	if f == Arabic {
		return "arabic"
	}
	return "latin"
}

// Run is a piece of a line in visual order: drawing the runs of a line one
// after the other from left to right, each run's Text from left to right,
// shows the line as a reader expects it.
type Run struct {
	Text string
	RTL  bool // the run's characters were reversed (right-to-left text)
	Font Font
}

// Bidi controls; the isolates keep a date or code in one piece inside
// Arabic text. None of them is drawn.
const (
	lrm = '\u200E' // left-to-right mark
	lri = '\u2066' // left-to-right isolate
	pdi = '\u2069' // pop directional isolate
)

// IsolateLTR wraps s in a left-to-right isolate so that a date such as
// "2026-11-28 10:42" inside an Arabic line keeps its left-to-right order
// (without it the bidi algorithm shows "10:42 2026-11-28").
func IsolateLTR(s string) string {
	return string(lri) + s + string(pdi)
}

// Visual shapes one logical-order line (line breaks count as spaces) and returns its runs in visual order
// for a paragraph of direction dir.
//
// Levels are taken as the paragraph level for runs of the paragraph's
// direction and one above for the others, which is exact for Arabic lines
// with embedded Latin, digits and isolates, and for English lines with
// embedded Arabic words. (An English line with Arabic followed by digits
// would need a third level; the receipts print English and Arabic on
// separate lines.)
func Visual(line string, dir Direction) ([]Run, error) {
	var p bidi.Paragraph
	opt := bidi.DefaultDirection(bidi.LeftToRight)
	if dir == RTL {
		opt = bidi.DefaultDirection(bidi.RightToLeft)
	} else {
		// Without a strong character first, the algorithm would pick the
		// direction of the first letter; a mark forces left to right.
		line = string(lrm) + line
	}
	// The algorithm stops at a paragraph separator; in one line it is a space.
	line = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\u0085' || r == '\u2029' || r >= '\u001C' && r <= '\u001E' {
			return ' '
		}
		return r
	}, line)
	if _, err := p.SetString(Shape(line), opt); err != nil {
		return nil, fmt.Errorf("bidi %q: %w", line, err)
	}
	order, err := p.Order()
	if err != nil {
		return nil, fmt.Errorf("bidi %q: %w", line, err)
	}
	// The runs come in logical order; on a right-to-left line the first
	// one is drawn rightmost.
	n := order.NumRuns()
	var runs []Run
	for k := range n {
		i := k
		if dir == RTL {
			i = n - 1 - k
		}
		r := order.Run(i)
		rtl := r.Direction() == bidi.RightToLeft
		text := r.String()
		if rtl {
			text = reverse(text)
		}
		runs = appendByFont(runs, text, rtl)
	}
	return runs, nil
}

// reverse reverses visual text of a right-to-left run, mirroring brackets
// and keeping each mark after the letter it sits on.
func reverse(s string) string {
	in := []rune(s)
	out := make([]rune, 0, len(in))
	for end := len(in); end > 0; {
		start := end - 1
		for start > 0 && transparent(in[start]) {
			start-- // a cluster is a base followed by its marks
		}
		out = append(out, []rune(bidi.ReverseString(string(in[start])))...)
		out = append(out, in[start+1:end]...)
		end = start
	}
	return string(out)
}

// appendByFont splits visual text into runs of one font each, dropping the
// invisible bidi controls. Spaces stay with the run they are in.
func appendByFont(runs []Run, text string, rtl bool) []Run {
	var b strings.Builder
	font := Latin
	started := false
	flush := func() {
		if b.Len() > 0 {
			runs = append(runs, Run{Text: b.String(), RTL: rtl, Font: font})
			b.Reset()
		}
	}
	for _, r := range text {
		if invisible(r) {
			continue
		}
		if r != ' ' {
			f := fontOf(r)
			if started && f != font {
				flush()
			}
			font, started = f, true
		}
		b.WriteRune(r)
	}
	flush()
	return runs
}

// fontOf says which font draws r.
func fontOf(r rune) Font {
	switch {
	case r >= '\u0600' && r <= '\u06FF', r >= '\u0750' && r <= '\u077F',
		r >= '\u08A0' && r <= '\u08FF', r >= '\uFB50' && r <= '\uFDFF',
		r >= '\uFE70' && r <= '\uFEFF':
		return Arabic
	}
	return Latin
}

// invisible reports whether r is a bidi formatting character or a joiner.
func invisible(r rune) bool {
	return r >= '\u200B' && r <= '\u200F' || r >= '\u202A' && r <= '\u202E' ||
		r >= '\u2066' && r <= '\u2069' || r == '\u061C' || r == '\uFEFF'
}
