package booking

import (
	"context"
	"net/http"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/guess"
	"github.com/shamil-municipal/shamil/hub/internal/httpx"
	"github.com/shamil-municipal/shamil/hub/internal/publicpage"
	"github.com/shamil-municipal/shamil/hub/internal/ratelimit"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// Form is what the page needs to offer appointments at a branch.
type Form struct {
	Branch   protocol.Branch    `json:"branch"`
	Services []protocol.Service `json:"services"` // the bookable ones
	Enabled  bool               `json:"enabled"`  // false: the branch takes no appointments
}

func (h *Handler) form(w http.ResponseWriter, r *http.Request) {
	b, ok := h.cat.Branch(r.PathValue("branch"))
	if !ok {
		httpx.WriteError(w, words.UnknownBranch.Fill(r.PathValue("branch")).ErrorOn(protocol.CodeNotFound, "branch"))
		return
	}
	_, enabled := h.cat.Appointments(b.ID)
	httpx.WriteJSON(w, http.StatusOK, Form{Branch: b, Services: h.cat.BookableServices(), Enabled: enabled})
}

func (h *Handler) slots(w http.ResponseWriter, r *http.Request) {
	days, err := h.actions.FreeSlots(r.Context(), r.PathValue("branch"), r.URL.Query().Get("service"))
	if err != nil {
		publicpage.WriteError(w, h.log, "booking request", err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"days": days})
}

// book books an appointment under the same rate limits as a report; a
// refused booking does not count.
func (h *Handler) book(w http.ResponseWriter, r *http.Request) {
	in, err := decodeBook(r.Header.Get("Content-Type"), http.MaxBytesReader(w, r.Body, publicpage.MaxBody))
	if err != nil {
		publicpage.WriteError(w, h.log, "booking request", err)
		return
	}
	counts := []ratelimit.Count{{Rule: ratelimit.BookingsPerAddress, Subject: guess.ClientAddr(r), N: 1},
		{Rule: ratelimit.BookingsPerPhone, Subject: ratelimit.Phone(in.Phone), N: 1}}
	if err := h.limits.Take(r.Context(), counts...); err != nil {
		publicpage.WriteError(w, h.log, "booking request", err)
		return
	}
	out, err := h.actions.BookVisit(r.Context(), actions.BookRequest{Branch: r.PathValue("branch"),
		Service: in.Service, Slot: in.Slot, Phone: in.Phone, Lang: in.Lang, RequestID: in.RequestID})
	if err != nil {
		if gerr := h.limits.GiveBack(r.Context(), counts...); gerr != nil {
			h.log.Error("booking", "error", gerr)
		}
		publicpage.WriteError(w, h.log, "booking request", err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, out)
}

func (h *Handler) status(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	out, err := guess.GuardedPath(r, h.store, func(ctx context.Context, id string) (protocol.Booking, error) {
		return h.actions.BookingStatus(ctx, id, code)
	})
	if err != nil {
		publicpage.WriteError(w, h.log, "booking request", err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

func (h *Handler) qr(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	svg, err := guess.GuardedPath(r, h.store, func(ctx context.Context, id string) (string, error) {
		b, err := h.actions.BookingStatus(ctx, id, code)
		if err != nil {
			return "", err
		}
		return publicpage.QRSVG(h.actions.BookingCheckInURL(b.Branch, b.ID, code))
	})
	if err != nil {
		publicpage.WriteError(w, h.log, "booking request", err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(svg))
}

func (h *Handler) change(w http.ResponseWriter, r *http.Request) {
	in, err := decodeChange(r.Header.Get("Content-Type"), http.MaxBytesReader(w, r.Body, publicpage.MaxBody))
	if err != nil {
		publicpage.WriteError(w, h.log, "booking request", err)
		return
	}
	out, err := guess.GuardedPath(r, h.store, func(ctx context.Context, id string) (protocol.BookedVisit, error) {
		return h.actions.ChangeBooking(ctx, id, in.Code, in.Service, in.Slot)
	})
	if err != nil {
		publicpage.WriteError(w, h.log, "booking request", err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) {
	in, err := decodeChange(r.Header.Get("Content-Type"), http.MaxBytesReader(w, r.Body, publicpage.MaxBody))
	if err != nil {
		publicpage.WriteError(w, h.log, "booking request", err)
		return
	}
	out, err := guess.GuardedPath(r, h.store, func(ctx context.Context, id string) (protocol.Booking, error) {
		return h.actions.CancelBooking(ctx, id, in.Code)
	})
	if err != nil {
		publicpage.WriteError(w, h.log, "booking request", err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}
