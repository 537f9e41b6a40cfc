// Package arabic prepares Arabic (and mixed Arabic/Latin) text for renderers
// that neither shape nor reorder text, such as PDF libraries: Shape turns
// letters into their contextual presentation forms, Visual reorders a line
// with the Unicode bidirectional algorithm and splits it into runs by font,
// and Wrap breaks a paragraph into lines before reordering.
package arabic

import "slices"

// joining is how a letter connects to its neighbours.
type joining uint8

const (
	joinNone  joining = iota // connects to neither side (hamza)
	joinRight                // connects only to the letter before it (alef, dal, reh, waw…)
	joinDual                 // connects on both sides (beh, seen, lam…)
)

// letter holds a letter's joining type and presentation forms.
// Forms are isolated, final, initial, medial; 0 where the form does not exist.
type letter struct {
	join  joining
	forms [4]rune
}

const (
	isolated = iota
	final
	initial
	medial
)

const (
	tatweel = '\u0640'
	lam     = '\u0644'
)

// dual and right build table entries from the first (isolated) presentation
// form: Unicode lists the forms of a letter consecutively in this order.
func dual(first rune) letter {
	return letter{joinDual, [4]rune{first, first + 1, first + 2, first + 3}}
}
func right(first rune) letter { return letter{joinRight, [4]rune{first, first + 1, 0, 0}} }

// letters maps each Arabic letter to its forms (Unicode blocks
// U+FE70–FEFF and, for Persian/Urdu letters, U+FB50–FDFF).
var letters = map[rune]letter{
	'\u0621': {joinNone, [4]rune{'\uFE80', 0, 0, 0}}, // hamza
	'\u0622': right('\uFE81'),                        // alef with madda above
	'\u0623': right('\uFE83'),                        // alef with hamza above
	'\u0624': right('\uFE85'),                        // waw with hamza above
	'\u0625': right('\uFE87'),                        // alef with hamza below
	'\u0626': dual('\uFE89'),                         // yeh with hamza above
	'\u0627': right('\uFE8D'),                        // alef
	'\u0628': dual('\uFE8F'),                         // beh
	'\u0629': right('\uFE93'),                        // teh marbuta
	'\u062A': dual('\uFE95'),                         // teh
	'\u062B': dual('\uFE99'),                         // theh
	'\u062C': dual('\uFE9D'),                         // jeem
	'\u062D': dual('\uFEA1'),                         // hah
	'\u062E': dual('\uFEA5'),                         // khah
	'\u062F': right('\uFEA9'),                        // dal
	'\u0630': right('\uFEAB'),                        // thal
	'\u0631': right('\uFEAD'),                        // reh
	'\u0632': right('\uFEAF'),                        // zain
	'\u0633': dual('\uFEB1'),                         // seen
	'\u0634': dual('\uFEB5'),                         // sheen
	'\u0635': dual('\uFEB9'),                         // sad
	'\u0636': dual('\uFEBD'),                         // dad
	'\u0637': dual('\uFEC1'),                         // tah
	'\u0638': dual('\uFEC5'),                         // zah
	'\u0639': dual('\uFEC9'),                         // ain
	'\u063A': dual('\uFECD'),                         // ghain
	'\u0641': dual('\uFED1'),                         // feh
	'\u0642': dual('\uFED5'),                         // qaf
	'\u0643': dual('\uFED9'),                         // kaf
	'\u0644': dual('\uFEDD'),                         // lam
	'\u0645': dual('\uFEE1'),                         // meem
	'\u0646': dual('\uFEE5'),                         // noon
	'\u0647': dual('\uFEE9'),                         // heh
	'\u0648': right('\uFEED'),                        // waw
	'\u0649': right('\uFEEF'),                        // alef maksura
	'\u064A': dual('\uFEF1'),                         // yeh
	'\u067E': dual('\uFB56'),                         // peh
	'\u0686': dual('\uFB7A'),                         // tcheh
	'\u0698': right('\uFB8A'),                        // jeh
	'\u06A4': dual('\uFB6A'),                         // veh
	'\u06A9': dual('\uFB8E'),                         // keheh
	'\u06AF': dual('\uFB92'),                         // gaf
	'\u06CC': dual('\uFBFC'),                         // farsi yeh
}

// lamAlef maps the alef that follows a lam to the ligature's isolated form;
// the final form is the next code point.
var lamAlef = map[rune]rune{
	'\u0622': '\uFEF5', // lam with alef with madda above
	'\u0623': '\uFEF7', // lam with alef with hamza above
	'\u0625': '\uFEF9', // lam with alef with hamza below
	'\u0627': '\uFEFB', // lam with alef
}

// transparent reports whether r is a mark that sits on a letter without
// interrupting joining (harakat, shadda, superscript alef, Quranic marks).
func transparent(r rune) bool {
	return r >= '\u0610' && r <= '\u061A' ||
		r >= '\u064B' && r <= '\u065F' ||
		r == '\u0670' ||
		r >= '\u06D6' && r <= '\u06DC' ||
		r >= '\u06DF' && r <= '\u06E4' ||
		r == '\u06E7' || r == '\u06E8' ||
		r >= '\u06EA' && r <= '\u06ED'
}

// joinType is r's joining type; tatweel joins on both sides like a letter.
func joinType(r rune) joining {
	if r == tatweel {
		return joinDual
	}
	return letters[r].join
}

// Shape replaces the Arabic letters of s by the presentation form that
// their position in the word asks for (isolated, initial, medial, final) and
// lam followed by alef by the lam-alef ligature. Marks are kept and skipped
// when deciding joins; everything else is copied unchanged. The result is
// still in logical order.
func Shape(s string) string {
	in := []rune(s)
	out := make([]rune, 0, len(in))
	for i := 0; i < len(in); i++ {
		r := in[i]
		l, isLetter := letters[r]
		if !isLetter {
			out = append(out, r)
			continue
		}
		prev, next := neighbour(in, i, -1), neighbour(in, i, +1)
		joinsPrev := prev >= 0 && joinType(in[prev]) == joinDual
		if r == lam && next >= 0 {
			if lig, ok := lamAlef[in[next]]; ok {
				if joinsPrev {
					lig++ // final form
				}
				out = append(out, lig)
				out = append(out, in[i+1:next]...) // marks on the lam
				i = next                           // marks on the alef follow in the next iterations
				continue
			}
		}
		joinsNext := l.join == joinDual && next >= 0 && joinType(in[next]) != joinNone
		form := isolated
		switch {
		case joinsPrev && joinsNext:
			form = medial
		case joinsPrev:
			form = final
		case joinsNext:
			form = initial
		}
		if l.forms[form] == 0 { // hamza has only the isolated form
			form = isolated
		}
		out = append(out, l.forms[form])
	}
	return string(out)
}

// neighbour returns the index of the nearest rune before (step -1) or after
// (step +1) index i that is not a transparent mark, or -1 at the text's end.
func neighbour(in []rune, i, step int) int {
	for j := i + step; j >= 0 && j < len(in); j += step {
		if !transparent(in[j]) {
			return j
		}
	}
	return -1
}

// PresentationForms returns, sorted, every character Shape writes in place
// of a letter: the presentation forms and the lam-alef ligatures. A font
// that draws shaped text needs these glyphs.
func PresentationForms() []rune {
	var forms []rune
	for _, l := range letters {
		for _, f := range l.forms {
			if f != 0 {
				forms = append(forms, f)
			}
		}
	}
	for _, lig := range lamAlef {
		forms = append(forms, lig, lig+1)
	}
	slices.Sort(forms)
	return forms
}
