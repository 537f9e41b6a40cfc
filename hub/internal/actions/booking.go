package actions

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// BookRequest is an appointment asked for by a citizen (the /book page or
// the REST API).
type BookRequest struct {
	Branch, Service, Slot, Phone, Lang string // Slot: RFC 3339
	RequestID                          string // a resubmitted form returns the same booking
}

var (
	errNoSuchBooking = words.NoSuchBooking.Error(protocol.CodeNotFound)
	errNoBookings    = words.NoBookings.Error(protocol.CodeForbidden)
)

// bookingID is <branch>-B<number>.
var bookingID = regexp.MustCompile(`^([a-z0-9-]{1,32})-B\d{6,}$`)

// BookVisit books a citizen's appointment; it opens a case whose access
// code changes or cancels it.
func (a *Actions) BookVisit(ctx context.Context, r BookRequest) (protocol.BookedVisit, error) {
	if err := required("phone", r.Phone); err != nil {
		return protocol.BookedVisit{}, err
	}
	phone, err := normalizePhone(r.Phone)
	if err != nil {
		return protocol.BookedVisit{}, err
	}
	lang, err := checkLang(r.Lang)
	if err != nil {
		return protocol.BookedVisit{}, err
	}
	in, err := a.slotBooking(r.Branch, r.Service, r.Slot)
	if err != nil {
		return protocol.BookedVisit{}, err
	}
	in.Phone, in.Lang, in.Channel, in.Actor = phone, lang, "online", "citizen"
	in.AccessCode = auth.NewAccessCode()
	in.Op = store.Op{Principal: "book:" + phone, RequestID: r.RequestID}
	return a.book(ctx, in)
}

// ChangeBooking moves an appointment to another slot (of the same or
// another bookable service), for whoever holds its access code.
func (a *Actions) ChangeBooking(ctx context.Context, id, code, service, slot string) (protocol.BookedVisit, error) {
	b, err := a.ownBooking(ctx, id, code)
	if err != nil {
		return protocol.BookedVisit{}, err
	}
	if service == "" {
		service = b.Service
	}
	in, err := a.slotBooking(b.Branch, service, slot)
	if err != nil {
		return protocol.BookedVisit{}, err
	}
	in.Change, in.Actor = b.ID, "citizen"
	return a.book(ctx, in)
}

// CancelBooking cancels an appointment, for whoever holds its access code.
func (a *Actions) CancelBooking(ctx context.Context, id, code string) (protocol.Booking, error) {
	b, err := a.ownBooking(ctx, id, code)
	if err != nil {
		return protocol.Booking{}, err
	}
	return a.store.CancelBooking(ctx, b.Branch, b.ID, a.slotLabel(b.Branch, b.Slot), "citizen", a.now())
}

// BookingStatus is an appointment, for whoever holds its access code.
func (a *Actions) BookingStatus(ctx context.Context, id, code string) (protocol.Booking, error) {
	return a.ownBooking(ctx, id, code)
}

// BookingCheckInURL is the address in an appointment's QR code: opened on
// a phone it shows the appointment; scanned at the kiosk it checks the
// visitor in.
func (a *Actions) BookingCheckInURL(branch, id, code string) string {
	return a.publicURL + "/book/" + url.PathEscape(branch) + "?" + url.Values{"booking": {id}, "code": {code}}.Encode()
}

// followUp books the next visit of the citizen a desk is serving: the
// appointment joins the ticket's case.
func (a *Actions) followUp(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.BookFollowUp
	if err := decode(req, &in); err != nil {
		return nil, err
	}
	if err := required("ticket", in.Ticket); err != nil {
		return nil, err
	}
	t, err := a.store.Ticket(ctx, p.Branch, in.Ticket)
	if err != nil {
		return nil, err
	}
	if (t.State != protocol.TicketCalled && t.State != protocol.TicketServing) || t.Officer != p.ID {
		return nil, words.FollowUpOwnVisitor.FieldError("ticket")
	}
	if in.Service == "" {
		in.Service = t.Service
	}
	if in.Slot.IsZero() {
		return nil, required("slot", "")
	}
	b, err := a.slotBooking(p.Branch, in.Service, in.Slot.Format(time.RFC3339))
	if err != nil {
		return nil, err
	}
	c, err := a.store.Case(ctx, p.Branch, t.Case)
	if err != nil {
		return nil, err
	}
	rules, _ := a.cat.Appointments(p.Branch)
	b.JoinCase, b.Phone, b.Lang, b.Notes, b.Actor = t.Case, c.Phone, c.Lang, in.Notes, p.ID
	// The officer books for the citizen: the mobile's limit still holds,
	// so a desk cannot stack a number's appointments either.
	b.PerPhone = rules.PerPhone
	b.Op = store.Op{Principal: p.ID, RequestID: req.ID}
	return a.book(ctx, b)
}

// bookable checks that a branch takes appointments for a service.
func (a *Actions) bookable(branchID, serviceCode string) (protocol.Branch, catalogue.AppointmentRules, protocol.Service, error) {
	var none catalogue.AppointmentRules
	branch, ok := a.cat.Branch(branchID)
	if !ok {
		return branch, none, protocol.Service{}, words.UnknownBranch.Fill(branchID).ErrorOn(protocol.CodeNotFound, "branch")
	}
	rules, ok := a.cat.Appointments(branch.ID)
	if !ok {
		return branch, none, protocol.Service{}, errNoBookings
	}
	if err := required("service", serviceCode); err != nil {
		return branch, none, protocol.Service{}, err
	}
	service, ok := a.cat.Service(serviceCode)
	if !ok {
		return branch, none, service, words.UnknownService.Fill(serviceCode).ErrorOn(protocol.CodeNotFound, "service")
	}
	if !service.Bookable {
		return branch, none, service, words.ServiceNotBookable.FieldError("service")
	}
	return branch, rules, service, nil
}

// slotBooking checks a slot against the catalogue and returns the store's
// request for it, without the person. Every refusal names its field.
func (a *Actions) slotBooking(branchID, serviceCode, slotText string) (store.Book, error) {
	branch, rules, service, err := a.bookable(branchID, serviceCode)
	if err != nil {
		return store.Book{}, err
	}
	if err := required("slot", slotText); err != nil {
		return store.Book{}, err
	}
	t, err := time.Parse(time.RFC3339, slotText)
	if err != nil {
		return store.Book{}, words.SlotFormat.FieldError("slot")
	}
	now := a.now()
	loc := a.cat.Location(branch.ID)
	t = t.In(loc)
	day := t.Format(time.DateOnly)
	last := now.In(loc).AddDate(0, 0, rules.AheadDays-1).Format(time.DateOnly)
	switch {
	case !t.After(now):
		return store.Book{}, words.SlotPassed.FieldError("slot")
	case t.Before(now.Add(rules.Lead)):
		return store.Book{}, words.SlotTooSoon.Fill(int(rules.Lead.Minutes())).FieldError("slot")
	case day > last:
		return store.Book{}, words.SlotTooFar.Fill(rules.AheadDays).FieldError("slot")
	}
	slots := a.cat.Slots(branch.ID, service.Code, day)
	if len(slots) == 0 {
		return store.Book{}, words.BranchClosedThatDay.FieldError("slot")
	}
	if !slices.ContainsFunc(slots, t.Equal) {
		return store.Book{}, words.NoSlotThen.FieldError("slot")
	}
	return store.Book{Branch: branch.ID, Service: service.Code, Category: service.Category, Slot: t,
		Minutes: service.SlotMinutes, Label: a.slotLabel(branch.ID, t), Places: service.PlacesPerSlot,
		MaxOverlapping: rules.MaxOverlapping, PerPhone: rules.PerPhone, CasePrefix: branch.CasePrefix,
		Year: now.In(loc).Format("2006"), Now: now}, nil
}

// book stores a checked booking and names the field of a refusal.
func (a *Actions) book(ctx context.Context, in store.Book) (protocol.BookedVisit, error) {
	out, err := a.store.BookSlot(ctx, in)
	var pe *protocol.Error
	if errors.As(err, &pe) {
		switch pe.Reason {
		case "slot_full":
			pe.Field = "slot"
		case "booking_limit":
			pe.Field = "phone"
		}
	}
	if err != nil {
		return protocol.BookedVisit{}, err
	}
	return protocol.BookedVisit{Booking: out.Booking, AccessCode: out.AccessCode,
		CheckInURL: a.BookingCheckInURL(out.Booking.Branch, out.Booking.ID, out.AccessCode),
		TrackURL:   a.TrackURL(out.Booking.Case, out.AccessCode)}, nil
}

// ownBooking reads an appointment whose case's access code is code. Every
// failure, whatever its cause, gets the same answer.
func (a *Actions) ownBooking(ctx context.Context, id, code string) (protocol.Booking, error) {
	m := bookingID.FindStringSubmatch(id)
	if m == nil {
		return protocol.Booking{}, errNoSuchBooking
	}
	if _, ok := a.cat.Branch(m[1]); !ok {
		return protocol.Booking{}, errNoSuchBooking
	}
	b, err := a.store.Booking(ctx, m[1], id)
	if err != nil {
		var pe *protocol.Error
		if errors.As(err, &pe) {
			return protocol.Booking{}, errNoSuchBooking
		}
		return protocol.Booking{}, err
	}
	if _, err := a.PublicCase(ctx, b.Booking.Case, code); err != nil {
		if errors.Is(err, errNoSuchCase) {
			return protocol.Booking{}, errNoSuchBooking
		}
		return protocol.Booking{}, err
	}
	return b.Booking, nil
}

// lateNotice is what the kiosk tells a visitor who came after the grace.
var lateNotice = protocol.Text(words.LateForAppointment)

// checkInBooking gives the visitor of an appointment of today, whose QR
// code the kiosk scanned, a ticket (docs/appointments.md, "Arrival").
func (a *Actions) checkInBooking(ctx context.Context, p auth.Principal, in protocol.CheckIn) (any, error) {
	b, err := a.ownBooking(ctx, in.Booking, in.Code)
	if err != nil {
		return nil, err
	}
	if b.Branch != p.Branch {
		return nil, words.BookingOtherBranch.Error(protocol.CodeForbidden)
	}
	rules, _ := a.cat.Appointments(b.Branch)
	now := a.now()
	out, err := a.store.CheckInBooking(ctx, b.Branch, b.ID, a.cat.Day(b.Branch, now),
		a.cat.PriorityCredit(b.Branch), rules.Grace, p.ID, now)
	if err != nil {
		return nil, err
	}
	reply := protocol.CheckedIn{Ticket: out.Ticket, Ahead: out.Ahead, EstimatedWait: estimateWait(out.Ahead, out.OpenDesks)}
	if out.Late {
		reply.Notice = &lateNotice
	}
	return reply, nil
}

// slotLabel is a slot as the case's timeline shows it: the branch's local
// date, its Umm al-Qura date and the time.
func (a *Actions) slotLabel(branch string, t time.Time) string {
	local := t.In(a.cat.Location(branch))
	day := local.Format(time.DateOnly)
	return fmt.Sprintf("%s (%s %s) %s", day, catalogue.Hijri(day), words.HijriMark, local.Format("15:04"))
}

// DaySlots are the slots of one day of a service at a branch.
type DaySlots struct {
	Date  string     `json:"date"`  // local YYYY-MM-DD
	Hijri string     `json:"hijri"` // the same day, Umm al-Qura YYYY-MM-DD
	Slots []FreeSlot `json:"slots"` // none: the branch is closed
}

// FreeSlot is one slot and how many places are left in it.
type FreeSlot struct {
	Start time.Time `json:"start"`
	Free  int       `json:"free"`
}

// FreeSlots lists the slots of a bookable service that may still be booked
// at a branch, day by day over the booking window, with their free places.
func (a *Actions) FreeSlots(ctx context.Context, branchID, serviceCode string) ([]DaySlots, error) {
	branch, rules, service, err := a.bookable(branchID, serviceCode)
	if err != nil {
		return nil, err
	}
	now := a.now()
	local := now.In(a.cat.Location(branch.ID))
	days := make([]DaySlots, 0, rules.AheadDays)
	for i := range rules.AheadDays {
		date := local.AddDate(0, 0, i).Format(time.DateOnly)
		day := DaySlots{Date: date, Hijri: catalogue.Hijri(date), Slots: []FreeSlot{}}
		var slots []time.Time
		for _, t := range a.cat.Slots(branch.ID, service.Code, date) {
			if !t.Before(now.Add(rules.Lead)) && t.After(now) {
				slots = append(slots, t)
			}
		}
		taken, overlapping, err := a.store.SlotsTaken(ctx, branch.ID, service.Code, service.SlotMinutes, slots)
		if err != nil {
			return nil, err
		}
		for j, t := range slots {
			free := min(service.PlacesPerSlot-taken[j], rules.MaxOverlapping-overlapping[j])
			day.Slots = append(day.Slots, FreeSlot{Start: t, Free: max(0, free)})
		}
		days = append(days, day)
	}
	return days, nil
}
