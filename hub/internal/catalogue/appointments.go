package catalogue

import (
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// defaultGrace is how late a booked visitor may check in when the branch
// does not say.
const defaultGrace = 15 * time.Minute

// AppointmentRules are a branch's booking rules with defaults applied.
type AppointmentRules struct {
	AheadDays int
	Lead      time.Duration // book at least this long before the slot
	PerPhone  int
	Grace     time.Duration // check in at most this late
	// MaxOverlapping is how many bookings may overlap any slot across all
	// services: the branch's share of its desks, at least one.
	MaxOverlapping int
}

// Appointments returns a branch's booking rules; false when the branch
// takes no bookings or is unknown.
func (c *Catalogue) Appointments(branchID string) (AppointmentRules, bool) {
	b, ok := c.get().branches[branchID]
	if !ok || b.def.Appointments == nil {
		return AppointmentRules{}, false
	}
	a := b.def.Appointments
	grace := defaultGrace
	if a.GraceMinutes > 0 {
		grace = time.Duration(a.GraceMinutes) * time.Minute
	}
	return AppointmentRules{
		AheadDays:      a.AheadDays,
		Lead:           time.Duration(a.LeadMinutes) * time.Minute,
		PerPhone:       a.PerPhone,
		Grace:          grace,
		MaxOverlapping: max(1, len(b.def.Desks)*a.SharePercent/100),
	}, true
}

// BookableServices returns the services that take appointments.
func (c *Catalogue) BookableServices() []protocol.Service {
	var out []protocol.Service
	for _, s := range c.get().wire.Services {
		if s.Bookable {
			out = append(out, s)
		}
	}
	return out
}

// Slots returns the start of every slot of a bookable service on a local
// date YYYY-MM-DD at a branch: its opening periods, following the
// calendar, cut into the service's slots; a slot that would run past the
// close is not offered. None for a service that is not bookable.
func (c *Catalogue) Slots(branchID, service, date string) []time.Time {
	s, ok := c.get().services[service]
	if !ok || !s.Bookable {
		return nil
	}
	length := time.Duration(s.SlotMinutes) * time.Minute
	var out []time.Time
	for _, p := range c.Hours(branchID, date) {
		for t := p.Open; !t.Add(length).After(p.Close); t = t.Add(length) {
			out = append(out, t)
		}
	}
	return out
}
