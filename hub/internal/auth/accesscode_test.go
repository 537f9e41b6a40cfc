package auth

import (
	"regexp"
	"strings"
	"testing"
)

var accessShape = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$`)

func TestAccessCode(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := NewAccessCode()
		if !accessShape.MatchString(c) {
			t.Fatalf("NewAccessCode() = %q", c)
		}
		if seen[c] {
			t.Fatalf("NewAccessCode repeated %q", c)
		}
		seen[c] = true
	}
	for _, c := range []struct{ in, want string }{
		{"7KQ2M-XD9PA", "7KQ2M-XD9PA"},
		{" 7kq2m xd9pa ", "7KQ2M-XD9PA"},
		{"7KQ2MXD9PA", "7KQ2M-XD9PA"},
		{"OIL2M-XD9PA", "0112M-XD9PA"}, // letters read as digits
		{"7KQ2", "7KQ2"},               // too short: left as typed, never matches
	} {
		if got := NormalizeAccessCode(c.in); got != c.want {
			t.Errorf("NormalizeAccessCode(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzNormalizeAccessCode(f *testing.F) {
	for _, s := range []string{"7KQ2M-XD9PA", "", "-----", "oooooiiiii", "٧KQ2M-XD9PA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeAccessCode(s)
		// Either a well-formed code or, when the length is wrong, no dash.
		if strings.Contains(got, "-") && !accessShape.MatchString(got) {
			t.Fatalf("NormalizeAccessCode(%q) = %q", s, got)
		}
		if again := NormalizeAccessCode(got); again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, again)
		}
	})
}
