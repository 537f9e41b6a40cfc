package catalogue

import (
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// specialDays is a calendar period with its dates converted to Gregorian
// YYYY-MM-DD, which compare as text.
type specialDays struct {
	from, to string
	closed   bool
	periods  []period
}

// newCalendar converts calendar periods that validation has accepted.
func newCalendar(defs []protocol.CalendarPeriod) []specialDays {
	out := make([]specialDays, 0, len(defs))
	for _, d := range defs {
		from, _ := calendarDate(d.From)
		to, _ := calendarDate(d.To)
		s := specialDays{from: from, to: to, closed: d.Closed}
		for _, h := range d.Hours {
			s.periods = append(s.periods, newPeriod(h))
		}
		out = append(out, s)
	}
	return out
}

// periodsOn returns the opening periods of a local date (YYYY-MM-DD): those
// of the first calendar period covering it, none when that one closes the
// branch, or else the branch's usual hours.
func (b *branch) periodsOn(date string) []period {
	for _, s := range b.calendar {
		if s.from <= date && date <= s.to {
			if s.closed {
				return nil
			}
			return s.periods
		}
	}
	return b.periods
}

// OpenPeriod is one opening period of a day, as local times.
type OpenPeriod struct {
	Open, Close time.Time
}

// Hours returns the branch's opening periods on a local date YYYY-MM-DD,
// following its calendar; none on a closed day or for an unknown branch.
func (c *Catalogue) Hours(branchID, date string) []OpenPeriod {
	b, ok := c.get().branches[branchID]
	if !ok {
		return nil
	}
	midnight, err := time.ParseInLocation(time.DateOnly, date, b.location)
	if err != nil {
		return nil
	}
	var out []OpenPeriod
	for _, p := range b.periodsOn(date) {
		if p.days[midnight.Weekday()] {
			out = append(out, OpenPeriod{Open: atMinute(midnight, p.open), Close: atMinute(midnight, p.close)})
		}
	}
	return out
}

// atMinute is the local time minute minutes after midnight; Saudi Arabia
// has no daylight saving, but the wall clock is what the catalogue means.
func atMinute(midnight time.Time, minute int) time.Time {
	return time.Date(midnight.Year(), midnight.Month(), midnight.Day(), minute/60, minute%60, 0, 0, midnight.Location())
}
