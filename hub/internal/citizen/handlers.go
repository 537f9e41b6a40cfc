package citizen

import (
	"context"
	"net/http"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/httpx"
	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// The bodies of the citizen's requests. Every one carries the access code.
type (
	withCode struct {
		Code string `json:"code"`
	}
	textRequest struct {
		withCode
		Text string `json:"text"`
	}
	ratingRequest struct {
		withCode
		Stars   int    `json:"stars"`
		Comment string `json:"comment"`
	}
)

func (b withCode) accessCode() string { return b.Code }

// publicCase answers GET /api/v1/cases/{case}?code=: the public view of a
// case, for integrations; the same checks and lock as the page's.
func (h *Handler) publicCase(w http.ResponseWriter, r *http.Request) {
	c, err := h.open(r, r.URL.Query().Get("code"))
	if err != nil {
		h.writeError(w, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, c)
}

// track answers GET /api/v1/cases/{case}/track?code=: the tracking view.
func (h *Handler) track(w http.ResponseWriter, r *http.Request) {
	c, err := h.open(r, r.URL.Query().Get("code"))
	if err != nil {
		h.writeError(w, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, h.view(c))
}

// reply records the citizen's answer on an open case; a case awaiting the
// citizen goes back to the municipality.
// It takes JSON {"code","text"} or, with photos, multipart/form-data with
// the fields code, text and up to three "photos" files.
func (h *Handler) reply(w http.ResponseWriter, r *http.Request) {
	if !isMultipart(r) {
		act(h, w, r, func(ctx context.Context, c protocol.Case, in textRequest) error {
			_, err := h.actions.CitizenReply(ctx, online(c), in.Text)
			return err
		})
		return
	}
	f, err := readForm(w, r, "code", "text")
	if err != nil {
		h.writeError(w, err)
		return
	}
	c, err := h.open(r, f.value("code"))
	if err == nil {
		err = h.limits.Take(r.Context(), photoCount(r, f))
	}
	var keys []string
	if err == nil {
		keys, err = media.Keep(r.Context(), h.media, f.photos)
	}
	if err == nil {
		_, err = h.actions.CitizenReply(r.Context(), online(c), f.value("text"), keys...)
	}
	h.answer(w, r, c.Number, f.value("code"), err)
}

// reopen brings a finished case back, within the branch's reopen window
// (the catalogue's reopen_days).
func (h *Handler) reopen(w http.ResponseWriter, r *http.Request) {
	act(h, w, r, func(ctx context.Context, c protocol.Case, in textRequest) error {
		_, err := h.actions.CitizenReopen(ctx, online(c), in.Text)
		return err
	})
}

// rate records the citizen's rating of a finished case.
func (h *Handler) rate(w http.ResponseWriter, r *http.Request) {
	act(h, w, r, func(ctx context.Context, c protocol.Case, in ratingRequest) error {
		_, err := h.actions.RateCase(ctx, online(c), in.Stars, in.Comment)
		return err
	})
}

// online is the citizen acting on c through the tracking page.
func online(c protocol.Case) actions.CitizenAct {
	return actions.CitizenAct{Branch: c.Branch, Case: c.Number, Channel: "online"}
}

// act runs one of the citizen's actions: it reads the body, opens the case
// with the access code the body carries, does the action and answers with
// the tracking view.
func act[T interface{ accessCode() string }](h *Handler, w http.ResponseWriter, r *http.Request,
	do func(ctx context.Context, c protocol.Case, in T) error) {
	var in T
	if err := decodeBody(w, r, &in); err != nil {
		h.writeError(w, err)
		return
	}
	c, err := h.open(r, in.accessCode())
	if err == nil {
		err = do(r.Context(), c, in)
	}
	h.answer(w, r, c.Number, in.accessCode(), err)
}

// answer replies to a citizen's action with the tracking view as it is
// now, read again through the public view: the store's answer is the staff
// view, with notes and the whole phone number.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request, number, code string, err error) {
	var c protocol.Case
	if err == nil {
		c, err = h.actions.PublicCase(r.Context(), number, code)
	}
	if err != nil {
		h.writeError(w, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, h.view(c))
}
