package catalogue

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Bounds of the booking settings.
const (
	maxAheadDays     = 90
	maxLeadMinutes   = 7 * 24 * 60
	maxPerPhone      = 5
	maxGraceMinutes  = 120
	minSlotMinutes   = 5
	maxSlotMinutes   = 240
	maxPlacesPerSlot = 50
)

// appointments checks a branch's booking rules and calendar.
func (c *checker) appointments(bn *yaml.Node, owner string, b protocol.Branch) {
	if a := b.Appointments; a != nil {
		an := at(bn, "appointments")
		what := owner + ": appointments"
		if a.SharePercent < 1 || a.SharePercent > 100 {
			c.fail(at(an, "share_percent"), "%s: share_percent %d must be between 1 and 100", what, a.SharePercent)
		}
		if a.AheadDays < 1 || a.AheadDays > maxAheadDays {
			c.fail(at(an, "ahead_days"), "%s: ahead_days %d must be between 1 and %d", what, a.AheadDays, maxAheadDays)
		}
		c.within(an, what, "lead_minutes", a.LeadMinutes, maxLeadMinutes, "")
		if a.PerPhone < 1 || a.PerPhone > maxPerPhone {
			c.fail(at(an, "per_phone"), "%s: per_phone %d must be between 1 and %d", what, a.PerPhone, maxPerPhone)
		}
		c.within(an, what, "grace_minutes", a.GraceMinutes, maxGraceMinutes, " (0 means 15)")
	}
	cn := at(bn, "calendar")
	for i, p := range b.Calendar {
		pn := at(cn, i)
		what := fmt.Sprintf("%s: calendar #%d", owner, i+1)
		c.text(at(pn, "name"), what+": name", p.Name)
		from, fromErr := calendarDate(p.From)
		if fromErr != nil {
			c.fail(at(pn, "from"), "%s: from %v", what, fromErr)
		}
		to, toErr := calendarDate(p.To)
		if toErr != nil {
			c.fail(at(pn, "to"), "%s: to %v", what, toErr)
		}
		if fromErr == nil && toErr == nil && to < from {
			c.fail(at(pn, "to"), "%s: to %s (%s) is before from %s (%s)", what, p.To, to, p.From, from)
		}
		switch {
		case p.Closed && len(p.Hours) > 0:
			c.fail(at(pn, "hours"), "%s: a closed period has no hours", what)
		case !p.Closed && len(p.Hours) == 0:
			c.fail(pn, "%s: give hours, or closed: true", what)
		case !p.Closed:
			c.hours(at(pn, "hours"), what, p.Hours)
		}
	}
}

// booking checks a service's booking settings.
func (c *checker) booking(sn *yaml.Node, owner string, s protocol.Service) {
	if !s.Bookable {
		if s.SlotMinutes != 0 || s.PlacesPerSlot != 0 {
			c.fail(at(sn, "slot_minutes"), "%s: slot_minutes and places_per_slot are only for a service with bookable: true", owner)
		}
		return
	}
	if s.SlotMinutes < minSlotMinutes || s.SlotMinutes > maxSlotMinutes {
		c.fail(at(sn, "slot_minutes"), "%s: slot_minutes %d must be between %d and %d", owner, s.SlotMinutes, minSlotMinutes, maxSlotMinutes)
	}
	if s.PlacesPerSlot < 1 || s.PlacesPerSlot > maxPlacesPerSlot {
		c.fail(at(sn, "places_per_slot"), "%s: places_per_slot %d must be between 1 and %d", owner, s.PlacesPerSlot, maxPlacesPerSlot)
	}
}
