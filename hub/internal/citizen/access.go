package citizen

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Guessing access codes is slowed down: after wrongCodeLimit wrong codes on
// one case number, or from one client address, within lockFor, both are
// refused for lockFor. The counters are in Redis, so every hub replica
// shares them.
const (
	wrongCodeLimit = 10
	lockFor        = 15 * time.Minute
)

var errLocked = protocol.NewError(protocol.CodeRateLimited,
	"Too many wrong access codes. Try again in 15 minutes.",
	"محاولات خاطئة كثيرة لرمز الدخول. حاول مجدداً بعد 15 دقيقة.")

// open returns the public view of a case for its number and access code.
// Every wrong code, unknown or malformed number gets the same not_found and
// counts towards the lock.
func (h *Handler) open(ctx context.Context, r *http.Request, code string) (protocol.Case, error) {
	number := strings.ToUpper(strings.TrimSpace(r.PathValue("case")))
	addr := clientAddr(r)
	locked, err := h.store.AccessLocked(ctx, number, addr, wrongCodeLimit)
	if err != nil {
		return protocol.Case{}, err
	}
	if locked {
		return protocol.Case{}, errLocked
	}
	c, err := h.actions.PublicCase(ctx, number, code)
	if errors.Is(err, &protocol.Error{Code: protocol.CodeNotFound}) {
		if ferr := h.store.AccessFailed(ctx, number, addr, wrongCodeLimit, lockFor); ferr != nil {
			return protocol.Case{}, ferr
		}
	}
	return c, err
}

// clientAddr is the address wrong codes are counted against: the peer's
// IPv4 address, or its IPv6 /64 (one subscriber's whole network). Headers
// such as X-Forwarded-For are not trusted: anyone can write them.
func clientAddr(r *http.Request) string {
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
