package arabic

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// rev writes an Arabic phrase the way it appears left to right on paper.
func rev(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// seen is what a reader sees from left to right, with presentation forms
// folded back to letters so that expectations stay readable.
func seen(runs []Run) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
	}
	return norm.NFKC.String(b.String())
}

func TestVisual(t *testing.T) {
	tests := []struct {
		name string
		line string
		dir  Direction
		want string
	}{
		{"ticket number", "رقم التذكرة: A-042", RTL, "A-042 :" + rev("رقم التذكرة")},
		{"case number", "رقم الحالة QTF-2026-000123", RTL, "QTF-2026-000123 " + rev("رقم الحالة")},
		{"isolated date", "التاريخ: " + IsolateLTR("2026-11-28 10:42"), RTL, "2026-11-28 10:42 :" + rev("التاريخ")},
		// Why IsolateLTR exists: after Arabic letters the numbers are
		// "Arabic numbers", the hyphens and the space between them take the
		// paragraph's direction, and the date reads backwards.
		{"date without isolate", "التاريخ: 2026-11-28 10:42", RTL, "10:42 28-11-2026 :" + rev("التاريخ")},
		{"brackets mirrored", "الخدمة (رخصة بناء)", RTL, "(" + rev("رخصة بناء") + ") " + rev("الخدمة")},
		{"brackets around a code", "رقم (A-042)", RTL, "(A-042) " + rev("رقم")},
		{"arabic-indic digits", "أمامك ٣ أشخاص", RTL, rev("أشخاص") + " ٣ " + rev("أمامك")},
		{"western digits", "أمامك 12 شخصا", RTL, rev("شخصا") + " 12 " + rev("أمامك")},
		{"english line", "Case number QTF-2026-000123", LTR, "Case number QTF-2026-000123"},
		{"arabic word in english", "Service: رخصة بناء (new)", LTR, "Service: " + rev("رخصة بناء") + " (new)"},
		{"english line starting with arabic", "قطيف Qatif", LTR, rev("قطيف") + " Qatif"},
		{"arabic line starting with latin", "QR رمز", RTL, rev("رمز") + " QR"},
		{"url", "https://shamil.example/t/QTF-2026-000123?c=7K3Q", LTR, "https://shamil.example/t/QTF-2026-000123?c=7K3Q"},
		{"line break is a space", "abc\ndef", LTR, "abc def"},
		{"empty", "", RTL, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs, err := Visual(tt.line, tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			if got := seen(runs); got != tt.want {
				t.Errorf("Visual(%q) reads %q, want %q (runs %+v)", tt.line, got, tt.want, runs)
			}
			checkFonts(t, runs)
		})
	}
}

// checkFonts fails unless each run holds only characters of its own font.
func checkFonts(t *testing.T, runs []Run) {
	t.Helper()
	for _, run := range runs {
		for _, r := range run.Text {
			if r != ' ' && fontOf(r) != run.Font {
				t.Errorf("run %+q drawn with %v holds %q", run.Text, run.Font, r)
			}
			if invisible(r) {
				t.Errorf("run %+q holds the invisible control %U", run.Text, r)
			}
		}
	}
}

func TestVisualRuns(t *testing.T) {
	runs, err := Visual("رقم التذكرة: A-042", RTL)
	if err != nil {
		t.Fatal(err)
	}
	want := []Run{
		{Text: "A-042", RTL: false, Font: Latin},
		{Text: " :", RTL: true, Font: Latin},
		{Text: "\ufe93\ufeae\ufedb\ufeac\ufe98\ufedf\ufe8d \ufee2\ufed7\ufead", RTL: true, Font: Arabic},
	}
	if len(runs) != len(want) {
		t.Fatalf("got %d runs %+v, want %+v", len(runs), runs, want)
	}
	for i := range want {
		if runs[i] != want[i] {
			t.Errorf("run %d = %+v, want %+v", i, runs[i], want[i])
		}
	}
}

func TestReverseKeepsMarksOnTheirLetter(t *testing.T) {
	// Logical ﺷ ﺨ ﺼ ً ﺎ: drawn left to right the fathatan must follow ﺼ.
	got := reverse("\ufeb7\ufea8\ufebc\u064b\ufe8e")
	want := "\ufe8e\ufebc\u064b\ufea8\ufeb7"
	if got != want {
		t.Errorf("reverse = %+q, want %+q", got, want)
	}
}
