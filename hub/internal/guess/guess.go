// Package guess slows down the guessing of access codes. After Limit wrong
// codes from one client address within LockFor, that address is refused for
// LockFor. After Limit wrong codes on one case or ticket, from any
// addresses, every further check of it waits SlowBy first: the guessers are
// slowed, but the citizen with the right code, from an address of their
// own, still gets in (a lock per case would let anyone lock a citizen out of
// their case, whose number is public). The counters are in Redis, so every
// hub replica shares them.
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
	"github.com/shamil-municipal/shamil/hub/words"
)

const (
	Limit   = 10
	LockFor = 15 * time.Minute
	SlowBy  = time.Second
)

var errLocked = words.CodeLocked.Error(protocol.CodeRateLimited)

// Guarded runs do, which checks an access code for key (a case number or a
// ticket id), unless the client's address is locked; after many wrong codes
// on key it waits SlowBy first. A not_found answer from do counts as a wrong
// code.
func Guarded[T any](r *http.Request, st *store.Store, key string, do func(context.Context) (T, error)) (T, error) {
	return Check(r.Context(), st, key, ClientAddr(r), do)
}

// GuardedPath is Guarded for the record the request's path names ({id}),
// handed to do: a remote ticket, a booking.
func GuardedPath[T any](r *http.Request, st *store.Store, do func(ctx context.Context, id string) (T, error)) (T, error) {
	id := r.PathValue("id")
	return Guarded(r, st, id, func(ctx context.Context) (T, error) { return do(ctx, id) })
}

// Check is Guarded for a caller that names the address itself (a WhatsApp
// conversation is counted against the sender's number).
func Check[T any](ctx context.Context, st *store.Store, key, addr string, do func(context.Context) (T, error)) (T, error) {
	var zero T
	onKey, fromAddr, err := st.AccessFailures(ctx, key, addr)
	if err != nil {
		return zero, err
	}
	if fromAddr >= Limit {
		return zero, errLocked
	}
	if onKey >= Limit {
		select {
		case <-time.After(SlowBy):
		case <-ctx.Done():
			return zero, ctx.Err()
		}
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
