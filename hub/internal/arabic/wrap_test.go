package arabic

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestWrap(t *testing.T) {
	width := func(s string) float64 { return float64(utf8.RuneCountInString(s)) }
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"fits", "رقم الحالة", 20, []string{"رقم الحالة"}},
		{"between words", "تابع حالتك عبر رمز QR أو الموقع", 12, []string{"تابع حالتك", "عبر رمز QR", "أو الموقع"}},
		{"exact width", "abc def", 7, []string{"abc def"}},
		{"extra spaces", "  abc   def  ", 3, []string{"abc", "def"}},
		{"long word broken", "https://a.example/t/123", 10, []string{"https://a.", "example/t/", "123"}},
		{"narrower than a character", "ab", 0, []string{"a", "b"}},
		{"empty", "", 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Wrap(tt.text, tt.width, width); !slices.Equal(got, tt.want) {
				t.Errorf("Wrap(%q, %v) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
		})
	}
}
