package desk

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// signIn enrols an officer and signs them in through the hub's REST API, as
// the app does.
func signIn(t *testing.T, h *hubtest.Hub, username, name string) Session {
	t.Helper()
	user, password, err := hubtest.AddUser(context.Background(), h.Store, "qatif", protocol.RoleOfficer, name, username)
	if err != nil {
		t.Fatal(err)
	}
	s, err := SignIn(context.Background(), h.URL, user, password)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func connect(t *testing.T, s Session) *Station {
	t.Helper()
	st, err := Connect(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func issue(t *testing.T, h *hubtest.Hub, kiosk, service string) protocol.IssuedTicket {
	t.Helper()
	var out protocol.IssuedTicket
	h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"`+service+`"}`, 201, &out)
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if perr := HubError(err); perr == nil || perr.Code != code {
		t.Fatalf("error %v, want %s", err, code)
	}
}

func TestSignIn(t *testing.T) {
	h := hubtest.Start(t)
	s := signIn(t, h, "sara", "Sara Al-Qahtani")
	if s.Name != "Sara Al-Qahtani" || s.Branch != "qatif" || !s.Valid(time.Now()) || s.Valid(s.ExpiresAt) {
		t.Fatalf("session %+v", s)
	}
	if got := s.WebSocketURL(); got != h.WS {
		t.Errorf("WebSocketURL = %s, want %s", got, h.WS)
	}
	_, err := SignIn(context.Background(), h.URL, "sara", "wrong password")
	if perr := HubError(err); perr == nil || perr.Code != protocol.CodeUnauthenticated || perr.MessageAr == "" {
		t.Fatalf("wrong password: %v", err)
	}
	_, err = SignIn(context.Background(), "not a url", "sara", "x")
	wantCode(t, err, protocol.CodeBadRequest)

	if err := SignOut(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	// Refused at authentication, or closed as revoked when the sign-out's
	// notice reaches the hub while the connection opens: either is final.
	_, err = Connect(context.Background(), s, nil)
	var closed *websocket.CloseError
	refused := HubError(err) != nil && HubError(err).Code == protocol.CodeUnauthenticated
	if !refused && !(errors.As(err, &closed) && closed.Code == protocol.CloseRevoked) {
		t.Fatalf("connect after sign-out: %v", err)
	}
}

func TestClaimRefusedWithHoldersName(t *testing.T) {
	h := hubtest.Start(t)
	sara := connect(t, signIn(t, h, "sara", "Sara Al-Qahtani"))
	omar := connect(t, signIn(t, h, "omar", "Omar"))
	if _, err := sara.Claim(context.Background(), "1"); err != nil {
		t.Fatal(err)
	}
	_, err := omar.Claim(context.Background(), "1")
	wantCode(t, err, protocol.CodeDeskTaken)
	perr := HubError(err)
	if !strings.Contains(perr.Message, "Sara Al-Qahtani") || !strings.Contains(perr.MessageAr, "Sara Al-Qahtani") {
		t.Fatalf("refusal does not name the holder: %+v", perr)
	}
	if omar.Desk() != "" {
		t.Fatal("a refused claim left a desk held")
	}
	if _, err := omar.Claim(context.Background(), "2"); err != nil {
		t.Fatal(err)
	}
	// The app restarted: the hub says which desk Sara holds.
	again := connect(t, sara.Session)
	wait.Until(t, 10*time.Second, "snapshot", func() bool { return again.Board.Queue("1", "", time.Now(), 5).Synced })
	if d, ok := again.Resume(); !ok || d != "1" {
		t.Fatalf("Resume = %q, %v", d, ok)
	}
}

func TestCallServeComplete(t *testing.T) {
	h := hubtest.Start(t)
	kiosk := h.Device(t, protocol.RoleKiosk)
	st := connect(t, signIn(t, h, "sara", "Sara"))
	ctx := context.Background()
	if _, err := st.Claim(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	_, err := st.CallNext(ctx)
	wantCode(t, err, protocol.CodeQueueEmpty)

	first := issue(t, h, kiosk, "building-permit")
	issue(t, h, kiosk, "road-defect")
	wait.Until(t, 10*time.Second, "two waiting on the side panel", func() bool {
		q := st.Board.Queue("1", "", time.Now(), 5)
		return q.Waiting == 2 && len(q.Next) == 2 && q.Next[0].ID == first.Ticket.ID
	})

	called, err := st.CallNext(ctx)
	if err != nil || called.ID != first.Ticket.ID || called.State != protocol.TicketCalled {
		t.Fatalf("call next = %+v, %v", called, err)
	}
	// The sample branch allows a recall only 20 s after the call.
	_, err = st.TicketAction(ctx, protocol.ReqTicketRecall)
	wantCode(t, err, protocol.CodeInvalidState)
	if got, err := st.TicketAction(ctx, protocol.ReqTicketServe); err != nil || got.State != protocol.TicketServing {
		t.Fatalf("serve = %+v, %v", got, err)
	}
	wait.Until(t, 10*time.Second, "the serving ticket on the board", func() bool {
		cur, ok := st.Current()
		return ok && cur.State == protocol.TicketServing && cur.Number == first.Ticket.Number
	})
	if _, err := st.TicketAction(ctx, protocol.ReqTicketComplete); err != nil {
		t.Fatal(err)
	}
	wait.Until(t, 10*time.Second, "the desk free again", func() bool { _, ok := st.Current(); return !ok })

	// The second visitor goes to desk 2 with a note and keeps the number.
	second, err := st.CallNext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	moved, err := st.Transfer(ctx, "2", "", "needs the surveyor")
	if err != nil || moved.State != protocol.TicketWaiting || moved.Desk != "2" || moved.Number != second.Number {
		t.Fatalf("transfer = %+v, %v", moved, err)
	}
	if _, err := st.Pause(ctx, "prayer"); err != nil {
		t.Fatal(err)
	}
	wait.Until(t, 10*time.Second, "the desk paused", func() bool { d, _ := st.Board.Desk("1"); return d.State == protocol.DeskPaused && d.Reason == "prayer" })
	if _, err := st.CloseDesk(ctx); err != nil || st.Desk() != "" {
		t.Fatalf("close: %v", err)
	}
}

// A call next whose reply is lost (the officer's wait ended first) and that
// is pressed again calls one visitor, not two.
func TestRetriedCallNextCallsOnce(t *testing.T) {
	h := hubtest.Start(t)
	kiosk := h.Device(t, protocol.RoleKiosk)
	st := connect(t, signIn(t, h, "sara", "Sara"))
	if _, err := st.Claim(context.Background(), "1"); err != nil {
		t.Fatal(err)
	}
	first := issue(t, h, kiosk, "road-defect")
	issue(t, h, kiosk, "road-defect")

	lost, cancel := context.WithCancel(context.Background())
	cancel() // the request goes out; its reply is never waited for
	if _, err := st.CallNext(lost); !errors.Is(err, context.Canceled) {
		t.Fatalf("first attempt: %v", err)
	}
	got, err := st.CallNext(context.Background())
	if err != nil || got.ID != first.Ticket.ID {
		t.Fatalf("retry = %+v, %v", got, err)
	}
	var snap protocol.Snapshot
	h.Do(t, "GET", "/api/v1/branches/qatif/queue", kiosk, "", 200, &snap)
	if snap.WaitingCount != 1 {
		t.Fatalf("%d waiting after a retried call next, want 1", snap.WaitingCount)
	}
}

func TestRecordCase(t *testing.T) {
	h := hubtest.Start(t)
	kiosk := h.Device(t, protocol.RoleKiosk)
	st := connect(t, signIn(t, h, "sara", "Sara"))
	ctx := context.Background()
	if _, err := st.Claim(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	issued := issue(t, h, kiosk, "building-permit")
	st.CallNext(ctx)
	st.TicketAction(ctx, protocol.ReqTicketServe)

	form := CaseForm{Case: issued.Case, Service: "building-permit", Description: "A villa extension",
		District: "Al-Nasirah", Street: "King Abdulaziz St", Details: map[string]string{"deed-number": "4455"}}
	_, err := st.UpdateCase(ctx, form)
	if perr := HubError(err); perr == nil || perr.Field != "plot-number" || perr.MessageAr == "" {
		t.Fatalf("a required detail missing: %v", err)
	}
	form.Details["plot-number"] = "1375"
	form.Details["district"] = "Al-Nasirah"
	c, err := st.UpdateCase(ctx, form)
	if err != nil || c.Category != "permit" || c.Description != "A villa extension" || c.Location.Street != "King Abdulaziz St" || c.Details["plot-number"] != "1375" {
		t.Fatalf("update = %+v, %v", c, err)
	}

	_, err = st.Act(ctx, CaseAction{Kind: "resolve", Case: c.Number})
	wantCode(t, err, protocol.CodeResponseRequired)
	// The hub refuses it too, whatever a client sends.
	var raw protocol.Case
	wantCode(t, st.hub.Do(ctx, protocol.ReqCaseResolve, protocol.CaseText{Case: c.Number}, &raw), protocol.CodeResponseRequired)

	if c, err = st.Act(ctx, CaseAction{Kind: "note", Case: c.Number, Text: "Deed checked"}); err != nil {
		t.Fatal(err)
	}
	if c, err = st.Act(ctx, CaseAction{Kind: "respond", Case: c.Number, Text: "Your permit is being reviewed."}); err != nil {
		t.Fatal(err)
	}
	if c.FirstReplyAt == nil {
		t.Fatal("the response did not count as the first reply")
	}
	cat, branch, _ := st.Catalogue()
	target, ok := TimeLeft(c, cat, branch, time.Now())
	if !ok || target.Kind != "resolution" || target.Left <= 0 {
		t.Fatalf("TimeLeft = %+v, %v", target, ok)
	}
	c, err = st.Act(ctx, CaseAction{Kind: "request_info", Case: c.Number, Text: "Please bring the deed.", Deadline: time.Now().Add(72 * time.Hour)})
	if err != nil || c.Status != protocol.CaseAwaitingCitizen {
		t.Fatalf("request info = %s, %v", c.Status, err)
	}
	if c, err = st.Act(ctx, CaseAction{Kind: "refer", Case: c.Number, Department: "building-permits", Text: "Boundary check"}); err != nil || c.Status != protocol.CaseReferred {
		t.Fatalf("refer = %s, %v", c.Status, err)
	}
	if c, err = st.Act(ctx, CaseAction{Kind: "resolve", Case: c.Number, Text: "Approved; collect it on Sunday."}); err != nil || c.Status != protocol.CaseResolved {
		t.Fatalf("resolve = %s, %v", c.Status, err)
	}
	kinds := []string{}
	for _, e := range c.Timeline {
		kinds = append(kinds, e.Kind)
	}
	if got := strings.Join(kinds, " "); !strings.Contains(got, "updated note response info_request referred response resolved") {
		t.Fatalf("timeline %s", got)
	}
	if _, err := st.TicketAction(ctx, protocol.ReqTicketComplete); err != nil {
		t.Fatal(err)
	}
}

// Park a visitor, serve the next, resume the parked one; hand a visitor to
// a named officer; the officer's figures and the case lists come from the hub.
func TestParkTransferToOfficerAndFigures(t *testing.T) {
	h := hubtest.Start(t)
	kiosk := h.Device(t, protocol.RoleKiosk)
	sara := connect(t, signIn(t, h, "sara", "Sara"))
	omar := connect(t, signIn(t, h, "omar", "Omar"))
	ctx := context.Background()
	for _, c := range []struct {
		st   *Station
		desk string
	}{{sara, "1"}, {omar, "2"}} {
		if _, err := c.st.Claim(ctx, c.desk); err != nil {
			t.Fatal(err)
		}
	}
	// Omar at desk 1 is refused with Sara's name, from the hub's error.
	_, err := omar.Claim(ctx, "1")
	if perr := HubError(err); perr == nil || perr.Holder != "Sara" {
		t.Fatalf("claim of a held desk: %v", err)
	}
	first := issue(t, h, kiosk, "road-defect")
	second := issue(t, h, kiosk, "road-defect")
	third := issue(t, h, kiosk, "road-defect")

	serve := func(st *Station) protocol.Ticket {
		t.Helper()
		if _, err := st.CallNext(ctx); err != nil {
			t.Fatal(err)
		}
		tk, err := st.TicketAction(ctx, protocol.ReqTicketServe)
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	if tk := serve(sara); tk.ID != first.Ticket.ID {
		t.Fatalf("sara serves %s", tk.Number)
	}
	if _, err := sara.TicketAction(ctx, protocol.ReqTicketPark); err != nil {
		t.Fatal(err)
	}
	if p := sara.Board.Parked("1"); len(p) != 1 || p[0].ID != first.Ticket.ID {
		t.Fatalf("parked at desk 1: %+v", p)
	}
	if _, ok := sara.Current(); ok {
		t.Fatal("the desk still shows the parked visitor as current")
	}
	wait.Until(t, 10*time.Second, "a parked visitor is not waiting", func() bool { return sara.Board.Queue("1", "sara", time.Now(), 5).Waiting == 2 })

	// The next visitor goes to Omar by name: he calls it before the queue.
	serve(sara)
	moved, err := sara.Transfer(ctx, "", "omar", "building permit")
	if err != nil || moved.Officer != "omar" || moved.State != protocol.TicketWaiting {
		t.Fatalf("transfer to omar: %+v %v", moved, err)
	}
	wait.Until(t, 10*time.Second, "omar sees it first", func() bool {
		q := omar.Board.Queue("2", "omar", time.Now(), 5)
		return len(q.Next) == 2 && q.Next[0].ID == second.Ticket.ID
	})
	if tk := serve(omar); tk.ID != second.Ticket.ID || tk.Desk != "2" {
		t.Fatalf("omar serves %+v, want %s at desk 2", tk, second.Ticket.Number)
	}

	if _, err := sara.ResumeParked(ctx, first.Ticket.ID); err != nil {
		t.Fatal(err)
	}
	if cur, ok := sara.Current(); !ok || cur.ID != first.Ticket.ID || cur.State != protocol.TicketServing {
		t.Fatalf("after resume, desk 1 has %+v", cur)
	}
	if _, err := sara.TicketAction(ctx, protocol.ReqTicketComplete); err != nil {
		t.Fatal(err)
	}
	day, err := sara.Today(ctx)
	if err != nil || day.Served != 1 || day.NoShows != 0 {
		t.Fatalf("sara's day: %+v %v", day, err)
	}

	open, err := sara.OpenCases(ctx)
	if err != nil || len(open) != 3 || open[0].Number != first.Case {
		t.Fatalf("open cases: %+v %v", open, err)
	}
	found, err := sara.FindCases(ctx, strings.ToLower(third.Case))
	if err != nil || len(found) != 1 || found[0].Number != third.Case {
		t.Fatalf("find by case number: %+v %v", found, err)
	}
	_, err = sara.FindCases(ctx, "  ")
	wantCode(t, err, protocol.CodeBadRequest)

	// A change to a case on the hub tells the screen to reload it.
	admin := h.User(t, protocol.RoleAdmin, "huda", "Huda")
	before := sara.Board.CaseRev(third.Case)
	h.Do(t, "POST", "/api/v1/branches/qatif/cases/"+third.Case+"/note", admin, `{"text":"seen before"}`, 200, nil)
	wait.Until(t, 10*time.Second, "the case's revision moves", func() bool { return sara.Board.CaseRev(third.Case) != before })
}
