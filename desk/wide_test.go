package main

import (
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/desktop/xvfbtest"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// At 1920×1080 the desk uses the width: the earlier cases' lookup stands
// in a column of its own beside the case, and everything an officer needs
// while serving is in sight.
func TestDeskAppUsesTheWidth(t *testing.T) {
	xvfbtest.Require(t)
	h := hubtest.Start(t)
	kiosk := h.Device(t, protocol.RoleKiosk)
	h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"road-defect"}`, 201, nil)
	_, password, err := hubtest.AddUser(t.Context(), h.Store, "qatif", protocol.RoleOfficer, "Sara Al-Qahtani", "sara")
	if err != nil {
		t.Fatal(err)
	}

	bin := xvfbtest.Build(t, "./desk")
	d := xvfbtest.StartDisplay(t, 1920, 1080)
	app := d.App(t, bin)
	app.Env = append(app.Env, "SHAMIL_HUB="+h.URL)
	app.Start(t)
	app.WaitLayout(t, "the sign-in screen", func(l desktop.Layout) bool { return l.Screen == "signin" })
	d.Type(t, "sara")
	d.Key(t, "Tab")
	d.Type(t, password)
	d.Key(t, "Return")
	app.WaitLayout(t, "the claim screen", func(l desktop.Layout) bool { return l.Screen == "claim" })
	d.Key(t, "Return") // the first free desk
	app.WaitIdle(t, "the work screen", func(l desktop.Layout) bool { return l.Screen == "work" })
	manager := h.User(t, protocol.RoleAdmin, "huda", "Huda")
	ticketIs := func(state protocol.TicketState) bool {
		var s protocol.Snapshot
		h.Do(t, "GET", "/api/v1/branches/qatif/queue", manager, "", 200, &s)
		for _, r := range s.Recent {
			if r.State == state {
				return true
			}
		}
		return false
	}
	d.Key(t, "F2")
	wait.Until(t, 20*time.Second, "F2 to call", func() bool { return ticketIs(protocol.TicketCalled) })
	// The page redraws from the hub's events: F4 works once it shows the call.
	app.WaitIdle(t, "the call on screen", func(l desktop.Layout) bool {
		return strings.HasSuffix(l.Part("ticket-number").Text, " "+string(protocol.TicketCalled))
	})
	d.Key(t, "F4")
	wait.Until(t, 20*time.Second, "F4 to serve", func() bool { return ticketIs(protocol.TicketServing) })
	l := app.WaitIdle(t, "the case on screen", func(l desktop.Layout) bool {
		return l.Part("case-actions").Bottom > 0 && l.Focus == "case-description"
	})
	d.Screenshot(t, "desk-1920")

	if w := app.Window(t); !w.Maximised || w.Width != d.Width {
		t.Errorf("the window is %d×%d (maximised: %v) on a %d×%d screen", w.Width, w.Height, w.Maximised, d.Width, d.Height)
	}
	for _, id := range []string{"ticket-actions", "case-actions", "queue", "lookup"} {
		if !l.Inside(l.Part(id)) {
			t.Errorf("%s is at %+v, not inside the %d×%d viewport", id, l.Part(id), l.Width, l.Height)
		}
	}
	// Arabic runs right to left: the lookup's column is left of the case.
	if lookup, c := l.Part("lookup"), l.Part("case-actions"); lookup.Right > c.Left || lookup.Top > c.Top+200 {
		t.Errorf("the lookup %+v is not in a column beside the case %+v", lookup, c)
	}
}
