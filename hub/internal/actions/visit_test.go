package actions

import (
	"context"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Several matters in one visit: the officer serving a visitor opens further
// cases on the same ticket, each with its own number and access code; every
// case of the visit lists the others (the citizen's view without access
// codes), and the reprinted receipt carries them all.
func TestOpenSiblingCases(t *testing.T) {
	ctx := context.Background()
	a, st := newActions(t, time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC))
	desk := map[string]string{"desk": "1"}
	if _, err := do(t, a, sara, protocol.ReqDeskOpen, "", desk); err != nil {
		t.Fatal(err)
	}
	out, err := do(t, a, kiosk, protocol.ReqTicketIssue, "", map[string]string{"service": "building-permit", "phone": "0501234567"})
	if err != nil {
		t.Fatal(err)
	}
	issued := out.(protocol.IssuedTicket)
	open := func(id, service string) (protocol.ReportedCase, error) {
		out, err := do(t, a, sara, protocol.ReqCaseOpen, id, protocol.OpenCase{Ticket: issued.Ticket.ID, Service: service, Description: "وعن حفرة أمام البيت"})
		if err != nil {
			return protocol.ReportedCase{}, err
		}
		return out.(protocol.ReportedCase), nil
	}

	// Not yet at the desk: refused, nothing stored.
	if _, err := open("", "road-defect"); code(err) != protocol.CodeInvalidState {
		t.Fatalf("a waiting ticket: %v, want invalid_state", err)
	}
	if _, err := do(t, a, sara, protocol.ReqDeskCallNext, "", desk); err != nil {
		t.Fatal(err)
	}
	if _, err := do(t, a, sara, protocol.ReqTicketServe, "", map[string]string{"ticket": issued.Ticket.ID}); err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]protocol.OpenCase{
		"no ticket":       {Service: "road-defect"},
		"no service":      {Ticket: issued.Ticket.ID},
		"unknown service": {Ticket: issued.Ticket.ID, Service: "moon-landing"},
		"unknown ticket":  {Ticket: "qatif-20261129-A999", Service: "road-defect"},
	} {
		if _, err := do(t, a, sara, protocol.ReqCaseOpen, "", in); code(err) != protocol.CodeBadRequest && code(err) != protocol.CodeNotFound {
			t.Errorf("%s: %v, want bad_request or not_found", name, err)
		}
	}
	if _, err := do(t, a, admin, protocol.ReqCaseOpen, "", protocol.OpenCase{Ticket: issued.Ticket.ID, Service: "road-defect"}); code(err) != protocol.CodeForbidden {
		t.Fatalf("someone not serving the visitor: %v, want forbidden", err)
	}
	if n, _ := st.VisitCases(ctx, "qatif", issued.Ticket.ID); len(n) != 0 {
		t.Fatalf("refusals stored a link: %v", n)
	}

	second, err := open("r1", "road-defect")
	if err != nil {
		t.Fatal(err)
	}
	again, err := open("r1", "road-defect")
	if err != nil || again != second {
		t.Fatalf("a retry gave %+v, %v; want the first case %+v", again, err, second)
	}
	third, err := open("r2", "shop-licence")
	if err != nil {
		t.Fatal(err)
	}
	if second.Case == issued.Case || third.Case == second.Case || second.AccessCode == issued.AccessCode || third.AccessCode == second.AccessCode {
		t.Fatalf("cases %s %s %s, codes %s %s %s: each needs its own", issued.Case, second.Case, third.Case, issued.AccessCode, second.AccessCode, third.AccessCode)
	}
	if second.TrackURL == "" {
		t.Fatal("no tracking address for the new case")
	}

	c, err := st.Case(ctx, "qatif", second.Case)
	if err != nil {
		t.Fatal(err)
	}
	if c.Ticket != issued.Ticket.ID || c.Channel != "walk_in" || c.Phone != "+966501234567" || c.Service != "road-defect" || c.Category != "report" {
		t.Fatalf("the further case: %+v", c)
	}
	public, err := st.CaseByAccess(ctx, "qatif", second.Case, second.AccessCode)
	if err != nil {
		t.Fatal(err)
	}
	want := []protocol.SiblingCase{
		{Number: issued.Case, Service: "building-permit", Status: protocol.CaseInProgress},
		{Number: third.Case, Service: "shop-licence", Status: protocol.CaseReceived},
	}
	if len(public.Siblings) != 2 || public.Siblings[0] != want[0] || public.Siblings[1] != want[1] {
		t.Fatalf("siblings %+v, want %+v", public.Siblings, want)
	}

	d, err := a.Receipt(ctx, sara, issued.Ticket.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Case != issued.Case || len(d.More) != 2 || d.More[0].Case != second.Case || d.More[0].AccessCode != second.AccessCode ||
		d.More[1].Case != third.Case || d.More[1].AccessCode != third.AccessCode || d.More[1].Service.En == "" {
		t.Fatalf("the reprint: %+v", d)
	}
}
