package citizen

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/httpx"
	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// inspection answers POST /api/v1/cases/{case}/inspection: a site visit
// recorded from the inspector's phone on /office (docs/office.md). It is
// staff's, not the citizen's, but its photos go through the same intake as
// the citizen's (checked, re-encoded without EXIF, bounded), so it lives
// beside that intake. The form: findings, lat, lng, public ("1"),
// request_id and up to 3 photos; Authorization: Bearer <session>.
func (h *Handler) inspection(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		h.writeError(w, words.SignInFirst.Error(protocol.CodeUnauthenticated))
		return
	}
	p, err := h.actions.Authenticate(r.Context(), token)
	if err != nil {
		h.writeError(w, err)
		return
	}
	f, err := readForm(w, r, "findings", "lat", "lng", "public", "request_id")
	if err != nil {
		h.writeError(w, err)
		return
	}
	in := actions.Inspection{Case: strings.ToUpper(r.PathValue("case")), Findings: f.value("findings"),
		Public: f.value("public") == "1", RequestID: f.value("request_id")}
	if in.Location, err = position(f.value("lat"), f.value("lng")); err != nil {
		h.writeError(w, err)
		return
	}
	// Everything that can be refused is, before a photo is stored.
	if err := h.actions.CheckInspection(r.Context(), p, in); err != nil {
		h.writeError(w, err)
		return
	}
	keys, err := media.Keep(r.Context(), h.media, f.photos)
	if err != nil {
		h.writeError(w, err)
		return
	}
	c, err := h.actions.Inspect(r.Context(), p, in, keys)
	if err != nil {
		h.writeError(w, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, c)
}

// position reads the phone's position: both coordinates, in degrees, or
// neither.
func position(lat, lng string) (*protocol.Location, error) {
	if lat == "" && lng == "" {
		return nil, nil
	}
	la, err1 := strconv.ParseFloat(lat, 64)
	ln, err2 := strconv.ParseFloat(lng, 64)
	// ParseFloat takes "NaN" and "Inf", which no range check catches.
	if err1 != nil || err2 != nil || math.IsNaN(la) || math.IsNaN(ln) || la < -90 || la > 90 || ln < -180 || ln > 180 {
		return nil, words.BothCoordinates.FieldError("location")
	}
	return &protocol.Location{Lat: &la, Lng: &ln}, nil
}
