package citizen

import (
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/escalate"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// View is what the tracking page shows: the public case, the names the page
// cannot look up without an account, the service-level targets and what the
// citizen may do now.
type View struct {
	Case               protocol.Case `json:"case"`
	ServiceName        protocol.Text `json:"service_name"`
	CategoryName       protocol.Text `json:"category_name"`
	FirstResponseHours int           `json:"first_response_hours,omitempty"` // working hours; 0: no target
	ResolutionHours    int           `json:"resolution_hours,omitempty"`
	TimeZone           string        `json:"time_zone"`
	CanReply           bool          `json:"can_reply"`
	ReopenUntil        *time.Time    `json:"reopen_until,omitempty"` // while the citizen may reopen online
	CanRate            bool          `json:"can_rate"`
	// Departments names the departments the case and its referrals name,
	// so the page can say "your case is with the Roads Department".
	Departments map[string]protocol.Text `json:"departments,omitempty"`
	// Overdue tells the citizen honestly that the department holding the
	// case has passed a target, by how long, and whether its head was told.
	Overdue *Overdue `json:"overdue,omitempty"`
	// Siblings are the other cases of the same visit with their service's
	// name; never their access codes.
	Siblings []Sibling `json:"siblings,omitempty"`
}

// Sibling is another case of the visit, as the tracking page lists it.
type Sibling struct {
	Number      string              `json:"number"`
	Status      protocol.CaseStatus `json:"status"`
	ServiceName protocol.Text       `json:"service_name"`
}

// Overdue is a case past a target of the department holding it.
type Overdue struct {
	Since     time.Time `json:"since"`
	BySeconds int64     `json:"by_seconds"`
	HeadTold  bool      `json:"head_told"`
}

func (h *Handler) view(c protocol.Case) View {
	v := View{Case: c, TimeZone: h.cat.Location(c.Branch).String()}
	if s, ok := h.cat.Service(c.Service); ok {
		v.ServiceName = s.Name
	}
	if cat, ok := h.cat.Category(c.Category); ok {
		v.CategoryName = cat.Name
	}
	v.FirstResponseHours, v.ResolutionHours = h.cat.CaseTargets(c.Category, c.Department)
	name := func(code string) {
		if d, ok := h.cat.Department(code); ok {
			if v.Departments == nil {
				v.Departments = map[string]protocol.Text{}
			}
			v.Departments[code] = d.Name
		}
	}
	name(c.Department)
	for _, sib := range c.Siblings {
		s, _ := h.cat.Service(sib.Service)
		v.Siblings = append(v.Siblings, Sibling{Number: sib.Number, Status: sib.Status, ServiceName: s.Name})
	}
	for _, e := range c.Timeline {
		name(e.Department)
	}
	now := h.now()
	if st := escalate.Stand(h.cat, c, now); st.OverdueSince != nil {
		v.Overdue = &Overdue{Since: *st.OverdueSince, BySeconds: int64(now.Sub(*st.OverdueSince).Seconds()),
			HeadTold: c.EscalatedFirstResponse != nil || c.EscalatedResolution != nil}
	}
	finished, ok := store.FinishedAt(c)
	v.CanReply = !ok
	if until := finished.Add(h.cat.ReopenWindow(c.Branch)); ok && now.Before(until) {
		v.ReopenUntil = &until
	}
	v.CanRate = ok && !ratedSinceReopen(c)
	return v
}

// ratedSinceReopen mirrors citizen_rate.lua's rule: one rating per
// resolution.
func ratedSinceReopen(c protocol.Case) bool {
	for i := len(c.Timeline) - 1; i >= 0; i-- {
		switch c.Timeline[i].Kind {
		case store.EntryRated:
			return true
		case protocol.EntryReopened:
			return false
		}
	}
	return false
}
