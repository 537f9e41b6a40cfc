package main

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/desktop/xvfbtest"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// TestDeskApp runs the real app, built with the desktop tags, under Xvfb
// against a real hub, and goes through an officer's visit with the
// keyboard: sign in, claim a desk, call next, serve, record the case,
// respond, complete. It checks each step on the hub and saves screenshots.
func TestDeskApp(t *testing.T) {
	xvfbtest.Require(t)
	h := hubtest.Start(t)
	kiosk := h.Device(t, protocol.RoleKiosk)
	manager := h.User(t, protocol.RoleAdmin, "huda", "Huda")
	_, password, err := hubtest.AddUser(t.Context(), h.Store, "qatif", protocol.RoleOfficer, "Sara Al-Qahtani", "sara")
	if err != nil {
		t.Fatal(err)
	}
	// Omar already holds desk 1: the claim screen names him, and the focus
	// is on the first free desk, 2.
	omar := h.User(t, protocol.RoleOfficer, "omar", "Omar Al-Dossary")
	h.Do(t, "POST", "/api/v1/branches/qatif/desks/1/open", omar, "", 200, nil)
	h.Do(t, "POST", "/api/v1/branches/qatif/desks/1/pause", omar, `{"reason":"prayer"}`, 200, nil)
	var issued protocol.IssuedTicket
	h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"road-defect"}`, 201, &issued)
	h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"building-permit"}`, 201, nil)

	bin := xvfbtest.Build(t, "./desk")
	// The size of an officer's laptop: the window is maximised to it.
	d := xvfbtest.StartDisplay(t, 1366, 768)
	app := d.App(t, bin)
	app.Env = append(app.Env, "SHAMIL_HUB="+h.URL)
	app.Start(t)
	app.WaitWindow(t, 30*time.Second)
	app.WaitLayout(t, "the sign-in screen", func(l desktop.Layout) bool { return l.Screen == "signin" && l.Focus == "username" })
	d.Screenshot(t, "desk-signin")

	d.Type(t, "sara")
	d.Key(t, "Tab")
	d.Type(t, password)
	d.Key(t, "Return")
	desk := func() protocol.Desk {
		var s protocol.Snapshot
		h.Do(t, "GET", "/api/v1/branches/qatif/queue", manager, "", 200, &s)
		for _, d := range s.Desks {
			if d.ID == "2" {
				return d
			}
		}
		return protocol.Desk{}
	}
	ticket := func() protocol.Ticket {
		var s protocol.Snapshot
		h.Do(t, "GET", "/api/v1/branches/qatif/queue", manager, "", 200, &s)
		for _, r := range s.Recent {
			if r.ID == issued.Ticket.ID {
				return r
			}
		}
		return protocol.Ticket{}
	}
	caseNow := func() protocol.Case {
		var c protocol.Case
		h.Do(t, "GET", "/api/v1/branches/qatif/cases/"+issued.Case, manager, "", 200, &c)
		return c
	}
	t.Cleanup(func() {
		if t.Failed() {
			d.Screenshot(t, "desk-failed")
		}
	})
	// waitFor waits for the hub to say what the app did; app.WaitLayout
	// for the page to show it (the page sends its layout once painted),
	// app.WaitIdle also for the page to take the next key.
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		wait.Until(t, 20*time.Second, what, ok)
	}
	ticketShown := func(state protocol.TicketState) func(desktop.Layout) bool {
		return func(l desktop.Layout) bool {
			return l.Part("ticket-number").Text == issued.Ticket.Number+" "+string(state)
		}
	}
	// Omar's desk is marked paused, with the reason and his name; the
	// focus is on the first free desk.
	app.WaitLayout(t, "desk 1 marked paused", func(l desktop.Layout) bool {
		text := l.Part("desk-1").Text
		return strings.Contains(text, "متوقف مؤقتاً: صلاة") && strings.Contains(text, "Omar Al-Dossary") && l.Focus == "desk-2"
	})
	d.Screenshot(t, "desk-claim")
	d.Key(t, "Return") // the first free desk has the focus
	waitFor("desk 2 open for Sara", func() bool { dk := desk(); return dk.State == protocol.DeskOpen && dk.Officer == "sara" })
	app.WaitIdle(t, "the work screen", func(l desktop.Layout) bool { return l.Screen == "work" })
	d.Screenshot(t, "desk-open")

	d.Key(t, "F2")
	waitFor("the first visitor called", func() bool { return ticket().State == protocol.TicketCalled })
	app.WaitIdle(t, "the call on screen", ticketShown(protocol.TicketCalled))
	d.Screenshot(t, "desk-called")

	d.Key(t, "F4")
	waitFor("the visitor served", func() bool { return ticket().State == protocol.TicketServing })
	// The description has the focus; the service's own fields follow it
	// after district, street and landmark.
	app.WaitIdle(t, "the case with the focus on its description", func(l desktop.Layout) bool {
		return strings.HasPrefix(l.Part("case").Text, issued.Case) && l.Focus == "case-description"
	})
	d.Type(t, "Deep pothole by the school gate")
	app.WaitLayout(t, "the description typed", func(l desktop.Layout) bool {
		return l.Part("case-description").Text == "Deep pothole by the school gate"
	})
	d.Screenshot(t, "desk-case-start") // the README's: the ticket above its case
	// The service's own district is filled from the location's: the
	// officer types it once and tabs past it.
	for _, text := range []string{"Al-Nasirah", "Prince Nayef St", "Al-Nasirah school", "", "In front of gate 2"} {
		d.Key(t, "Tab")
		if text != "" {
			d.Type(t, text)
		}
	}
	// A colleague's note arrives while the form is unsaved: the timeline
	// reloads, the officer's typing stays and is what Ctrl+S saves.
	h.Do(t, "POST", "/api/v1/branches/qatif/cases/"+issued.Case+"/note", manager, `{"text":"Seen this one before"}`, 200, nil)
	app.WaitLayout(t, "the colleague's note in the timeline", func(l desktop.Layout) bool {
		return strings.Contains(l.Part("timeline").Text, "Seen this one before") && l.Part("case-description").Text == "Deep pothole by the school gate"
	})
	d.Screenshot(t, "desk-live-note")
	// Alt+L with the form unsaved: the selects, the service's own fields
	// and the window's title switch too; the typing stays.
	d.Key(t, "alt+l")
	app.WaitLayout(t, "the selects in English", func(l desktop.Layout) bool {
		service, category := l.Part("case-service").Text, l.Part("case-category").Text
		return l.Lang == "en" && service != "" && !hasArabic(service) && category != "" && !hasArabic(category)
	})
	if w := app.Window(t); w.Title != "Shamil · Desk" {
		t.Errorf("in English, the window's title is %q", w.Title)
	}
	d.Screenshot(t, "desk-case-en-unsaved")
	d.Key(t, "alt+l")
	app.WaitLayout(t, "the page in Arabic", func(l desktop.Layout) bool { return l.Lang == "ar" })
	d.Key(t, "ctrl+s")
	waitFor("the case recorded", func() bool {
		c := caseNow()
		return c.Description == "Deep pothole by the school gate" && c.Details["location"] == "In front of gate 2" && c.Details["district"] == "Al-Nasirah" && c.Location != nil && c.Location.Street == "Prince Nayef St"
	})
	app.WaitIdle(t, "the update in the timeline", func(l desktop.Layout) bool { return strings.Contains(l.Part("timeline").Text, "تحديث") })
	d.Screenshot(t, "desk-serving")
	// At 1366×768 the window fills the screen, and the ticket's actions,
	// the case's actions and the queue are all in sight while serving.
	if w := app.Window(t); !w.Maximised || w.Width != d.Width || w.Height < d.Height-60 {
		t.Errorf("the window is %d×%d (maximised: %v) on a %d×%d screen", w.Width, w.Height, w.Maximised, d.Width, d.Height)
	}
	serving := app.WaitLayout(t, "the case on the work screen", func(l desktop.Layout) bool {
		return l.Screen == "work" && l.Part("case-actions").Bottom > 0
	})
	for _, id := range []string{"ticket-actions", "case-actions", "queue"} {
		p := serving.Part(id)
		if !serving.Inside(p) {
			t.Errorf("%s is at %+v, not inside the %d×%d viewport", id, p, serving.Width, serving.Height)
		}
	}
	d.Key(t, "alt+r")
	d.Type(t, "A team will repair it within two days.")
	d.Key(t, "ctrl+Return")
	waitFor("the response on the case", func() bool { return caseNow().FirstReplyAt != nil })
	app.WaitIdle(t, "the response in the timeline", func(l desktop.Layout) bool {
		return strings.Contains(l.Part("timeline").Text, "A team will repair it within two days.")
	})
	d.Screenshot(t, "desk-case")
	d.Key(t, "alt+l")
	app.WaitLayout(t, "the case in English", func(l desktop.Layout) bool {
		return l.Lang == "en" && strings.Contains(l.Part("timeline").Text, "Response to citizen") && !hasArabic(l.Part("case-service").Text)
	})
	d.Screenshot(t, "desk-case-en")
	d.Key(t, "alt+l")

	// Refer: the text, then the fourth button after it; the dialog offers
	// the catalogue's departments, triage first and roads next.
	d.Key(t, "alt+r")
	d.Type(t, "The roads department will inspect it.")
	d.Key(t, "Tab", "Tab", "Tab", "Tab", "Return")
	app.WaitLayout(t, "the refer dialog", func(l desktop.Layout) bool { return l.Part("dialog").Text != "" && l.Focus == "dialog-department" })
	d.Key(t, "Down")
	app.WaitLayout(t, "roads chosen", func(l desktop.Layout) bool { return l.Part("dialog-department").Text == "إدارة الطرق" })
	d.Screenshot(t, "desk-refer")
	d.Key(t, "Tab", "Return")
	waitFor("the case referred to roads", func() bool {
		c := caseNow()
		return c.Status == protocol.CaseReferred && c.Department == "roads"
	})
	app.WaitIdle(t, "the case referred", func(l desktop.Layout) bool { return strings.HasSuffix(l.Part("case").Text, "محالة") })

	// Park the visitor (gone to fetch a document), then take them back.
	d.Key(t, "F10")
	waitFor("the visitor parked", func() bool { return ticket().State == protocol.TicketParked })
	app.WaitIdle(t, "the desk free, the visitor parked", func(l desktop.Layout) bool { return l.Part("ticket-number").Text == "" })
	d.Screenshot(t, "desk-parked")
	d.Key(t, "F10")
	waitFor("the visitor served again", func() bool { return ticket().State == protocol.TicketServing })
	app.WaitIdle(t, "the visitor served again", ticketShown(protocol.TicketServing))

	// Close the case with a last response: the sixth button after the text.
	d.Key(t, "alt+r")
	d.Type(t, "Repaired on site.")
	d.Key(t, "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Return")
	app.WaitLayout(t, "the close dialog", func(l desktop.Layout) bool { return l.Part("dialog").Text != "" && l.Focus == "dialog-reason" })
	d.Screenshot(t, "desk-close")
	d.Key(t, "Tab", "Return") // reason: resolved (the first)
	waitFor("the case closed", func() bool { return caseNow().Status == protocol.CaseClosed })
	app.WaitIdle(t, "the case closed", func(l desktop.Layout) bool { return strings.HasSuffix(l.Part("case").Text, "مغلقة") })

	d.Key(t, "F8")
	waitFor("the visit completed", func() bool { return ticket().ID == "" || ticket().State == protocol.TicketDone })
	app.WaitIdle(t, "the desk free", func(l desktop.Layout) bool { return l.Part("ticket-number").Text == "" })
	d.Screenshot(t, "desk-done")
	c := caseNow()
	kinds := ""
	for _, e := range c.Timeline {
		kinds += e.Kind + " "
	}
	if !strings.HasPrefix(kinds, "opened served note updated response referred ") || !strings.HasSuffix(kinds, "response closed ") {
		t.Errorf("timeline %q, want opened served note updated response referred … response closed", kinds)
	}

	// Pause for prayer (the first reason), then open again.
	d.Key(t, "F9")
	app.WaitLayout(t, "the pause dialog", func(l desktop.Layout) bool { return l.Part("dialog").Text != "" && l.Focus == "dialog-reason" })
	d.Screenshot(t, "desk-pause")
	d.Key(t, "Tab", "Return")
	waitFor("the desk paused", func() bool { dk := desk(); return dk.State == protocol.DeskPaused && dk.Reason == "prayer" })
	app.WaitIdle(t, "the desk shown paused", func(l desktop.Layout) bool { return strings.Contains(l.Part("desk-state").Text, "صلاة") })
	d.Screenshot(t, "desk-paused")
	d.Key(t, "F9")
	waitFor("the desk open again", func() bool { return desk().State == protocol.DeskOpen })
	app.WaitIdle(t, "the desk shown open", func(l desktop.Layout) bool { return l.Part("desk-state").Text == "المكتب مفتوح" })

	// The next visitor is transferred to Omar by name: the last choice,
	// after the queue and the five other desks.
	d.Key(t, "F2")
	var second protocol.Ticket
	waitFor("the second visitor called", func() bool {
		var s protocol.Snapshot
		h.Do(t, "GET", "/api/v1/branches/qatif/queue", manager, "", 200, &s)
		for _, dk := range s.Desks {
			if dk.ID == "2" && dk.Ticket != "" {
				second.ID = dk.Ticket
				return true
			}
		}
		return false
	})
	app.WaitIdle(t, "the second call on screen", func(l desktop.Layout) bool {
		return strings.HasSuffix(l.Part("ticket-number").Text, " "+string(protocol.TicketCalled))
	})
	d.Key(t, "F7")
	app.WaitLayout(t, "the transfer dialog", func(l desktop.Layout) bool { return l.Part("dialog").Text != "" && l.Focus == "dialog-to" })
	d.Key(t, "Down", "Down", "Down", "Down", "Down", "Down", "Tab")
	d.Type(t, "Building permit: Omar handles these")
	app.WaitLayout(t, "the transfer's note typed", func(l desktop.Layout) bool {
		return l.Part("dialog-note").Text == "Building permit: Omar handles these" && strings.Contains(l.Part("dialog-to").Text, "Omar")
	})
	d.Screenshot(t, "desk-transfer")
	d.Key(t, "Return")
	waitFor("the visitor waiting for Omar", func() bool {
		var s protocol.Snapshot
		h.Do(t, "GET", "/api/v1/branches/qatif/queue", manager, "", 200, &s)
		for _, w := range s.Waiting {
			if w.ID == second.ID {
				second = w
				return w.Officer == "omar" && w.Note == "Building permit: Omar handles these"
			}
		}
		return false
	})

	// The open cases with their time left; Enter on the first (the oldest:
	// the second visitor's, still received) opens it with the focus on the
	// text for the citizen, and Ctrl+Enter answers them.
	app.WaitIdle(t, "the desk free after the transfer", func(l desktop.Layout) bool { return l.Part("ticket-number").Text == "" })
	d.Key(t, "alt+o")
	app.WaitLayout(t, "the open cases", func(l desktop.Layout) bool {
		rows := strings.Split(l.Part("open-cases-list").Text, "\n")
		return strings.HasPrefix(rows[0], second.Case)
	})
	d.Screenshot(t, "desk-open-cases")
	d.Key(t, "Return")
	app.WaitLayout(t, "the case from the list, the focus on the text", func(l desktop.Layout) bool {
		return strings.HasPrefix(l.Part("case").Text, second.Case) && l.Focus == "case-text"
	})
	d.Type(t, "We received your permit request; the surveyor visits on Monday.")
	app.WaitLayout(t, "the text typed", func(l desktop.Layout) bool {
		return l.Part("case-text").Text == "We received your permit request; the surveyor visits on Monday."
	})
	d.Screenshot(t, "desk-picked-case")
	d.Key(t, "ctrl+Return")
	waitFor("the response on the case opened from the list", func() bool {
		var c protocol.Case
		h.Do(t, "GET", "/api/v1/branches/qatif/cases/"+second.Case, manager, "", 200, &c)
		return c.FirstReplyAt != nil
	})
	app.WaitIdle(t, "the response on the case opened from the list", func(l desktop.Layout) bool {
		return strings.Contains(l.Part("timeline").Text, "We received your permit request; the surveyor visits on Monday.")
	})
	// A colleague's note on the case on screen shows up in its timeline.
	h.Do(t, "POST", "/api/v1/branches/qatif/cases/"+second.Case+"/note", manager, `{"text":"Surveyor booked for Monday"}`, 200, nil)
	app.WaitLayout(t, "the note in the case's timeline", func(l desktop.Layout) bool {
		return strings.Contains(l.Part("timeline").Text, "Surveyor booked for Monday")
	})
	d.Screenshot(t, "desk-picked-live")
	d.Key(t, "alt+o")
	d.Key(t, "alt+f")
	d.Type(t, issued.Case)
	d.Key(t, "Return")
	app.WaitLayout(t, "the case found", func(l desktop.Layout) bool { return strings.HasPrefix(l.Part("lookup-results").Text, issued.Case) })
	d.Screenshot(t, "desk-lookup")

	// Alt+D closes the desk (free now); Alt+Q signs out.
	d.Key(t, "Escape")
	d.Key(t, "alt+d")
	waitFor("the desk closed", func() bool { return desk().State == protocol.DeskClosed })
	app.WaitIdle(t, "the claim screen", func(l desktop.Layout) bool { return l.Screen == "claim" })
	d.Key(t, "alt+q")
	app.WaitLayout(t, "the sign-in screen", func(l desktop.Layout) bool { return l.Screen == "signin" })
}

func hasArabic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) {
			return true
		}
	}
	return false
}
