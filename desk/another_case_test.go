package main

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/desktop/xvfbtest"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// anotherCaseOpened is the desk's notice of a further case: its number and
// its access code.
var anotherCaseOpened = regexp.MustCompile(`^فُتحت معاملة أخرى للمراجع: ([A-Z]+-\d{4}-\d+)، رمز الدخول ([0-9A-Z]{5}-[0-9A-Z]{5})\.`)

// Several matters in one visit (issue #12): while serving a visitor at the
// real desk app (Xvfb), the officer opens a further case for another
// service with Alt+N. The desk shows the new case with its number and
// access code; the hub links the visit's two cases, and /track, with that
// access code, lists the first case as the new one's sibling.
func TestDeskOpensAnotherCaseForTheVisitor(t *testing.T) {
	xvfbtest.Require(t)
	h := hubtest.Start(t)
	kiosk := h.Device(t, protocol.RoleKiosk)
	_, password, err := hubtest.AddUser(t.Context(), h.Store, "qatif", protocol.RoleOfficer, "Sara Al-Qahtani", "sara")
	if err != nil {
		t.Fatal(err)
	}
	var issued protocol.IssuedTicket
	h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"road-defect"}`, 201, &issued)

	d, app := openDesk(t, h, password, "desk-another-case-failed")
	d.Key(t, "F2")
	app.WaitIdle(t, "the call on screen", func(l desktop.Layout) bool {
		return l.Part("ticket-number").Text == issued.Ticket.Number+" "+string(protocol.TicketCalled)
	})
	d.Key(t, "F4")
	app.WaitIdle(t, "the visitor's case", func(l desktop.Layout) bool {
		return strings.HasPrefix(l.Part("case").Text, issued.Case) && l.Focus == "case-description"
	})

	// Alt+N: the service (the catalogue's first, a building permit), a
	// description, then the dialog's first button.
	d.Key(t, "alt+n")
	app.WaitLayout(t, "the another-case dialog", func(l desktop.Layout) bool {
		return l.Part("dialog").Text == "معاملة أخرى للمراجع" && l.Focus == "dialog-service" && l.Part("dialog-service").Text == "رخصة بناء"
	})
	d.Key(t, "Tab")
	d.Type(t, "An extra floor on the same house")
	app.WaitLayout(t, "the description typed", func(l desktop.Layout) bool {
		return l.Part("dialog-description").Text == "An extra floor on the same house"
	})
	d.Key(t, "Tab", "Return")
	var number, code string
	l := app.WaitIdle(t, "the new case on screen with its number and access code", func(l desktop.Layout) bool {
		m := anotherCaseOpened.FindStringSubmatch(l.Part("notice").Text)
		if m == nil || m[1] == issued.Case || !strings.HasPrefix(l.Part("case").Text, m[1]) {
			return false
		}
		number, code = m[1], m[2]
		return l.Part("ticket-number").Text == issued.Ticket.Number+" "+string(protocol.TicketServing)
	})
	if !l.Inside(l.Part("notice")) {
		t.Errorf("the notice is at %+v, not inside the %d×%d viewport", l.Part("notice"), l.Width, l.Height)
	}
	d.Screenshot(t, "desk-another-case")

	// The hub: one visit, two cases, the new one for a building permit
	// with the description; /track opens it with the code the desk showed
	// and names the first case as its sibling.
	wait.Until(t, 20*time.Second, "the visit's two cases linked", func() bool {
		cases, err := h.Store.VisitCases(t.Context(), "qatif", issued.Ticket.ID)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Equal(cases, []string{issued.Case, number})
	})
	var tracked struct{ Case protocol.Case }
	h.Do(t, "GET", "/api/v1/cases/"+number+"/track?code="+code, "", "", http.StatusOK, &tracked)
	c := tracked.Case
	if c.Service != "building-permit" || c.Description != "An extra floor on the same house" || c.Ticket != issued.Ticket.ID ||
		len(c.Siblings) != 1 || c.Siblings[0].Number != issued.Case || c.Siblings[0].Service != "road-defect" {
		t.Fatalf("/track of the new case: service %q, description %q, ticket %q, siblings %+v", c.Service, c.Description, c.Ticket, c.Siblings)
	}
}
