package citizen

import (
	"net/http"
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

func TestClientAddr(t *testing.T) {
	for remote, want := range map[string]string{
		"203.0.113.9:5123":           "203.0.113.9",
		"[2001:db8:1:2:3:4:5:6]:443": "2001:db8:1:2::/64",
		"[::ffff:198.51.100.7]:80":   "198.51.100.7",
		"not an address":             "not an address",
	} {
		r := &http.Request{RemoteAddr: remote}
		if got := clientAddr(r); got != want {
			t.Errorf("clientAddr(%q) = %q, want %q", remote, got, want)
		}
	}
}
