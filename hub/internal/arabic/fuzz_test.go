package arabic

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzVisual(f *testing.F) {
	for _, s := range []string{
		"رقم التذكرة: A-042", "التاريخ: " + IsolateLTR("2026-11-28 10:42"), "لَا (ب) ـ",
		"\u2067abc\u2069 \u202bx\u202c", "ل", "\xff\xfe", "))((", "پیگیری ٣٤",
	} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, rtl bool) {
		shaped := Shape(s)
		in, out := utf8.RuneCountInString(s), utf8.RuneCountInString(shaped)
		// Only lam-alef merges two letters into one.
		if out > in || out < in/2 {
			t.Fatalf("Shape(%q) has %d runes from %d", s, out, in)
		}
		if again := Shape(shaped); again != shaped {
			t.Fatalf("Shape is not idempotent on %q", s)
		}
		dir := LTR
		if rtl {
			dir = RTL
		}
		runs, err := Visual(s, dir)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, r := range runs {
			if r.Text == "" {
				t.Fatalf("Visual(%q) has an empty run", s)
			}
			b.WriteString(r.Text)
		}
		if n := utf8.RuneCountInString(b.String()); n > out {
			t.Fatalf("Visual(%q) has %d runes, the shaped text %d", s, n, out)
		}
		checkFonts(t, runs)
	})
}
