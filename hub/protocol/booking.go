package protocol

import "time"

// Appointments are a branch's rules for booked visits (docs/appointments.md).
// A branch without them takes no bookings.
type Appointments struct {
	// SharePercent is the most of the branch's desks that appointments may
	// take at any time, so walk-ins keep moving: bookings overlapping a
	// slot are at most SharePercent% of the desks (at least one).
	SharePercent int `json:"share_percent" yaml:"share_percent"`
	// AheadDays is how many days ahead, today included, one may book.
	AheadDays int `json:"ahead_days" yaml:"ahead_days"`
	// LeadMinutes is how late one may book: at least this many minutes
	// before the slot starts.
	LeadMinutes int `json:"lead_minutes" yaml:"lead_minutes"`
	// PerPhone is how many bookings not yet past one mobile number may hold
	// at the branch.
	PerPhone int `json:"per_phone" yaml:"per_phone"`
	// GraceMinutes is how late after its slot a booking may still check
	// in; later it is a no-show. Zero means 15.
	GraceMinutes int `json:"grace_minutes,omitempty" yaml:"grace_minutes"`
}

// CalendarPeriod is a run of days with other hours than the usual ones
// (Ramadan) or with the branch closed (Eid, national day). From and To are
// both included, each a Gregorian date YYYY-MM-DD or an Umm al-Qura date
// "hijri:YYYY-MM-DD".
type CalendarPeriod struct {
	Name   Text    `json:"name" yaml:"name"`
	From   string  `json:"from" yaml:"from"`
	To     string  `json:"to" yaml:"to"`
	Closed bool    `json:"closed,omitempty" yaml:"closed"`
	Hours  []Hours `json:"hours,omitempty" yaml:"hours"` // replace the branch's hours on these days
}

// Booking is an appointment: a place in one slot of a service at a branch.
type Booking struct {
	ID      string       `json:"id"` // <branch>-B<number>, the number the citizen quotes
	Branch  string       `json:"branch"`
	Service string       `json:"service"`
	Slot    time.Time    `json:"slot"`    // when the slot starts
	Minutes int          `json:"minutes"` // the slot's length
	State   BookingState `json:"state"`   // booked, cancelled
	Case    string       `json:"case"`    // the case the booking opened or joined
	Notes   string       `json:"notes,omitempty"`
	Created time.Time    `json:"created_at"`
}

// BookingState is where a booking stands.
type BookingState string

const (
	BookingBooked    BookingState = "booked"
	BookingCancelled BookingState = "cancelled"
	BookingCheckedIn BookingState = "checked_in" // arrived: its ticket is in the queue
	BookingNoShow    BookingState = "no_show"    // not checked in by the end of its grace
)

// BookFollowUp is a desk booking the next visit of the citizen in front of
// it: the booking joins the case of the ticket being served.
type BookFollowUp struct {
	Ticket  string    `json:"ticket"`
	Service string    `json:"service,omitempty"` // empty: the ticket's own service
	Slot    time.Time `json:"slot"`
	Notes   string    `json:"notes,omitempty"`
}

// BookedVisit is a booking with what proves it is the citizen's.
type BookedVisit struct {
	Booking    Booking `json:"booking"`
	AccessCode string  `json:"access_code"`
	CheckInURL string  `json:"check_in_url"` // the text of the QR code the kiosk scans
	TrackURL   string  `json:"track_url"`
}

// Events of a booking; each carries the Booking after it.
const (
	EventBookingBooked    = "booking.booked"
	EventBookingChanged   = "booking.changed" // moved to another slot
	EventBookingCancelled = "booking.cancelled"
	EventBookingMissed    = "booking.missed"   // a no-show: not checked in by the end of its grace
	EventBookingReminder  = "booking.reminder" // a day, then an hour, before the slot; nothing changed
)

// Request types for bookings.
const (
	ReqBookingFollowUp = "booking.follow_up"
)
