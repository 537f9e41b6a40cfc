package desk

import (
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Target is how a case stands against its category's target.
type Target struct {
	Kind    string    `json:"kind"`    // first_response or resolution
	Due     time.Time `json:"due"`     // when the target's working hours run out
	Left    int       `json:"left"`    // working seconds left; negative when overdue
	Overdue bool      `json:"overdue"` // past the target
}

// TimeLeft measures an open case against its category: the first response
// until the citizen has one, then the resolution. Targets count working
// hours of the branch (its opening hours in its time zone). ok is false for
// a closed or resolved case, or a category without a target.
func TimeLeft(c protocol.Case, cat protocol.Catalogue, branch protocol.Branch, now time.Time) (Target, bool) {
	if c.Status == protocol.CaseResolved || c.Status == protocol.CaseClosed {
		return Target{}, false
	}
	cg, ok := category(cat, c.Category)
	if !ok {
		return Target{}, false
	}
	t := Target{Kind: "resolution"}
	hours := cg.ResolutionHours
	if c.FirstReplyAt == nil && cg.FirstResponseHours > 0 {
		t.Kind, hours = "first_response", cg.FirstResponseHours
	}
	if hours == 0 {
		return Target{}, false
	}
	hrs := newWorkingHours(branch)
	target := time.Duration(hours) * time.Hour
	t.Due = hrs.add(c.CreatedAt, target)
	if now.Before(t.Due) {
		t.Left = int(hrs.between(now, t.Due).Seconds())
	} else {
		t.Overdue = true
		t.Left = -int(hrs.between(t.Due, now).Seconds())
	}
	return t, true
}

// workingHours is a branch's weekly opening hours in its time zone.
type workingHours struct {
	zone *time.Location
	days [7][]span // by time.Weekday
}

type span struct{ open, close time.Duration } // since local midnight

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
	"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

func newWorkingHours(b protocol.Branch) workingHours {
	zone, err := time.LoadLocation(b.TimeZone)
	if err != nil {
		zone = time.UTC
	}
	w := workingHours{zone: zone}
	for _, h := range b.Hours {
		o, err1 := time.Parse("15:04", h.Open)
		c, err2 := time.Parse("15:04", h.Close)
		if err1 != nil || err2 != nil {
			continue
		}
		s := span{time.Duration(o.Hour())*time.Hour + time.Duration(o.Minute())*time.Minute,
			time.Duration(c.Hour())*time.Hour + time.Duration(c.Minute())*time.Minute}
		for _, d := range h.Days {
			if wd, ok := weekdays[d]; ok {
				w.days[wd] = append(w.days[wd], s)
			}
		}
	}
	return w
}

// maxDays bounds the walks below: a branch that is never open has no
// working time, and a target never runs out.
const maxDays = 3660

// add returns the instant after d working time from start.
func (w workingHours) add(start time.Time, d time.Duration) time.Time {
	day := midnight(start.In(w.zone))
	for range maxDays {
		for _, s := range w.days[day.Weekday()] {
			from, to := day.Add(s.open), day.Add(s.close)
			if from.Before(start) {
				from = start
			}
			if !to.After(from) {
				continue
			}
			if to.Sub(from) >= d {
				return from.Add(d)
			}
			d -= to.Sub(from)
		}
		day = day.AddDate(0, 0, 1)
	}
	return start.Add(maxDays * 24 * time.Hour)
}

// between returns the working time from a to b (a before b).
func (w workingHours) between(a, b time.Time) time.Duration {
	var total time.Duration
	for day := midnight(a.In(w.zone)); day.Before(b); day = day.AddDate(0, 0, 1) {
		for _, s := range w.days[day.Weekday()] {
			from, to := day.Add(s.open), day.Add(s.close)
			if from.Before(a) {
				from = a
			}
			if to.After(b) {
				to = b
			}
			if to.After(from) {
				total += to.Sub(from)
			}
		}
	}
	return total
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}
