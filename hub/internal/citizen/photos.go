package citizen

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

var errNoPhoto = words.NoSuchPhoto.Error(protocol.CodeNotFound)

// photo answers GET /api/v1/cases/{case}/photos/{key}: a photo on the
// case's timeline, for the citizen (?code=, the same checks and lock as the
// tracking view), for staff of the case's branch, or for the people of the
// department holding it (Authorization: Bearer).
func (h *Handler) photo(w http.ResponseWriter, r *http.Request) {
	c, err := h.photoCase(r)
	if err != nil {
		h.writeError(w, err)
		return
	}
	key := r.PathValue("key")
	if !onTimeline(c, key) {
		h.writeError(w, errNoPhoto)
		return
	}
	data, err := h.media.Get(r.Context(), key)
	if errors.Is(err, media.ErrNotFound) {
		err = errNoPhoto
	}
	if err != nil {
		h.writeError(w, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", media.ContentType(key))
	hd.Set("Cache-Control", "private, max-age=86400, immutable") // the key is the content
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	w.Write(data)
}

// photoCase opens the case for the citizen with the code, or for staff.
func (h *Handler) photoCase(r *http.Request) (protocol.Case, error) {
	token, staff := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !staff {
		return h.open(r, r.URL.Query().Get("code"))
	}
	p, err := h.actions.Authenticate(r.Context(), token)
	if err != nil {
		return protocol.Case{}, err
	}
	number := strings.ToUpper(r.PathValue("case"))
	if p.Role == protocol.RoleDepartment {
		c, err := h.actions.DepartmentCase(r.Context(), p, number)
		if err != nil {
			return protocol.Case{}, errNoPhoto
		}
		return c, nil
	}
	prefix, _, _ := strings.Cut(number, "-")
	b, ok := h.cat.BranchByCasePrefix(prefix)
	if !ok || p.IsDevice() || p.Branch != b.ID {
		return protocol.Case{}, errNoPhoto
	}
	return h.store.Case(r.Context(), b.ID, number)
}

func onTimeline(c protocol.Case, key string) bool {
	for _, e := range c.Timeline {
		if slices.Contains(e.Photos, key) {
			return true
		}
	}
	return false
}
