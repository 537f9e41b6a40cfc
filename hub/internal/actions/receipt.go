package actions

import (
	"context"
	"slices"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/receipt"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// receiptReaders may fetch a ticket's receipt: the kiosk that prints it and
// the staff who reprint it.
var receiptReaders = []protocol.Role{protocol.RoleKiosk, protocol.RoleOfficer, protocol.RoleAdmin}

// Receipt gathers what a ticket's printed receipt shows, as things stand
// now (people ahead, estimated wait).
func (a *Actions) Receipt(ctx context.Context, p auth.Principal, ticketID string) (receipt.Data, error) {
	if !slices.Contains(receiptReaders, p.Role) {
		return receipt.Data{}, words.NoReceipts.Error(protocol.CodeForbidden)
	}
	t, err := a.store.Ticket(ctx, p.Branch, ticketID)
	if err != nil {
		return receipt.Data{}, err
	}
	code, err := a.store.AccessCode(ctx, p.Branch, t.Case)
	if err != nil {
		return receipt.Data{}, err
	}
	ahead, err := a.store.Ahead(ctx, p.Branch, t)
	if err != nil {
		return receipt.Data{}, err
	}
	open, err := a.store.OpenDesks(ctx, p.Branch)
	if err != nil {
		return receipt.Data{}, err
	}
	more, err := a.visitCases(ctx, p.Branch, t)
	if err != nil {
		return receipt.Data{}, err
	}
	branch, _ := a.cat.Branch(p.Branch)
	service, _ := a.cat.Service(t.Service)
	var notice protocol.Text
	if t.Booking != "" && t.Lane != protocol.LaneAppointment {
		notice = lateNotice // an appointment checked in after its grace
	}
	return receipt.Data{
		Municipality: a.cat.Wire().Municipality,
		Branch:       branch.Name,
		Ticket:       t.Number,
		Lane:         t.Lane,
		Service:      service.Name,
		Case:         t.Case,
		AccessCode:   code,
		Ahead:        ahead,
		Wait:         time.Duration(estimateWait(ahead, open)) * time.Second,
		Issued:       t.IssuedAt,
		Location:     a.cat.Location(p.Branch),
		TrackingURL:  a.TrackURL(t.Case, code),
		Notice:       notice,
		More:         more,
	}, nil
}

// visitCases are the further cases opened in t's visit (case.open), for its
// receipt.
func (a *Actions) visitCases(ctx context.Context, branch string, t protocol.Ticket) ([]receipt.VisitCase, error) {
	numbers, err := a.store.VisitCases(ctx, branch, t.ID)
	if err != nil {
		return nil, err
	}
	var more []receipt.VisitCase
	for _, n := range numbers {
		if n == t.Case {
			continue
		}
		c, err := a.store.Case(ctx, branch, n)
		if err != nil {
			return nil, err
		}
		code, err := a.store.AccessCode(ctx, branch, n)
		if err != nil {
			return nil, err
		}
		service, _ := a.cat.Service(c.Service)
		more = append(more, receipt.VisitCase{Service: service.Name, Case: n, AccessCode: code})
	}
	return more, nil
}
