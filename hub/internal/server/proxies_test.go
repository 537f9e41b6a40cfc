package server

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestForwardedFor(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24"), netip.MustParsePrefix("fd00::/8")}
	for _, c := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"direct client, header ignored", "203.0.113.9:5000", []string{"198.51.100.1"}, "203.0.113.9:5000"},
		{"behind the proxy", "10.0.0.5:40000", []string{"198.51.100.1"}, "198.51.100.1:0"},
		{"client's own entry is skipped", "10.0.0.5:40000", []string{"1.2.3.4, 198.51.100.1"}, "198.51.100.1:0"},
		{"two trusted proxies", "10.0.0.5:40000", []string{"198.51.100.1, 10.0.0.7"}, "198.51.100.1:0"},
		{"headers joined in order", "10.0.0.5:40000", []string{"1.2.3.4", "198.51.100.1"}, "198.51.100.1:0"},
		{"garbage before the proxy's entry", "10.0.0.5:40000", []string{"<script>, 198.51.100.1"}, "198.51.100.1:0"},
		{"garbage as the proxy's entry", "10.0.0.5:40000", []string{"unknown"}, "10.0.0.5:40000"},
		{"no header", "10.0.0.5:40000", nil, "10.0.0.5:40000"},
		{"entry with a port", "[fd00::1]:443", []string{"[2001:db8::7]:5123"}, "[2001:db8::7]:0"},
		{"mapped IPv4 peer", "[::ffff:10.0.0.5]:40000", []string{"198.51.100.1"}, "198.51.100.1:0"},
		{"only proxies", "10.0.0.5:40000", []string{"10.0.0.8, 10.0.0.7"}, "10.0.0.8:0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got string
			h := forwardedFor(trusted, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = r.RemoteAddr }))
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = c.peer
			for _, v := range c.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if got != c.want {
				t.Fatalf("RemoteAddr %q, want %q", got, c.want)
			}
			if r.RemoteAddr != c.peer {
				t.Fatal("the original request was changed")
			}
		})
	}
}

// Whatever a client writes in X-Forwarded-For, the address handed on is
// the peer's or one that parses.
func FuzzForwardedFor(f *testing.F) {
	f.Add("10.0.0.5:40000", "198.51.100.1, 10.0.0.7")
	f.Add("10.0.0.5:40000", "[2001:db8::7]:5123,,unknown")
	f.Add("203.0.113.9:5000", "1.2.3.4")
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24")}
	f.Fuzz(func(t *testing.T, peer, xff string) {
		var got string
		h := forwardedFor(trusted, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = r.RemoteAddr }))
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = peer
		r.Header.Set("X-Forwarded-For", xff)
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got == peer {
			return
		}
		if _, err := netip.ParseAddrPort(got); err != nil {
			t.Fatalf("peer %q, header %q: handed on %q", peer, xff, got)
		}
	})
}
