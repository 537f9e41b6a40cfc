package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/desktop/xvfbtest"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// The back office's round trip from the counter (issue #12): a walk-in
// visitor is called and served at the real desk app (Xvfb), whose officer
// refers the case to the Roads Department and sends the visitor home. A
// person of the department, connected to the hub as the /office page is,
// sees it in the department's inbox, takes it and returns it to the front
// office with findings; the desk's open cases list it, and the case opens
// with the findings in its timeline.
func TestDeskReferredCaseComesBackWithFindings(t *testing.T) {
	xvfbtest.Require(t)
	h := hubtest.Start(t)
	kiosk := h.Device(t, protocol.RoleKiosk)
	manager := h.User(t, protocol.RoleAdmin, "huda", "Huda")
	_, password, err := hubtest.AddUser(t.Context(), h.Store, "qatif", protocol.RoleOfficer, "Sara Al-Qahtani", "sara")
	if err != nil {
		t.Fatal(err)
	}
	var issued protocol.IssuedTicket
	h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"road-defect"}`, 201, &issued)
	caseNow := func() protocol.Case {
		var c protocol.Case
		h.Do(t, "GET", "/api/v1/branches/qatif/cases/"+issued.Case, manager, "", 200, &c)
		return c
	}

	d, app := openDesk(t, h, password, "desk-returned-failed")

	// Call and serve the visitor; the case comes up with its description
	// in focus.
	d.Key(t, "F2")
	app.WaitIdle(t, "the call on screen", func(l desktop.Layout) bool {
		return l.Part("ticket-number").Text == issued.Ticket.Number+" "+string(protocol.TicketCalled)
	})
	d.Key(t, "F4")
	app.WaitIdle(t, "the case, the focus on its description", func(l desktop.Layout) bool {
		return strings.HasPrefix(l.Part("case").Text, issued.Case) && l.Focus == "case-description"
	})
	d.Type(t, "Pothole at the Al-Nasirah school gate")
	// District, street, landmark; the service's district is filled from
	// the location's; its location description is required.
	for _, text := range []string{"Al-Nasirah", "Prince Nayef St", "Al-Nasirah school", "", "In front of gate 2"} {
		d.Key(t, "Tab")
		if text != "" {
			d.Type(t, text)
		}
	}
	d.Key(t, "ctrl+s")
	wait.Until(t, 20*time.Second, "the case recorded", func() bool {
		return caseNow().Description == "Pothole at the Al-Nasirah school gate"
	})
	app.WaitIdle(t, "the update in the timeline", func(l desktop.Layout) bool { return strings.Contains(l.Part("timeline").Text, "تحديث") })

	// Refer it to Roads: the note, then the fourth button after it; Roads
	// is the second department of the dialog.
	d.Key(t, "alt+r")
	d.Type(t, "Please inspect the pothole.")
	d.Key(t, "Tab", "Tab", "Tab", "Tab", "Return")
	app.WaitLayout(t, "the refer dialog", func(l desktop.Layout) bool { return l.Focus == "dialog-department" })
	d.Key(t, "Down")
	app.WaitLayout(t, "roads chosen", func(l desktop.Layout) bool { return l.Part("dialog-department").Text == "إدارة الطرق" })
	d.Key(t, "Tab", "Return")
	wait.Until(t, 20*time.Second, "the case referred to roads", func() bool {
		c := caseNow()
		return c.Status == protocol.CaseReferred && c.Department == "roads"
	})
	app.WaitIdle(t, "the case referred", func(l desktop.Layout) bool { return strings.HasSuffix(l.Part("case").Text, "محالة") })
	// The visitor goes home: the department works on the case without them.
	d.Key(t, "F8")
	app.WaitIdle(t, "the visit completed", func(l desktop.Layout) bool { return l.Part("ticket-number").Text == "" })

	// The department's person, connected as /office is, finds it in the
	// department's inbox, takes it and returns it with findings.
	_, deptPassword, err := hubtest.AddDepartmentUser(t.Context(), h.Store, "qatif", "roads", false, "", "Khalid Al-Harbi", "khalid")
	if err != nil {
		t.Fatal(err)
	}
	office, err := client.Dial(t.Context(), client.Config{URL: h.WS, Token: signIn(t, h, "khalid", deptPassword)})
	if err != nil {
		t.Fatal(err)
	}
	defer office.Close()
	wait.Until(t, 20*time.Second, "the case in the Roads inbox", func() bool {
		var inbox []protocol.Case
		if err := office.Do(t.Context(), protocol.ReqCasesInbox, protocol.Inbox{View: "unassigned"}, &inbox); err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(inbox, func(c protocol.Case) bool { return c.Number == issued.Case })
	})
	var taken protocol.Case
	if err := office.Do(t.Context(), protocol.ReqCaseAssign, protocol.AssignCase{Case: issued.Case}, &taken); err != nil {
		t.Fatal(err)
	}
	if taken.Assignee != "khalid" {
		t.Fatalf("taken by %q, want khalid", taken.Assignee)
	}
	const findings = "Inspected: the pothole is 40 cm wide; repair booked for Sunday."
	var returned protocol.Case
	if err := office.Do(t.Context(), protocol.ReqCaseReturn, protocol.CaseText{Case: issued.Case, Text: findings}, &returned); err != nil {
		t.Fatal(err)
	}
	if returned.Department != "" || returned.Status != protocol.CaseInProgress {
		t.Fatalf("returned case: department %q, status %s; want the front office's, in progress", returned.Department, returned.Status)
	}

	// Back at the desk: the open cases list it, in progress; Enter opens
	// it, and its timeline says it came back, with the findings.
	d.Key(t, "alt+o")
	app.WaitLayout(t, "the returned case among the open cases", func(l desktop.Layout) bool {
		rows := strings.Split(l.Part("open-cases-list").Text, "\n")
		return strings.HasPrefix(rows[0], issued.Case) && strings.Contains(rows[0], "قيد العمل")
	})
	d.Key(t, "Return")
	l := app.WaitLayout(t, "the returned case with its findings", func(l desktop.Layout) bool {
		timeline := l.Part("timeline").Text
		return strings.HasPrefix(l.Part("case").Text, issued.Case) && l.Part("case-returned").Text == "أعادتها إدارة الطرق إلى مكتب الخدمة" &&
			strings.Contains(timeline, "أُعيدت إلى مكتب الخدمة") && strings.Contains(timeline, findings)
	})
	if p := l.Part("case-returned"); !l.Inside(p) {
		t.Errorf("the mark of a returned case is at %+v, not inside the %d×%d viewport", p, l.Width, l.Height)
	}
	if !l.Inside(l.Part("case-actions")) {
		t.Errorf("the case's actions are at %+v, not inside the %d×%d viewport", l.Part("case-actions"), l.Width, l.Height)
	}
	d.Screenshot(t, "desk-returned")
}

// signIn signs a person in over REST and returns the session token.
func signIn(t *testing.T, h *hubtest.Hub, username, password string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	res, err := http.Post(h.URL+"/api/v1/sessions", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var session struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&session); err != nil || session.Token == "" {
		t.Fatalf("sign in %s: status %d %v", username, res.StatusCode, err)
	}
	return session.Token
}
