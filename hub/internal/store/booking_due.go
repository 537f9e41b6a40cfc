package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// When a booked visitor is reminded of their appointment.
const (
	RemindDayBefore  = 24 * time.Hour
	RemindHourBefore = time.Hour
)

var scriptBookingDue = register("booking_due", bookingsDueArgs{})

func keyBookingsDue(b string) string { return branchTag(b) + "bk:due" }

// BookingsDone is what one look of the appointments' clock did.
type BookingsDone struct {
	Reminded int `json:"reminded"` // booking.reminder events
	Missed   int `json:"missed"`   // bookings that became no-shows
}

// bookingsDueArgs is booking_due.lua's ARGV[1].
type bookingsDueArgs struct {
	Branch    string `json:"branch"`
	Now       string `json:"now"`
	NowMS     int64  `json:"now_ms"`
	DayMS     int64  `json:"day_ms"`
	HourMS    int64  `json:"hour_ms"`
	GraceMS   int64  `json:"grace_ms"`
	MaxEvents int    `json:"max_events"`
}

// DueBookings does what the branch's appointments call for at now
// (booking_due.lua): a booking.reminder event RemindDayBefore and
// RemindHourBefore its slot, and the no-show of one not checked in by the
// end of its grace. Each is done once, however many hub replicas ask.
// Only bookings of the day before, the day and the day after now's date in
// the branch's zone loc are looked at.
func (s *Store) DueBookings(ctx context.Context, branch string, loc *time.Location, grace time.Duration, now time.Time) (BookingsDone, error) {
	today := now.In(loc)
	day := func(d int) string { return keyDayBookings(branch, today.AddDate(0, 0, d).Format(time.DateOnly)) }
	keys := eventKeys(branch).with(scriptKeys{"marks": keyBookingsDue(branch), "yesterday": day(-1), "today": day(0), "tomorrow": day(1)})
	v, err := s.call(ctx, scriptBookingDue, keys, bookingsDueArgs{Branch: branch, Now: isoTime(now), NowMS: ms(now),
		DayMS: RemindDayBefore.Milliseconds(), HourMS: RemindHourBefore.Milliseconds(), GraceMS: grace.Milliseconds(),
		MaxEvents: EventsKept})
	if err != nil {
		return BookingsDone{}, fmt.Errorf("bookings due in %s: %w", branch, err)
	}
	var out BookingsDone
	if err := json.Unmarshal([]byte(v.(string)), &out); err != nil {
		return BookingsDone{}, fmt.Errorf("bookings due in %s: decode reply: %w", branch, err)
	}
	return out, nil
}
