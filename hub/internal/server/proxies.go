package server

import (
	"net/http"
	"net/netip"
	"strings"
)

// forwardedFor makes r.RemoteAddr the client's address when the peer is one
// of the trusted reverse proxies: the rightmost X-Forwarded-For entry that
// is not itself a trusted proxy. What counts per client (wrong access
// codes, reports and photos) and the logs then see the citizen rather than
// the proxy. With no trusted proxies the header is ignored: anyone can
// write it.
func forwardedFor(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if client, ok := clientBehind(trusted, r); ok {
			r = r.WithContext(r.Context()) // a copy: a handler must not change its request
			r.RemoteAddr = netip.AddrPortFrom(client, 0).String()
		}
		next.ServeHTTP(w, r)
	})
}

// clientBehind walks X-Forwarded-For from the right, past the trusted
// proxies. The first entry that does not parse ends the walk: what is left
// of it came from the client, who can write anything there.
func clientBehind(trusted []netip.Prefix, r *http.Request) (netip.Addr, bool) {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !contains(trusted, peer.Addr().Unmap()) {
		return netip.Addr{}, false
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	var client netip.Addr
	for i := len(hops) - 1; i >= 0; i-- {
		hop, ok := parseHop(hops[i])
		if !ok {
			break
		}
		client = hop
		if !contains(trusted, hop) {
			break
		}
	}
	return client, client.IsValid()
}

// parseHop reads one X-Forwarded-For entry: an address, with a port or not.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

func contains(prefixes []netip.Prefix, a netip.Addr) bool {
	for _, p := range prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
