package vqueue

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/api"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

var errLocked = protocol.NewError(protocol.CodeRateLimited,
	"Too many wrong access codes. Try again in 15 minutes.",
	"محاولات خاطئة كثيرة لرمز الدخول. حاول مجدداً بعد 15 دقيقة.")

// Form is what the page needs to offer a ticket at a branch.
type Form struct {
	Branch   protocol.Branch    `json:"branch"`
	Services []protocol.Service `json:"services"`
	Enabled  bool               `json:"enabled"` // false: the branch takes no remote tickets
}

func (h *Handler) form(w http.ResponseWriter, r *http.Request) {
	b, ok := h.cat.Branch(r.PathValue("branch"))
	if !ok {
		api.WriteError(w, &protocol.Error{Code: protocol.CodeNotFound, Field: "branch",
			Message: "Unknown branch", MessageAr: "الفرع غير موجود"})
		return
	}
	api.WriteJSON(w, http.StatusOK, Form{Branch: b, Services: h.cat.Wire().Services,
		Enabled: h.cat.RemoteTicketsPerPhone(b.ID) > 0})
}

func (h *Handler) take(w http.ResponseWriter, r *http.Request) {
	in, err := decodeTake(r.Header.Get("Content-Type"), http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		h.writeError(w, err)
		return
	}
	out, err := h.actions.TakeRemoteTicket(r.Context(), actions.RemoteRequest{Branch: r.PathValue("branch"),
		Service: in.Service, Phone: in.Phone, Lang: in.Lang, RequestID: in.RequestID})
	if err != nil {
		h.writeError(w, err)
		return
	}
	api.WriteJSON(w, http.StatusCreated, out)
}

func (h *Handler) status(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	out, err := guarded(r, h, func(ctx context.Context, id string) (actions.RemoteTicket, error) {
		return h.actions.RemoteStatus(ctx, id, code)
	})
	if err != nil {
		h.writeError(w, err)
		return
	}
	api.WriteJSON(w, http.StatusOK, out)
}

func (h *Handler) qr(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	svg, err := guarded(r, h, func(ctx context.Context, id string) (string, error) {
		t, err := h.actions.RemoteStatus(ctx, id, code)
		if err != nil {
			return "", err
		}
		return qrSVG(h.actions.CheckInURL(t.Ticket.Branch, t.Ticket.ID, code))
	})
	if err != nil {
		h.writeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(svg))
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) {
	in, err := decodeCode(r.Header.Get("Content-Type"), http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		h.writeError(w, err)
		return
	}
	out, err := guarded(r, h, func(ctx context.Context, id string) (protocol.Ticket, error) {
		return h.actions.CancelRemote(ctx, id, in.Code)
	})
	if err != nil {
		h.writeError(w, err)
		return
	}
	api.WriteJSON(w, http.StatusOK, out)
}

// guarded runs do on the ticket in the path unless wrong access codes have
// locked the ticket or the client, and counts a wrong code (as /track does).
func guarded[T any](r *http.Request, h *Handler, do func(context.Context, string) (T, error)) (T, error) {
	var zero T
	ctx := r.Context()
	id := r.PathValue("id")
	addr := clientAddr(r)
	locked, err := h.store.AccessLocked(ctx, id, addr, wrongCodeLimit)
	if err != nil {
		return zero, err
	}
	if locked {
		return zero, errLocked
	}
	out, err := do(ctx, id)
	if errors.Is(err, &protocol.Error{Code: protocol.CodeNotFound}) {
		if ferr := h.store.AccessFailed(ctx, id, addr, wrongCodeLimit, lockFor); ferr != nil {
			return zero, ferr
		}
	}
	return out, err
}

// clientAddr is the address wrong codes are counted against: the peer's
// IPv4 address or its IPv6 /64; forwarding headers are not trusted.
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

func (h *Handler) writeError(w http.ResponseWriter, err error) {
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		h.log.Error("remote ticket request", "error", err)
	}
	api.WriteError(w, err)
}
