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
	_, password, err := h.Store.AddUser(t.Context(), "qatif", protocol.RoleOfficer, "Sara Al-Qahtani", "sara")
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
	app.WaitOutput(t, "the desk page started", 30*time.Second)
	time.Sleep(time.Second) // fonts and the first drawing
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
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); !ok(); time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				d.Screenshot(t, "desk-failed")
				t.Fatalf("the app never got to: %s\n%s", what, app.Output())
			}
		}
		time.Sleep(700 * time.Millisecond) // the page redraws twice a second
	}
	time.Sleep(2 * time.Second)
	d.Screenshot(t, "desk-claim")
	// Omar's desk is marked paused, with the reason and his name.
	app.WaitLayout(t, "desk 1 marked paused", func(l desktop.Layout) bool {
		text := l.Part("desk-1").Text
		return strings.Contains(text, "متوقف مؤقتاً: صلاة") && strings.Contains(text, "Omar Al-Dossary")
	})
	d.Key(t, "Return") // the first free desk has the focus
	waitFor("desk 2 open for Sara", func() bool { dk := desk(); return dk.State == protocol.DeskOpen && dk.Officer == "sara" })
	d.Screenshot(t, "desk-open")

	d.Key(t, "F2")
	waitFor("the first visitor called", func() bool { return ticket().State == protocol.TicketCalled })
	d.Screenshot(t, "desk-called")

	d.Key(t, "F4")
	waitFor("the visitor served", func() bool { return ticket().State == protocol.TicketServing })
	time.Sleep(time.Second)
	// The description has the focus; the service's own fields follow it
	// after district, street and landmark.
	d.Type(t, "Deep pothole by the school gate")
	time.Sleep(500 * time.Millisecond)
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
	time.Sleep(1500 * time.Millisecond)
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
	d.Screenshot(t, "desk-case")
	d.Key(t, "alt+l")
	time.Sleep(time.Second)
	d.Screenshot(t, "desk-case-en")
	d.Key(t, "alt+l")

	// Refer: the text, then the fourth button after it; the dialog offers
	// the catalogue's departments, triage first and roads next.
	d.Key(t, "alt+r")
	d.Type(t, "The roads department will inspect it.")
	d.Key(t, "Tab", "Tab", "Tab", "Tab", "Return")
	time.Sleep(time.Second)
	d.Key(t, "Down")
	d.Screenshot(t, "desk-refer")
	d.Key(t, "Tab", "Return")
	waitFor("the case referred to roads", func() bool {
		c := caseNow()
		return c.Status == protocol.CaseReferred && c.Department == "roads"
	})

	// Park the visitor (gone to fetch a document), then take them back.
	d.Key(t, "F10")
	waitFor("the visitor parked", func() bool { return ticket().State == protocol.TicketParked })
	d.Screenshot(t, "desk-parked")
	d.Key(t, "F10")
	waitFor("the visitor served again", func() bool { return ticket().State == protocol.TicketServing })

	// Close the case with a last response: the sixth button after the text.
	d.Key(t, "alt+r")
	d.Type(t, "Repaired on site.")
	d.Key(t, "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Return")
	time.Sleep(time.Second)
	d.Screenshot(t, "desk-close")
	d.Key(t, "Tab", "Return") // reason: resolved (the first)
	waitFor("the case closed", func() bool { return caseNow().Status == protocol.CaseClosed })

	d.Key(t, "F8")
	waitFor("the visit completed", func() bool { return ticket().ID == "" || ticket().State == protocol.TicketDone })
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
	time.Sleep(time.Second)
	d.Screenshot(t, "desk-pause")
	d.Key(t, "Tab", "Return")
	waitFor("the desk paused", func() bool { dk := desk(); return dk.State == protocol.DeskPaused && dk.Reason == "prayer" })
	d.Screenshot(t, "desk-paused")
	d.Key(t, "F9")
	waitFor("the desk open again", func() bool { return desk().State == protocol.DeskOpen })

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
	d.Key(t, "F7")
	time.Sleep(time.Second)
	d.Key(t, "Down", "Down", "Down", "Down", "Down", "Down", "Tab")
	d.Type(t, "Building permit: Omar handles these")
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
	d.Key(t, "alt+o")
	time.Sleep(1500 * time.Millisecond)
	d.Screenshot(t, "desk-open-cases")
	d.Key(t, "Return")
	time.Sleep(1500 * time.Millisecond)
	d.Type(t, "We received your permit request; the surveyor visits on Monday.")
	d.Screenshot(t, "desk-picked-case")
	d.Key(t, "ctrl+Return")
	waitFor("the response on the case opened from the list", func() bool {
		var c protocol.Case
		h.Do(t, "GET", "/api/v1/branches/qatif/cases/"+second.Case, manager, "", 200, &c)
		return c.FirstReplyAt != nil
	})
	// A colleague's note on the case on screen shows up in its timeline.
	h.Do(t, "POST", "/api/v1/branches/qatif/cases/"+second.Case+"/note", manager, `{"text":"Surveyor booked for Monday"}`, 200, nil)
	time.Sleep(1500 * time.Millisecond)
	d.Screenshot(t, "desk-picked-live")
	d.Key(t, "alt+o")
	d.Key(t, "alt+f")
	d.Type(t, issued.Case)
	d.Key(t, "Return")
	time.Sleep(1500 * time.Millisecond)
	d.Screenshot(t, "desk-lookup")

	// Alt+D closes the desk (free now); Alt+Q signs out.
	d.Key(t, "Escape")
	d.Key(t, "alt+d")
	waitFor("the desk closed", func() bool { return desk().State == protocol.DeskClosed })
	app.WaitLayout(t, "the claim screen", func(l desktop.Layout) bool { return l.Screen == "claim" })
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
