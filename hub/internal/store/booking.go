package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

var (
	scriptBookingBook   = register("booking_book", bookArgs{})
	scriptBookingCancel = register("booking_cancel", bookingCancelArgs{})
)

func keyBooking(b, id string) string { return branchTag(b) + "bk:" + id }
func keyBookingSeq(b string) string  { return branchTag(b) + "bk:seq" }
func keySlotBookings(b, service string, start time.Time) string {
	return branchTag(b) + "bk:slot:" + service + ":" + strconv.FormatInt(ms(start), 10)
}
func keyDayBookings(b, day string) string     { return branchTag(b) + "bk:day:" + day }
func keyPhoneBookings(b, phone string) string { return branchTag(b) + "bk:phone:" + phone }

// Book is a place asked for in a slot. The caller has checked the slot
// against the catalogue: bookable service, open day, inside the window.
type Book struct {
	Branch, Service, Category string
	Slot                      time.Time
	Minutes                   int
	Label                     string // the slot in the branch's local time, for the case's timeline
	Places                    int    // places of the service's slot
	MaxOverlapping            int    // bookings of any service that may overlap the slot
	Phone                     string // E.164; a follow-up passes its case's (may be empty)
	PerPhone                  int
	Change                    string // a booking to move to this slot, or empty
	JoinCase                  string // a case a follow-up joins, or empty
	Notes                     string
	Channel, Lang             string
	CasePrefix, Year          string // for a new case's number
	AccessCode                string // for a new case
	Now                       time.Time
	Actor                     string
	Op                        Op
}

// bookArgs are booking_book.lua's arguments.
type bookArgs struct {
	Branch   string `json:"branch"`
	Service  string `json:"service"`
	Category string `json:"category"`
	StartMS  int64  `json:"start_ms"`
	EndMS    int64  `json:"end_ms"`
	Slot     string `json:"slot"`
	Label    string `json:"label"`
	Places   int    `json:"places"`
	Overlap  int    `json:"overlap"`
	Phone    string `json:"phone"`
	PerPhone int    `json:"per_phone"`
	Change   string `json:"change"`
	Join     string `json:"join"`
	Notes    string `json:"notes"`
	Minutes  int    `json:"minutes"`
	Channel  string `json:"channel"`
	Lang     string `json:"lang"`
	Access   string `json:"access"`
	Prefix   string `json:"prefix"`
	Day      string `json:"day"`
	Now      string `json:"now"`
	NowMS    int64  `json:"now_ms"`
	Actor    string `json:"actor"`
	idem
	MaxEvents   int   `json:"max_events"`
	CaseFloor   int   `json:"case_floor"`
	OffsetFloor int64 `json:"offset_floor"`
}

// Booked is a booking and the access code of its case.
type Booked struct {
	Booking    protocol.Booking `json:"booking"`
	AccessCode string           `json:"access_code"`
}

// BookSlot takes a place in a slot, or moves a booking there, atomically:
// a full slot, or a mobile number at its limit, stores nothing.
func (s *Store) BookSlot(ctx context.Context, in Book) (Booked, error) {
	notes, err := caseText("notes", in.Notes, false)
	if err != nil {
		return Booked{}, err
	}
	day := in.Slot.Format(time.DateOnly) // the caller passes the slot in the branch's zone
	end := in.Slot.Add(time.Duration(in.Minutes) * time.Minute)
	fl := s.marks.floorsOf(in.Branch, "", "", in.Year)
	b := in.Branch
	keys := eventKeys(b).with(newCaseKeys(b, in.Year, in.Phone)).with(scriptKeys{"idem": in.Op.key(b),
		"slot": keySlotBookings(b, in.Service, in.Slot), "day": keyDayBookings(b, day),
		"phone_bookings": keyPhoneBookings(b, in.Phone), "change": keyBooking(b, in.Change),
		"join": keyCase(b, in.JoinCase), "seq": keyBookingSeq(b)})
	v, err := s.call(ctx, scriptBookingBook, keys, bookArgs{
		Branch: b, Service: in.Service, Category: in.Category, StartMS: ms(in.Slot), EndMS: ms(end),
		Slot: isoTime(in.Slot), Label: in.Label, Places: in.Places, Overlap: in.MaxOverlapping,
		Phone: in.Phone, PerPhone: in.PerPhone, Change: in.Change, Join: in.JoinCase, Notes: notes,
		Minutes: in.Minutes, Channel: in.Channel, Lang: in.Lang, Access: in.AccessCode,
		Prefix: in.CasePrefix + "-" + in.Year + "-", Day: day, Now: isoTime(in.Now), NowMS: ms(in.Now),
		Actor: in.Actor, idem: idemOf(in.Op, "book", in.Service, isoTime(in.Slot), in.Phone, in.Change, in.JoinCase, notes),
		MaxEvents: EventsKept, CaseFloor: fl.cases, OffsetFloor: fl.offset,
	})
	if err != nil {
		return Booked{}, fmt.Errorf("book %s at %s: %w", in.Service, in.Slot.Format(time.RFC3339), err)
	}
	var out Booked
	if err := json.Unmarshal([]byte(v.(string)), &out); err != nil {
		return Booked{}, fmt.Errorf("book: decode reply: %w", err)
	}
	s.marks.sawCase(in.Branch, out.Booking.Case)
	return out, nil
}

// CancelBooking frees a booking's place; label is its slot as people read
// it, for the case's timeline.
func (s *Store) CancelBooking(ctx context.Context, branch, id, label, actor string, now time.Time) (protocol.Booking, error) {
	v, err := s.call(ctx, scriptBookingCancel, eventKeys(branch).with(scriptKeys{"booking": keyBooking(branch, id)}),
		bookingCancelArgs{Branch: branch, Label: label, Now: isoTime(now), Actor: actor, MaxEvents: EventsKept})
	if err != nil {
		return protocol.Booking{}, fmt.Errorf("cancel booking %s: %w", id, err)
	}
	var out protocol.Booking
	if err := json.Unmarshal([]byte(v.(string)), &out); err != nil {
		return protocol.Booking{}, fmt.Errorf("cancel booking %s: decode reply: %w", id, err)
	}
	return out, nil
}

// bookingCancelArgs are booking_cancel.lua's arguments.
type bookingCancelArgs struct {
	Branch    string `json:"branch"`
	Label     string `json:"label"`
	Now       string `json:"now"`
	Actor     string `json:"actor"`
	MaxEvents int    `json:"max_events"`
}

// Booking reads a booking and the access code of its case.
func (s *Store) Booking(ctx context.Context, branch, id string) (Booked, error) {
	h, err := s.rdb.HGetAll(ctx, keyBooking(branch, id)).Result()
	if err != nil {
		return Booked{}, fmt.Errorf("read booking %s: %w", id, err)
	}
	if len(h) == 0 {
		return Booked{}, refusal(protocol.CodeNotFound, "unknown_booking")
	}
	access, err := s.rdb.HGet(ctx, keyCase(branch, h["case"]), "access").Result()
	if err != nil && !isNil(err) {
		return Booked{}, fmt.Errorf("read booking %s: case: %w", id, err)
	}
	minutes, _ := strconv.Atoi(h["minutes"])
	slot, _ := time.Parse(time.RFC3339Nano, h["slot"])
	created, _ := time.Parse(time.RFC3339Nano, h["created_at"])
	return Booked{AccessCode: access, Booking: protocol.Booking{ID: h["id"], Branch: h["branch"], Service: h["service"],
		Slot: slot, Minutes: minutes, State: protocol.BookingState(h["state"]), Case: h["case"], Notes: h["notes"],
		Created: created}}, nil
}

// SlotsTaken counts the places taken in each of the given slots of a
// service, and the bookings of any service overlapping each: what the
// booking page needs to show which slots are free.
func (s *Store) SlotsTaken(ctx context.Context, branch, service string, minutes int, slots []time.Time) (taken, overlapping []int, err error) {
	if len(slots) == 0 {
		return nil, nil, nil
	}
	day := slots[0].Format(time.DateOnly)
	pipe := s.rdb.Pipeline()
	counts := make([]interface{ Val() int64 }, len(slots))
	for i, t := range slots {
		counts[i] = pipe.SCard(ctx, keySlotBookings(branch, service, t))
	}
	ids := pipe.ZRangeWithScores(ctx, keyDayBookings(branch, day), 0, -1)
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, nil, fmt.Errorf("count bookings of %s on %s: %w", service, day, err)
	}
	pipe = s.rdb.Pipeline()
	ends := make([]interface{ Val() string }, len(ids.Val()))
	for i, z := range ids.Val() {
		ends[i] = pipe.HGet(ctx, keyBooking(branch, z.Member.(string)), "end_ms")
	}
	if len(ends) > 0 {
		if _, err := pipe.Exec(ctx); err != nil {
			return nil, nil, fmt.Errorf("count bookings on %s: %w", day, err)
		}
	}
	taken = make([]int, len(slots))
	overlapping = make([]int, len(slots))
	length := int64(minutes) * 60000
	for i, t := range slots {
		taken[i] = int(counts[i].Val())
		start := ms(t)
		for j, z := range ids.Val() {
			end, _ := strconv.ParseInt(ends[j].Val(), 10, 64)
			if int64(z.Score) < start+length && end > start {
				overlapping[i]++
			}
		}
	}
	return taken, overlapping, nil
}

var scriptBookingCheckIn = register("booking_checkin", bookingCheckInArgs{})

// bookingCheckInArgs are booking_checkin.lua's arguments.
type bookingCheckInArgs struct {
	Branch      string `json:"branch"`
	Today       string `json:"today"`
	Now         string `json:"now"`
	NowMS       int64  `json:"now_ms"`
	CreditMS    int64  `json:"credit_ms"`
	GraceMS     int64  `json:"grace_ms"`
	Actor       string `json:"actor"`
	MaxEvents   int    `json:"max_events"`
	ID          string `json:"id"`
	FloorR      int    `json:"floor_r"`
	FloorA      int    `json:"floor_a"`
	OffsetFloor int64  `json:"offset_floor"`
}

// ArrivedBooking is the ticket an appointment's visitor got at check-in;
// Late when it came after the grace and is an ordinary walk-in ticket.
type ArrivedBooking struct {
	Placed
	Late bool `json:"late"`
}

// CheckInBooking gives an appointment's visitor, arriving at the kiosk, a
// ticket of today (booking_checkin.lua). Checking in again returns the
// same ticket.
func (s *Store) CheckInBooking(ctx context.Context, branch, id, today string, credit, grace time.Duration, actor string, now time.Time) (ArrivedBooking, error) {
	r := s.marks.floorsOf(branch, today, LaneLetters[protocol.LaneAppointment], "")
	a := s.marks.floorsOf(branch, today, LaneLetters[protocol.LaneNormal], "")
	ticket := ticketID(branch, today)
	keys := eventKeys(branch).with(scriptKeys{"booking": keyBooking(branch, id), "ticket": keyTicket(branch, ticket),
		"seq": keyDaySeq(branch, today), "tickets": keyDayTickets(branch, today)})
	v, err := s.call(ctx, scriptBookingCheckIn, keys, bookingCheckInArgs{
		Branch: branch, Today: today, Now: isoTime(now), NowMS: ms(now), CreditMS: credit.Milliseconds(),
		GraceMS: grace.Milliseconds(), Actor: actor, MaxEvents: EventsKept, ID: ticket,
		FloorR: r.ticket, FloorA: a.ticket, OffsetFloor: r.offset})
	if err != nil {
		return ArrivedBooking{}, fmt.Errorf("check in booking %s: %w", id, err)
	}
	var out ArrivedBooking
	if err := json.Unmarshal([]byte(v.(string)), &out); err != nil {
		return ArrivedBooking{}, fmt.Errorf("check in booking %s: decode reply: %w", id, err)
	}
	s.marks.sawIssued(branch, today, out.Ticket.Number, "")
	return out, nil
}
