// Package guess slows down the guessing of access codes: after Limit wrong
// codes on one case or ticket, or from one client address, within LockFor,
// both are refused for LockFor. The counters are in Redis, so every hub
// replica shares them.
package guess

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

const (
	Limit   = 10
	LockFor = 15 * time.Minute
)

var errLocked = protocol.NewError(protocol.CodeRateLimited,
	"Too many wrong access codes. Try again in 15 minutes.",
	"محاولات خاطئة كثيرة لرمز الدخول. حاول مجدداً بعد 15 دقيقة.")

// Guarded runs do, which checks an access code for key (a case number or a
// ticket id), unless key or the client's address is locked. A not_found
// answer from do counts as a wrong code.
func Guarded[T any](r *http.Request, st *store.Store, key string, do func(context.Context) (T, error)) (T, error) {
	var zero T
	ctx := r.Context()
	addr := ClientAddr(r)
	locked, err := st.AccessLocked(ctx, key, addr, Limit)
	if err != nil {
		return zero, err
	}
	if locked {
		return zero, errLocked
	}
	out, err := do(ctx)
	if errors.Is(err, &protocol.Error{Code: protocol.CodeNotFound}) {
		if ferr := st.AccessFailed(ctx, key, addr, Limit, LockFor); ferr != nil {
			return zero, ferr
		}
	}
	return out, err
}

// ClientAddr is the address wrong codes are counted against: the peer's
// IPv4 address, or its IPv6 /64 (one subscriber's whole network). Behind a
// reverse proxy of --trusted-proxies the peer is the client the proxy names
// (server.forwardedFor); X-Forwarded-For from anyone else is ignored.
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}
