package actions

import (
	"context"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// openSibling opens a further case for the visitor the sender's desk is
// serving: several matters in one visit, each with its own case number and
// access code (docs/office.md).
func (a *Actions) openSibling(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.OpenCase
	if err := decode(req, &in); err != nil {
		return nil, err
	}
	if err := required("ticket", in.Ticket); err != nil {
		return nil, err
	}
	if err := required("service", in.Service); err != nil {
		return nil, err
	}
	service, ok := a.cat.Service(in.Service)
	if !ok {
		return nil, words.UnknownService.Fill(in.Service).ErrorOn(protocol.CodeNotFound, "service")
	}
	branch, _ := a.cat.Branch(p.Branch)
	now := a.now()
	year := a.cat.Day(p.Branch, now)[:4]
	out, err := a.store.OpenSibling(ctx, store.Sibling{
		Branch: p.Branch, Ticket: in.Ticket, Service: service.Code, Category: service.Category,
		Description: in.Description, CasePrefix: branch.CasePrefix, Year: year,
		AccessCode: auth.NewAccessCode(), Now: now, Actor: p.ID, Op: op(p, req),
	})
	if err != nil {
		return nil, err
	}
	out.TrackURL = a.TrackURL(out.Case, out.AccessCode)
	return out, nil
}
