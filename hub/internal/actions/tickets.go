package actions

import (
	"context"
	"net/url"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// averageService is the service time assumed for a wait estimate.
const averageService = 6 * time.Minute

func (a *Actions) issueTicket(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.IssueTicket
	if err := decode(req, &in); err != nil {
		return nil, err
	}
	if err := required("service", in.Service); err != nil {
		return nil, err
	}
	service, ok := a.cat.Service(in.Service)
	if !ok {
		return nil, words.UnknownService.Fill(in.Service).ErrorOn(protocol.CodeNotFound, "service")
	}
	if in.Lane == "" {
		in.Lane = protocol.LaneNormal
	}
	if _, ok := store.LaneLetters[in.Lane]; !ok {
		return nil, words.LaneChoice.FieldError("lane")
	}
	if in.Phone != "" {
		phone, ok := protocol.NormalizePhone(in.Phone)
		if !ok {
			return nil, words.EnterSaudiMobile.FieldError("phone")
		}
		in.Phone = phone
	}
	switch in.Lang {
	case "":
		in.Lang = "ar"
	case "ar", "en":
	default:
		return nil, words.LangArOrEn.FieldError("lang")
	}
	branch, _ := a.cat.Branch(p.Branch)
	now := a.now()
	day := a.cat.Day(p.Branch, now)
	out, err := a.store.IssueTicket(ctx, store.Issue{
		Branch: p.Branch, Service: service.Code, Category: service.Category, Lane: in.Lane,
		Phone: in.Phone, Lang: in.Lang, Channel: "walk_in", CasePrefix: branch.CasePrefix,
		AccessCode: auth.NewAccessCode(), PriorityCredit: a.cat.PriorityCredit(p.Branch),
		Day: day, Year: day[:4], Now: now, Actor: p.ID, Op: op(p, req),
	})
	if err != nil {
		return nil, err
	}
	it := out.IssuedTicket
	it.EstimatedWait = estimateWait(it.Ahead, out.OpenDesks)
	it.TrackURL = a.TrackURL(it.Case, it.AccessCode)
	return it, nil
}

// estimateWait is a first, plain estimate: the people ahead shared among the
// open desks, at the average service time.
func estimateWait(ahead, openDesks int) int {
	if openDesks < 1 {
		openDesks = 1
	}
	rounds := (ahead + openDesks - 1) / openDesks
	return int((time.Duration(rounds) * averageService).Seconds())
}

// TrackURL is the address of a case's public tracking page.
func (a *Actions) TrackURL(caseNumber, accessCode string) string {
	return a.publicURL + "/track?" + url.Values{"case": {caseNumber}, "code": {accessCode}}.Encode()
}

// ticketStep is a request that moves a ticket one step (store.TicketAction).
func ticketStep(action store.TicketAction) func(*Actions, context.Context, auth.Principal, protocol.Request) (any, error) {
	return func(a *Actions, ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
		var in protocol.TicketRef
		if err := decode(req, &in); err != nil {
			return nil, err
		}
		if err := required("ticket", in.Ticket); err != nil {
			return nil, err
		}
		rules := a.cat.Rules(p.Branch)
		return a.store.ActOnTicket(ctx, p.Branch, in.Ticket, action, p.ID,
			store.Recalls{Delay: rules.RecallDelay, NoShowAfter: rules.NoShowAfterCalls}, op(p, req), a.now())
	}
}

func (a *Actions) transfer(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.TransferTicket
	if err := decode(req, &in); err != nil {
		return nil, err
	}
	if err := required("ticket", in.Ticket); err != nil {
		return nil, err
	}
	if in.Desk != "" {
		if err := a.knownDesk(p.Branch, in.Desk); err != nil {
			return nil, err
		}
	}
	if in.Officer != "" {
		if in.Desk != "" {
			return nil, words.TransferOneTarget.FieldError("officer")
		}
		_, ok, err := a.store.Officer(ctx, p.Branch, in.Officer)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, words.NoSuchOfficer.Fill(in.Officer).ErrorOn(protocol.CodeNotFound, "officer")
		}
	}
	if len([]rune(in.Note)) > 500 {
		return nil, words.NoteTooLong.FieldError("note")
	}
	return a.store.Transfer(ctx, p.Branch, in.Ticket, in.Desk, in.Officer, in.Note, p.ID, op(p, req), a.now())
}

// officerToday is the officer's own figures for the branch-local day.
func (a *Actions) officerToday(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	if err := decode(req, &struct{}{}); err != nil {
		return nil, err
	}
	day := a.cat.Day(p.Branch, a.now())
	tickets, err := a.store.TicketsOfDays(ctx, p.Branch, []string{day})
	if err != nil {
		return nil, err
	}
	return officerDay(day, p.ID, tickets), nil
}

// officerDay sums up the tickets an officer called. A ticket counts for the
// officer who called it last: a visitor transferred on counts for whoever
// finished the visit.
func officerDay(day, officer string, tickets []protocol.Ticket) protocol.OfficerDay {
	out := protocol.OfficerDay{Day: day}
	var service, wait time.Duration
	var called int
	for _, t := range tickets {
		if t.Officer != officer || t.CalledAt == nil || t.State == protocol.TicketWaiting {
			continue
		}
		called++
		wait += t.CalledAt.Sub(t.IssuedAt)
		switch {
		case t.State == protocol.TicketDone && t.ServedAt != nil && t.EndedAt != nil:
			out.Served++
			service += t.EndedAt.Sub(*t.ServedAt)
		case t.State == protocol.TicketNoShow:
			out.NoShows++
		}
	}
	if called > 0 {
		out.AvgWaitSecs = int((wait / time.Duration(called)).Seconds())
	}
	if out.Served > 0 {
		out.AvgServiceSecs = int((service / time.Duration(out.Served)).Seconds())
	}
	return out
}

func (a *Actions) knownDesk(branch, desk string) error {
	if err := required("desk", desk); err != nil {
		return err
	}
	if _, ok := a.cat.Desk(branch, desk); !ok {
		return words.UnknownDesk.Fill(desk).ErrorOn(protocol.CodeNotFound, "desk")
	}
	return nil
}

// deskStep is a request that opens, pauses or closes the officer's desk.
func deskStep(action store.DeskAction) func(*Actions, context.Context, auth.Principal, protocol.Request) (any, error) {
	return func(a *Actions, ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
		var in protocol.PauseDesk
		var err error
		if action == store.DeskActionPause {
			err = decode(req, &in)
		} else {
			err = decode(req, &in.DeskRef)
		}
		if err != nil {
			return nil, err
		}
		if err := a.knownDesk(p.Branch, in.Desk); err != nil {
			return nil, err
		}
		if action == store.DeskActionPause {
			if err := required("reason", in.Reason); err != nil {
				return nil, err
			}
		}
		return a.store.SetDesk(ctx, p.Branch, in.Desk, action, p.ID, p.Name, in.Reason, op(p, req), a.now())
	}
}

func (a *Actions) callNext(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.DeskRef
	if err := decode(req, &in); err != nil {
		return nil, err
	}
	if err := a.knownDesk(p.Branch, in.Desk); err != nil {
		return nil, err
	}
	return a.store.CallNext(ctx, p.Branch, in.Desk, p.ID, op(p, req), a.now())
}
