package stats

import (
	"slices"
	"time"
)

// weekdays are the catalogue's day names, indexed by time.Weekday.
var weekdays = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// maxDaysAhead bounds the search for a due time: a target the branch's
// hours cannot meet within a year falls back to calendar hours.
const maxDaysAhead = 400

// WorkingDue is when a target of the given working time, started at
// start, falls due: only the branch's opening hours (catalogue hours, local
// time) count. A branch without hours counts calendar hours.
func (src Source) WorkingDue(branch string, start time.Time, working time.Duration) time.Time {
	target := working
	b, _ := src.Catalogue.Branch(branch)
	if len(b.Hours) == 0 {
		return start.Add(target)
	}
	loc := src.Catalogue.Location(branch)
	local := start.In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	cursor := start // working time before cursor is counted
	for range maxDaysAhead {
		var periods [][2]time.Time
		for _, h := range b.Hours {
			if !slices.Contains(h.Days, weekdays[day.Weekday()]) {
				continue
			}
			open, err1 := time.ParseInLocation("15:04", h.Open, loc)
			closing, err2 := time.ParseInLocation("15:04", h.Close, loc)
			if err1 != nil || err2 != nil {
				continue // validated at load
			}
			at := func(clock time.Time) time.Time {
				return time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, loc)
			}
			periods = append(periods, [2]time.Time{at(open), at(closing)})
		}
		slices.SortFunc(periods, func(a, b [2]time.Time) int { return a[0].Compare(b[0]) })
		for _, p := range periods {
			from := p[0]
			if cursor.After(from) {
				from = cursor
			}
			if !from.Before(p[1]) {
				continue
			}
			if left := p[1].Sub(from); left >= target {
				return from.Add(target)
			} else {
				target -= left
			}
			cursor = p[1]
		}
		day = day.AddDate(0, 0, 1)
	}
	return start.Add(working)
}
