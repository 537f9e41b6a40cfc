package open311

import (
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/stats"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// request is a case as GET requests shows it.
type request struct {
	ServiceRequestID  string   `json:"service_request_id" xml:"service_request_id"`
	Status            string   `json:"status" xml:"status"`
	StatusNotes       string   `json:"status_notes,omitempty" xml:"status_notes,omitempty"`
	ServiceName       string   `json:"service_name" xml:"service_name"`
	ServiceCode       string   `json:"service_code" xml:"service_code"`
	Description       string   `json:"description,omitempty" xml:"description,omitempty"`
	AgencyResponsible string   `json:"agency_responsible" xml:"agency_responsible"`
	ServiceNotice     string   `json:"service_notice,omitempty" xml:"service_notice,omitempty"`
	RequestedDatetime string   `json:"requested_datetime" xml:"requested_datetime"`
	UpdatedDatetime   string   `json:"updated_datetime" xml:"updated_datetime"`
	Address           string   `json:"address,omitempty" xml:"address,omitempty"`
	Lat               *float64 `json:"lat,omitempty" xml:"lat,omitempty"`
	Long              *float64 `json:"long,omitempty" xml:"long,omitempty"`
	MediaURL          string   `json:"media_url,omitempty" xml:"media_url,omitempty"`
	ExpectedDatetime  string   `json:"expected_datetime,omitempty" xml:"expected_datetime,omitempty"`
}

// openStatuses are the case statuses Open311 calls open; the others
// (resolved, closed) are closed.
var openStatuses = map[protocol.CaseStatus]bool{
	protocol.CaseReceived: true, protocol.CaseInProgress: true,
	protocol.CaseAwaitingCitizen: true, protocol.CaseReferred: true,
}

func openOrClosed(s protocol.CaseStatus) string {
	if openStatuses[s] {
		return "open"
	}
	return "closed"
}

// published reports whether a case's texts and place may be shown in the
// public list: only what a requester posted through Open311, which its
// sender made public, as it was posted. Walk-in, online and WhatsApp cases
// show only their number, service, status and dates; so does an Open311
// case stored before the hub kept what was posted apart from staff edits.
func published(c store.PublishedCase) bool { return c.Channel == "open311" && c.Submitted != nil }

// viewOf is the public view of a case.
func (h *Handler) viewOf(c store.PublishedCase, l string) request {
	zone := h.cat.Location(c.Branch)
	v := request{
		ServiceRequestID: c.Number, Status: openOrClosed(c.Status), ServiceCode: c.Service, ServiceName: c.Service,
		AgencyResponsible: pick(h.cat.Wire().Municipality, l),
		ServiceNotice:     h.target(c.Category, l),
		RequestedDatetime: c.CreatedAt.In(zone).Format(time.RFC3339),
		UpdatedDatetime:   c.UpdatedAt.In(zone).Format(time.RFC3339),
	}
	if s, ok := h.cat.Service(c.Service); ok {
		v.ServiceName = pick(s.Name, l)
	}
	if due := (stats.Source{Catalogue: h.cat}).ResolutionDue(c.Case); due != nil {
		v.ExpectedDatetime = due.In(zone).Format(time.RFC3339)
	}
	if !published(c) {
		return v
	}
	// What the requester sent, never the case's own fields: staff edit
	// those (and may write an owner's id or mobile number there).
	sent := c.Submitted
	v.Description, v.Address, v.Lat, v.Long, v.MediaURL = sent.Description, sent.Address, sent.Lat, sent.Long, sent.MediaURL
	v.StatusNotes = latestResponse(c.Timeline)
	return v
}

// latestResponse is the text of the municipality's latest public response
// to the citizen: never an internal note.
func latestResponse(tl []protocol.TimelineEntry) string {
	for i := len(tl) - 1; i >= 0; i-- {
		if e := tl[i]; e.Kind == protocol.EntryResponse && e.Public {
			return e.Text
		}
	}
	return ""
}

// target is the service-level target of a category, as a notice.
func (h *Handler) target(category, l string) string {
	c, ok := h.cat.Category(category)
	if !ok || c.FirstResponseHours == 0 {
		return ""
	}
	return words.CategoryTargets.Fill(c.FirstResponseHours, c.ResolutionHours).In(l)
}
