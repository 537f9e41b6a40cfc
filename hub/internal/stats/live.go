package stats

import (
	"context"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// WaitThreshold is the wait a dashboard highlights at a branch whose
// catalogue entry sets no wait_alert_minutes.
const WaitThreshold = 20 * time.Minute

// waitThreshold is the branch's own threshold, or WaitThreshold.
func (src Source) waitThreshold(branch string) time.Duration {
	b, _ := src.Catalogue.Branch(branch)
	if b.WaitAlertMinutes <= 0 {
		return WaitThreshold
	}
	return time.Duration(b.WaitAlertMinutes) * time.Minute
}

// openCasesShown is how many open cases, oldest first, the live view lists.
const openCasesShown = 100

// Live is a branch as it is now, with today's figures so far.
type Live struct {
	Branch string    `json:"branch"`
	Day    string    `json:"day"`
	At     time.Time `json:"at"`
	// WaitThresholdSeconds is the wait the dashboard highlights.
	WaitThresholdSeconds int `json:"wait_threshold_seconds"`
	Waiting              int `json:"waiting"`
	// LongestWait is how long the earliest visitor still waiting has
	// waited; LongestWaitTicket is their ticket number.
	LongestWaitSeconds int        `json:"longest_wait_seconds"`
	LongestWaitTicket  string     `json:"longest_wait_ticket,omitempty"`
	Desks              []DeskLive `json:"desks"`
	Today              Figures    `json:"today"`
	OpenCases          []OpenCase `json:"open_cases"` // oldest first
	OpenCasesCount     int        `json:"open_cases_count"`
	OverdueCount       int        `json:"overdue_count"` // of the cases listed
	// Departments are the back office's open cases at the branch, per
	// department (escalate.Departments fills them; docs/dashboard.md).
	Departments []DepartmentLive `json:"departments"`
}

// DepartmentLive is how many open cases a department holds at a branch
// now and how many of them are due soon or overdue against its targets.
type DepartmentLive struct {
	Code    string        `json:"code"`
	Name    protocol.Text `json:"name"`
	Open    int           `json:"open"`
	DueSoon int           `json:"due_soon"`
	Overdue int           `json:"overdue"`
}

// DeskLive is one desk of the catalogue as it is now.
type DeskLive struct {
	ID          string             `json:"id"`
	Name        protocol.Text      `json:"name"`
	State       protocol.DeskState `json:"state"`
	Officer     string             `json:"officer,omitempty"`
	OfficerName string             `json:"officer_name,omitempty"`
	Ticket      string             `json:"ticket,omitempty"`       // its number
	TicketState string             `json:"ticket_state,omitempty"` // called or serving
	// BusySeconds is how long the current ticket has been at the desk;
	// IdleSeconds how long an open desk has been without one.
	BusySeconds int `json:"busy_seconds,omitempty"`
	IdleSeconds int `json:"idle_seconds,omitempty"`
}

// OpenCase is an open case with where it stands against its targets.
type OpenCase struct {
	Number     string              `json:"number"`
	Service    string              `json:"service"`
	Category   string              `json:"category"`
	Status     protocol.CaseStatus `json:"status"`
	Channel    string              `json:"channel"`
	CreatedAt  time.Time           `json:"created_at"`
	AgeSeconds int                 `json:"age_seconds"`
	Targets
}

// Live reads the branch now.
func (src Source) Live(ctx context.Context, branch string, now time.Time) (Live, error) {
	day := src.Catalogue.Day(branch, now)
	snap, err := src.Store.Snapshot(ctx, branch, day, now)
	if err != nil {
		return Live{}, err
	}
	tickets, err := src.Store.TicketsOfDays(ctx, branch, []string{day})
	if err != nil {
		return Live{}, err
	}
	open, err := src.Store.OpenCases(ctx, branch, openCasesShown)
	if err != nil {
		return Live{}, err
	}
	total, err := src.Store.OpenCaseCount(ctx, branch)
	if err != nil {
		return Live{}, err
	}
	l := Live{Branch: branch, Day: day, At: now.UTC(), Waiting: snap.WaitingCount,
		WaitThresholdSeconds: seconds(src.waitThreshold(branch)), OpenCasesCount: total}
	l.Today = src.ticketFigures(branch, tickets)
	l.Today.From, l.Today.To = day, day
	if l.Today.Cases, err = src.todayCases(ctx, branch, now); err != nil {
		return Live{}, err
	}
	if err := src.bookings(ctx, branch, []string{day}, &l.Today.Appointments); err != nil {
		return Live{}, err
	}

	byID := make(map[string]protocol.Ticket, len(tickets))
	lastEnd := map[string]time.Time{} // desk → when its last visitor left
	for _, t := range tickets {
		byID[t.ID] = t
		if t.State == protocol.TicketWaiting && (l.LongestWaitTicket == "" || now.Sub(t.IssuedAt) > time.Duration(l.LongestWaitSeconds)*time.Second) {
			l.LongestWaitSeconds, l.LongestWaitTicket = seconds(now.Sub(t.IssuedAt)), t.Number
		}
		if t.EndedAt != nil && t.Desk != "" && t.EndedAt.After(lastEnd[t.Desk]) {
			lastEnd[t.Desk] = *t.EndedAt
		}
	}
	live := map[string]protocol.Desk{}
	for _, d := range snap.Desks {
		live[d.ID] = d
	}
	b, _ := src.Catalogue.Branch(branch)
	for _, def := range b.Desks {
		d, ok := live[def.ID]
		dl := DeskLive{ID: def.ID, Name: def.Name, State: protocol.DeskClosed}
		if ok {
			dl.State, dl.Officer, dl.OfficerName = d.State, d.Officer, d.OfficerName
			if t, ok := byID[d.Ticket]; ok {
				dl.Ticket, dl.TicketState = t.Number, string(t.State)
				if t.CalledAt != nil {
					dl.BusySeconds = seconds(now.Sub(*t.CalledAt))
				}
			} else if d.Ticket != "" {
				dl.Ticket = d.Ticket
			} else if d.State == protocol.DeskOpen {
				since := d.Since
				if lastEnd[def.ID].After(since) {
					since = lastEnd[def.ID]
				}
				dl.IdleSeconds = seconds(now.Sub(since))
			}
		}
		l.Desks = append(l.Desks, dl)
	}
	for _, c := range open {
		oc := OpenCase{Number: c.Number, Service: c.Service, Category: c.Category, Status: c.Status,
			Channel: c.Channel, CreatedAt: c.CreatedAt, AgeSeconds: seconds(now.Sub(c.CreatedAt)),
			Targets: src.targets(c, now)}
		if oc.Overdue || oc.LateResponse {
			l.OverdueCount++
		}
		l.OpenCases = append(l.OpenCases, oc)
	}
	return l, nil
}

// todayCases are the figures of the cases opened today.
func (src Source) todayCases(ctx context.Context, branch string, now time.Time) (CaseFigures, error) {
	day := src.Catalogue.Day(branch, now)
	_, start, end, err := src.days(branch, day, day)
	if err != nil {
		return CaseFigures{}, err
	}
	cases, err := src.Store.CasesCreated(ctx, branch, start, end)
	if err != nil {
		return CaseFigures{}, err
	}
	return src.caseFigures(cases, now), nil
}

func seconds(d time.Duration) int { return int(d.Round(time.Second) / time.Second) }
