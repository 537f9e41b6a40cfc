package citizen

import (
	"strings"
	"testing"
)

func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"code":"7KQ2M-XD9PA","text":"شكراً"}`, `{"code":"x","stars":5,"comment":"<b>"}`,
		`{"code":`, `[]`, `null`, `{"text":"\ud800"}`, `{"stars":1e309}`, `{} {}`, "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var text textRequest
		if err := decode(strings.NewReader(body), &text); err != nil && err != errBadJSON {
			t.Fatalf("unexpected error %v", err)
		}
		var rating ratingRequest
		if err := decode(strings.NewReader(body), &rating); err != nil && err != errBadJSON {
			t.Fatalf("unexpected error %v", err)
		}
	})
}
