// Package stats computes the managers' figures of a branch: for a range of
// branch-local days (tickets, waits, service times, officers, services,
// cases against their service-level targets) and live for today (people
// waiting, the longest wait, every desk). docs/dashboard.md defines each
// figure. It only reads the store.
package stats

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// MaxDays is the longest range a report covers.
const MaxDays = 366

// Figures are a branch's figures over a range of days.
type Figures struct {
	Branch    string           `json:"branch"`
	From      string           `json:"from"` // first day, YYYY-MM-DD
	To        string           `json:"to"`   // last day, included
	Tickets   int              `json:"tickets"`
	Served    int              `json:"served"`    // completed at a desk
	NoShows   int              `json:"no_shows"`  // called and not come
	Cancelled int              `json:"cancelled"` // withdrawn while waiting
	Expired   int              `json:"expired"`   // still waiting when their day ended
	Wait      Durations        `json:"wait"`      // issue to call, called tickets
	Service   Durations        `json:"service"`   // serve to completion, served tickets
	Hours     [24]Hour         `json:"hours"`     // by local hour of the day
	Services  []ServiceFigures `json:"services"`
	Officers  []OfficerFigures `json:"officers"`
	Cases     CaseFigures      `json:"cases"`
	// Appointments are the days' bookings and how their visitors waited
	// against those who walked in (docs/appointments.md).
	Appointments AppointmentFigures `json:"appointments"`
}

// AppointmentFigures are the appointments of a range of days.
type AppointmentFigures struct {
	Booked  int `json:"booked"`   // appointments of the days, not cancelled
	Arrived int `json:"arrived"`  // checked in at the kiosk
	NoShows int `json:"no_shows"` // not checked in by their day's end
	// Wait is the appointment lane's tickets' wait, check-in to call;
	// WalkInWait every other ticket's, issue to call.
	Wait       Durations `json:"wait"`
	WalkInWait Durations `json:"walk_in_wait"`
}

// Hour counts arrivals (tickets issued) and completions in one local hour.
type Hour struct {
	Arrivals    int `json:"arrivals"`
	Completions int `json:"completions"`
}

// ServiceFigures are the figures of one service.
type ServiceFigures struct {
	Code    string        `json:"code"`
	Name    protocol.Text `json:"name"`
	Tickets int           `json:"tickets"`
	Served  int           `json:"served"`
	NoShows int           `json:"no_shows"`
	Wait    Durations     `json:"wait"`
	Service Durations     `json:"service"`
}

// OfficerFigures are the visitors an officer served and how long it took.
type OfficerFigures struct {
	Officer string    `json:"officer"` // username
	Served  int       `json:"served"`
	NoShows int       `json:"no_shows"`
	Service Durations `json:"service"`
}

// Source is what the figures are read from.
type Source struct {
	Store     *store.Store
	Catalogue *catalogue.Catalogue
}

// Range computes the figures of the branch-local days from to to, both
// included (YYYY-MM-DD). now decides which open cases are overdue.
func (src Source) Range(ctx context.Context, branch, from, to string, now time.Time) (Figures, error) {
	days, start, end, err := src.days(branch, from, to)
	if err != nil {
		return Figures{}, err
	}
	tickets, err := src.Store.TicketsOfDays(ctx, branch, days)
	if err != nil {
		return Figures{}, err
	}
	cases, err := src.Store.CasesCreated(ctx, branch, start, end)
	if err != nil {
		return Figures{}, err
	}
	f := src.ticketFigures(branch, tickets)
	f.From, f.To = from, to
	f.Cases = src.caseFigures(cases, now)
	if err := src.bookings(ctx, branch, days, &f.Appointments); err != nil {
		return Figures{}, err
	}
	return f, nil
}

// bookings counts the days' appointments by what became of them.
func (src Source) bookings(ctx context.Context, branch string, days []string, a *AppointmentFigures) error {
	states, err := src.Store.BookingStates(ctx, branch, days)
	if err != nil {
		return err
	}
	a.Arrived, a.NoShows = states[protocol.BookingCheckedIn], states[protocol.BookingNoShow]
	a.Booked = a.Arrived + a.NoShows + states[protocol.BookingBooked]
	return nil
}

// days lists the days of a range and the instants it starts and ends at.
func (src Source) days(branch, from, to string) (days []string, start, end time.Time, err error) {
	loc := src.Catalogue.Location(branch)
	first, err1 := time.ParseInLocation(time.DateOnly, from, loc)
	last, err2 := time.ParseInLocation(time.DateOnly, to, loc)
	if err1 != nil || err2 != nil {
		return nil, start, end, words.BadDate.FieldError("from")
	}
	if last.Before(first) {
		return nil, start, end, words.RangeBackwards.FieldError("to")
	}
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		if len(days) == MaxDays {
			return nil, start, end, words.RangeTooLong.Fill(MaxDays).FieldError("to")
		}
		days = append(days, d.Format(time.DateOnly))
	}
	return days, first, last.AddDate(0, 0, 1), nil
}

func (src Source) ticketFigures(branch string, tickets []protocol.Ticket) Figures {
	loc := src.Catalogue.Location(branch)
	f := Figures{Branch: branch, Tickets: len(tickets)}
	var waits, services, appointmentWaits, walkInWaits []time.Duration
	byService := map[string]*serviceAcc{}
	byOfficer := map[string]*officerAcc{}
	for _, t := range tickets {
		f.Hours[t.IssuedAt.In(loc).Hour()].Arrivals++
		s := byService[t.Service]
		if s == nil {
			s = &serviceAcc{ServiceFigures: ServiceFigures{Code: t.Service}}
			if def, ok := src.Catalogue.Service(t.Service); ok {
				s.Name = def.Name
			}
			byService[t.Service] = s
		}
		s.Tickets++
		if t.CalledAt != nil {
			w := t.CalledAt.Sub(t.IssuedAt)
			waits = append(waits, w)
			s.waits = append(s.waits, w)
			if t.Lane == protocol.LaneAppointment {
				appointmentWaits = append(appointmentWaits, w)
			} else {
				walkInWaits = append(walkInWaits, w)
			}
		}
		switch t.State {
		case protocol.TicketDone:
			f.Served++
			s.Served++
			o := officer(byOfficer, t.Officer)
			o.Served++
			if t.EndedAt != nil {
				f.Hours[t.EndedAt.In(loc).Hour()].Completions++
				if t.ServedAt != nil {
					d := t.EndedAt.Sub(*t.ServedAt)
					services = append(services, d)
					s.services = append(s.services, d)
					o.services = append(o.services, d)
				}
			}
		case protocol.TicketNoShow:
			f.NoShows++
			s.NoShows++
			officer(byOfficer, t.Officer).NoShows++
		case protocol.TicketCancelled:
			f.Cancelled++
		case protocol.TicketExpired:
			f.Expired++
		}
	}
	f.Wait, f.Service = Summarise(waits), Summarise(services)
	f.Appointments.Wait, f.Appointments.WalkInWait = Summarise(appointmentWaits), Summarise(walkInWaits)
	for _, s := range byService {
		s.Wait, s.Service = Summarise(s.waits), Summarise(s.services)
		f.Services = append(f.Services, s.ServiceFigures)
	}
	slices.SortFunc(f.Services, func(a, b ServiceFigures) int {
		return cmp.Or(b.Tickets-a.Tickets, cmp.Compare(a.Code, b.Code))
	})
	for _, o := range byOfficer {
		o.Service = Summarise(o.services)
		f.Officers = append(f.Officers, o.OfficerFigures)
	}
	slices.SortFunc(f.Officers, func(a, b OfficerFigures) int {
		return cmp.Or(b.Served-a.Served, cmp.Compare(a.Officer, b.Officer))
	})
	return f
}

type serviceAcc struct {
	ServiceFigures
	waits, services []time.Duration
}

type officerAcc struct {
	OfficerFigures
	services []time.Duration
}

func officer(m map[string]*officerAcc, username string) *officerAcc {
	o := m[username]
	if o == nil {
		o = &officerAcc{OfficerFigures: OfficerFigures{Officer: username}}
		m[username] = o
	}
	return o
}
