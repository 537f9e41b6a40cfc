package catalogue

import (
	"regexp"
	"strconv"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// weekdays are the day names the catalogue uses, indexed by time.Weekday.
var weekdays = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// clockPattern is a local time of day "HH:MM", 00:00 to 23:59.
var clockPattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])$`)

// period is one opening period in minutes after local midnight, open
// inclusive and close exclusive.
type period struct {
	days        [7]bool
	open, close int
}

// newPeriod converts hours that validation has accepted.
func newPeriod(h protocol.Hours) period {
	p := period{open: minutesOfDay(h.Open), close: minutesOfDay(h.Close)}
	for _, d := range h.Days {
		if i, ok := weekdayIndex(d); ok {
			p.days[i] = true
		}
	}
	return p
}

// minutesOfDay returns the minutes after midnight of "HH:MM", or -1 when the
// text is not such a time.
func minutesOfDay(clock string) int {
	m := clockPattern.FindStringSubmatch(clock)
	if m == nil {
		return -1
	}
	hours, _ := strconv.Atoi(m[1])
	minutes, _ := strconv.Atoi(m[2])
	return hours*60 + minutes
}

// weekdayIndex returns the time.Weekday of a catalogue day name.
func weekdayIndex(day string) (time.Weekday, bool) {
	for i, name := range weekdays {
		if name == day {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

// Day returns the branch's local date of t as YYYY-MM-DD: the day that ticket
// numbers and daily queues belong to.
func (c *Catalogue) Day(branchID string, t time.Time) string {
	return t.In(c.Location(branchID)).Format(time.DateOnly)
}

// Open reports whether t falls within the branch's opening hours, in the
// branch's local time, following its calendar (closed days, Ramadan hours). It is false for a branch the catalogue does not have.
func (c *Catalogue) Open(branchID string, t time.Time) bool {
	b, ok := c.get().branches[branchID]
	if !ok {
		return false
	}
	local := t.In(b.location)
	minute := local.Hour()*60 + local.Minute()
	for _, p := range b.periodsOn(local.Format(time.DateOnly)) {
		if p.days[local.Weekday()] && p.open <= minute && minute < p.close {
			return true
		}
	}
	return false
}
