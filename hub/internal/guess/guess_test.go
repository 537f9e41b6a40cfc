package guess

import (
	"net/http"
	"testing"
)

func TestClientAddr(t *testing.T) {
	for remote, want := range map[string]string{
		"203.0.113.9:5123":           "203.0.113.9",
		"[2001:db8:1:2:3:4:5:6]:443": "2001:db8:1:2::/64",
		"[::ffff:198.51.100.7]:80":   "198.51.100.7",
		"not an address":             "not an address",
	} {
		r := &http.Request{RemoteAddr: remote}
		if got := ClientAddr(r); got != want {
			t.Errorf("ClientAddr(%q) = %q, want %q", remote, got, want)
		}
	}
}
