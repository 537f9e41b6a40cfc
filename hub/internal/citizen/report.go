package citizen

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/guess"
	"github.com/shamil-municipal/shamil/hub/internal/httpx"
	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/internal/ratelimit"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// reportFields are the fields of the reporting form (POST /api/v1/reports).
var reportFields = []string{"branch", "service", "description", "district", "street", "lat", "lng", "phone", "lang", "request_id"}

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// ReportForm is what the reporting page offers: the branches and the
// services, grouped by category on the page.
type ReportForm struct {
	Municipality protocol.Text       `json:"municipality"`
	Branches     []reportBranch      `json:"branches"`
	Categories   []protocol.Category `json:"categories"`
	Services     []reportService     `json:"services"`
}

type reportBranch struct {
	ID   string        `json:"id"`
	Name protocol.Text `json:"name"`
}

type reportService struct {
	Code     string        `json:"code"`
	Name     protocol.Text `json:"name"`
	Category string        `json:"category"`
}

// reportForm answers GET /api/v1/reports/form.
func (h *Handler) reportForm(w http.ResponseWriter, r *http.Request) {
	wire := h.cat.Wire()
	out := ReportForm{Municipality: wire.Municipality, Categories: wire.Categories}
	for _, b := range wire.Branches {
		out.Branches = append(out.Branches, reportBranch{ID: b.ID, Name: b.Name})
	}
	for _, s := range wire.Services {
		out.Services = append(out.Services, reportService{Code: s.Code, Name: s.Name, Category: s.Category})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

// report answers POST /api/v1/reports (multipart/form-data): it opens a
// case with channel "online" and attaches the photos to it as a "photos"
// entry. The page's request_id makes a form sent twice open one case with
// its photos once. The photos are checked before the case is opened, so a
// bad photo opens nothing. Over a rate limit nothing is stored.
func (h *Handler) report(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(w, r, reportFields...)
	if err != nil {
		h.writeError(w, err)
		return
	}
	in, err := reportOf(f)
	if err != nil {
		h.writeError(w, err)
		return
	}
	reports := []ratelimit.Count{{Rule: ratelimit.ReportsPerAddress, Subject: guess.ClientAddr(r), N: 1},
		{Rule: ratelimit.ReportsPerPhone, Subject: ratelimit.Phone(in.Phone), N: 1}}
	if err := h.limits.Take(r.Context(), append(reports, photoCount(r, f))...); err != nil {
		h.writeError(w, err)
		return
	}
	out, err := h.openReport(r.Context(), in, f.photos)
	if err != nil {
		// A report that opened no case does not count; its photos do, as
		// they may have been stored.
		if out.Case == "" {
			if gerr := h.limits.GiveBack(r.Context(), reports...); gerr != nil {
				h.log.Error("citizen report", "error", gerr)
			}
		}
		h.writeError(w, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, out)
}

// openReport opens the reported case with its photos. When attaching the
// photos fails, the case is open all the same and out names it.
func (h *Handler) openReport(ctx context.Context, in actions.Report, photos [][]byte) (protocol.ReportedCase, error) {
	var keys []string
	if len(photos) > 0 {
		// Checked (and stored) before the case exists: a bad photo opens
		// no case.
		var err error
		if keys, err = media.Keep(ctx, h.media, photos); err != nil {
			return protocol.ReportedCase{}, err
		}
	}
	out, err := h.actions.ReportCase(ctx, in)
	if err != nil {
		return protocol.ReportedCase{}, err
	}
	if len(keys) > 0 {
		to := actions.CitizenAct{Branch: in.Branch, Case: out.Case, Channel: "online", RequestID: in.RequestID}
		if _, err := h.actions.AttachReportPhotos(ctx, to, keys); err != nil {
			return out, err
		}
	}
	return out, nil
}

// photoCount is the photos of a form, counted against the sender's address.
func photoCount(r *http.Request, f form) ratelimit.Count {
	return ratelimit.Count{Rule: ratelimit.PhotosPerAddress, Subject: guess.ClientAddr(r), N: len(f.photos)}
}

// reportOf reads the report from the form; ReportCase checks the rest.
func reportOf(f form) (actions.Report, error) {
	in := actions.Report{
		Branch: f.value("branch"), Service: f.value("service"), Description: f.value("description"),
		Phone: strings.TrimSpace(f.value("phone")), Lang: f.value("lang"), Channel: "online",
		RequestID: f.value("request_id"),
	}
	if !validRequestID.MatchString(in.RequestID) {
		return in, words.BadRequestID.FieldError("request_id")
	}
	loc := protocol.Location{District: strings.TrimSpace(f.value("district")), Street: strings.TrimSpace(f.value("street"))}
	for _, c := range []struct {
		field string
		to    **float64
	}{{"lat", &loc.Lat}, {"lng", &loc.Lng}} {
		s := strings.TrimSpace(f.value(c.field))
		if s == "" {
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return in, words.PositionNotNumber.FieldError(c.field)
		}
		*c.to = &v
	}
	if loc != (protocol.Location{}) {
		in.Location = &loc
	}
	return in, nil
}
