package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// Cases are opened by IssueTicket (issue in queue_test.go) at t0, with the
// phone +966501234567 and the access code 7KQ2M-XD9PA.

var (
	caseAt       = t0.Add(time.Hour)
	infoDeadline = t0.Add(48 * time.Hour)
)

func officerBy(now time.Time) By { return By{Actor: "sara", Desk: "d1", Now: now} }

// caseIn opens a case and brings it to status by the ordinary actions.
func caseIn(t *testing.T, s *Store, status protocol.CaseStatus) string {
	t.Helper()
	ctx := context.Background()
	number := issue(t, s, protocol.LaneNormal, t0, Op{}).Case
	by := officerBy(t0.Add(time.Minute))
	var err error
	switch status {
	case protocol.CaseReceived:
	case protocol.CaseInProgress:
		_, err = s.AddNote(ctx, branch, number, by, "looking into it")
	case protocol.CaseAwaitingCitizen:
		_, err = s.RequestInfo(ctx, branch, number, by, "Please send a photo", infoDeadline)
	case protocol.CaseReferred:
		_, err = s.Refer(ctx, branch, number, by, "roads", "")
	case protocol.CaseResolved:
		_, err = s.Resolve(ctx, branch, number, by, "Fixed")
	case protocol.CaseClosed:
		_, err = s.CloseCase(ctx, branch, number, by, "withdrawn", "Withdrawn at your request")
	}
	if err != nil {
		t.Fatalf("bring case to %s: %v", status, err)
	}
	return number
}

// lastEvent is the branch's latest event.
func lastCaseEvent(t *testing.T, s *Store) protocol.Event {
	t.Helper()
	evs, err := s.EventsAfter(context.Background(), branch, 0, 10_000)
	if err != nil || len(evs) == 0 {
		t.Fatalf("read events: %v (%d)", err, len(evs))
	}
	return evs[len(evs)-1]
}

type caseStep func(s *Store, number string, by By) (protocol.Case, error)

func TestCaseAllowedActions(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		from    protocol.CaseStatus
		name    string
		step    caseStep
		to      protocol.CaseStatus
		entries []string // kinds appended, in order
		public  bool     // of the last entry
	}{
		{protocol.CaseReceived, "update", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.UpdateCase(ctx, branch, n, by, protocol.UpdateCase{Description: "Pothole", Details: map[string]string{"plot": "12"}})
		}, protocol.CaseInProgress, []string{"updated"}, true},
		{protocol.CaseReceived, "note", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.AddNote(ctx, branch, n, by, "internal")
		}, protocol.CaseInProgress, []string{"note"}, false},
		{protocol.CaseClosed, "note", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.AddNote(ctx, branch, n, by, "audit remark")
		}, protocol.CaseClosed, []string{"note"}, false},
		{protocol.CaseReceived, "respond", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Respond(ctx, branch, n, by, "We are on it")
		}, protocol.CaseInProgress, []string{"response"}, true},
		{protocol.CaseAwaitingCitizen, "respond", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Respond(ctx, branch, n, by, "Any photo will do")
		}, protocol.CaseAwaitingCitizen, []string{"response"}, true},
		{protocol.CaseInProgress, "request info", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.RequestInfo(ctx, branch, n, by, "Which street?", infoDeadline)
		}, protocol.CaseAwaitingCitizen, []string{"info_request"}, true},
		{protocol.CaseReceived, "refer", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Refer(ctx, branch, n, by, "roads", "site visit needed")
		}, protocol.CaseReferred, []string{"referred"}, true},
		{protocol.CaseReferred, "resolve", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Resolve(ctx, branch, n, by, "Repaired on Sunday")
		}, protocol.CaseResolved, []string{"response", "resolved"}, true},
		{protocol.CaseReceived, "resolve", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Resolve(ctx, branch, n, by, "Answered at the desk")
		}, protocol.CaseResolved, []string{"response", "resolved"}, true},
		{protocol.CaseResolved, "close resolved", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.CloseCase(ctx, branch, n, by, "resolved", "")
		}, protocol.CaseClosed, []string{"closed"}, true},
		{protocol.CaseInProgress, "close duplicate with text", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.CloseCase(ctx, branch, n, by, "duplicate", "Same as QTF-2026-000009")
		}, protocol.CaseClosed, []string{"response", "closed"}, true},
		{protocol.CaseResolved, "reopen", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Reopen(ctx, branch, n, by, "Broke again")
		}, protocol.CaseInProgress, []string{"reopened"}, true},
		{protocol.CaseClosed, "reopen", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Reopen(ctx, branch, n, by, "Citizen called")
		}, protocol.CaseInProgress, []string{"reopened"}, true},
		{protocol.CaseAwaitingCitizen, "citizen reply", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.CitizenReply(ctx, branch, n, "Here is the photo", by.Now)
		}, protocol.CaseInProgress, []string{"citizen_reply"}, true},
		{protocol.CaseReferred, "citizen reply", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.CitizenReply(ctx, branch, n, "Any news?", by.Now)
		}, protocol.CaseReferred, []string{"citizen_reply"}, true},
	} {
		t.Run(fmt.Sprintf("%s %s", c.from, c.name), func(t *testing.T) {
			s, _ := newStore(t)
			number := caseIn(t, s, c.from)
			before, err := s.Case(ctx, branch, number)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.step(s, number, officerBy(caseAt))
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got.Status != c.to {
				t.Fatalf("status %s, want %s", got.Status, c.to)
			}
			added := got.Timeline[len(before.Timeline):]
			var kinds []string
			for _, e := range added {
				kinds = append(kinds, e.Kind)
				wantActor, wantDesk := "sara", "d1"
				if e.Kind == protocol.EntryCitizenReply {
					wantActor, wantDesk = "citizen", ""
				}
				if !e.At.Equal(caseAt) || e.Actor != wantActor || e.Desk != wantDesk {
					t.Errorf("entry %+v: want at %v by %s at desk %q", e, caseAt, wantActor, wantDesk)
				}
			}
			if !slices.Equal(kinds, c.entries) {
				t.Fatalf("entries %v, want %v", kinds, c.entries)
			}
			last := added[len(added)-1]
			if last.Status != c.to || last.Public != c.public {
				t.Errorf("last entry %+v: want status %s public %v", last, c.to, c.public)
			}
			if !got.UpdatedAt.Equal(caseAt) {
				t.Errorf("updated_at %v", got.UpdatedAt)
			}
			ev := lastCaseEvent(t, s)
			want := protocol.CaseRef{Number: number, Status: c.to, Service: got.Service, Category: got.Category, Entry: last.Kind, Department: got.Department}
			if ev.Type != protocol.EventCaseChanged || ev.Actor != last.Actor || ev.Case == nil || *ev.Case != want || !ev.At.Equal(caseAt) {
				t.Errorf("event %+v case %+v, want %+v", ev, ev.Case, want)
			}
			open, err := s.Redis().ZScore(ctx, keyOpenCases(branch), number).Result()
			isOpen := err == nil && open == float64(t0.UnixMilli())
			if wantOpen := c.to != protocol.CaseResolved && c.to != protocol.CaseClosed; isOpen != wantOpen {
				t.Errorf("in the open cases: %v, want %v", isOpen, wantOpen)
			}
		})
	}
}

func TestCaseForbiddenActions(t *testing.T) {
	ctx := context.Background()
	later := infoDeadline.Add(time.Hour)
	for _, c := range []struct {
		from   protocol.CaseStatus
		name   string
		step   caseStep
		code   string
		reason string
	}{
		{protocol.CaseClosed, "respond", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Respond(ctx, branch, n, by, "late")
		}, protocol.CodeInvalidState, "case_closed"},
		{protocol.CaseResolved, "update", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.UpdateCase(ctx, branch, n, by, protocol.UpdateCase{Category: "request"})
		}, protocol.CodeInvalidState, "case_resolved"},
		{protocol.CaseResolved, "resolve again", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Resolve(ctx, branch, n, by, "again")
		}, protocol.CodeInvalidState, "case_resolved"},
		{protocol.CaseClosed, "close again", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.CloseCase(ctx, branch, n, by, "resolved", "again")
		}, protocol.CodeInvalidState, "case_closed"},
		{protocol.CaseClosed, "request info", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.RequestInfo(ctx, branch, n, by, "photo?", later.Add(time.Hour))
		}, protocol.CodeInvalidState, "case_closed"},
		{protocol.CaseResolved, "refer", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Refer(ctx, branch, n, by, "roads", "")
		}, protocol.CodeInvalidState, "case_resolved"},
		{protocol.CaseInProgress, "reopen an open case", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Reopen(ctx, branch, n, by, "why")
		}, protocol.CodeInvalidState, "case_open"},
		{protocol.CaseClosed, "citizen reply", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.CitizenReply(ctx, branch, n, "hello?", by.Now)
		}, protocol.CodeInvalidState, "case_closed"},
		{protocol.CaseResolved, "citizen reply", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.CitizenReply(ctx, branch, n, "hello?", by.Now)
		}, protocol.CodeInvalidState, "case_resolved"},
		{protocol.CaseInProgress, "resolve without text", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Resolve(ctx, branch, n, by, "  ")
		}, protocol.CodeResponseRequired, "no_response"},
		{protocol.CaseInProgress, "close without any response", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.CloseCase(ctx, branch, n, by, "resolved", "")
		}, protocol.CodeResponseRequired, "no_response"},
		{protocol.CaseAwaitingCitizen, "close duplicate without response", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.CloseCase(ctx, branch, n, by, "duplicate", "")
		}, protocol.CodeResponseRequired, "no_response"},
		{protocol.CaseInProgress, "no reply without asking", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.CloseCase(ctx, branch, n, by, "no_reply", "")
		}, protocol.CodeInvalidState, "case_not_awaiting"},
		{protocol.CaseAwaitingCitizen, "no reply before the infoDeadline", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.CloseCase(ctx, branch, n, by, "no_reply", "not serious")
		}, protocol.CodeDeadlineNotDue, "deadline_not_passed"},
		{protocol.CaseAwaitingCitizen, "no reply at the infoDeadline", func(s *Store, n string, by By) (protocol.Case, error) {
			by.Now = infoDeadline
			return s.CloseCase(ctx, branch, n, by, "no_reply", "")
		}, protocol.CodeDeadlineNotDue, "deadline_not_passed"},
		{protocol.CaseInProgress, "unknown close reason", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.CloseCase(ctx, branch, n, by, "not_serious", "bye")
		}, protocol.CodeBadRequest, "bad_close_reason"},
		{protocol.CaseInProgress, "infoDeadline in the past", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.RequestInfo(ctx, branch, n, by, "photo?", by.Now)
		}, protocol.CodeBadRequest, "deadline_in_past"},
		{protocol.CaseInProgress, "empty note", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.AddNote(ctx, branch, n, by, " \n\t")
		}, protocol.CodeBadRequest, ""},
		{protocol.CaseInProgress, "empty response", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Respond(ctx, branch, n, by, "")
		}, protocol.CodeBadRequest, ""},
		{protocol.CaseInProgress, "text too long", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Respond(ctx, branch, n, by, strings.Repeat("ب", MaxCaseText+1))
		}, protocol.CodeBadRequest, ""},
		{protocol.CaseInProgress, "invalid UTF-8", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Respond(ctx, branch, n, by, "ok \xff")
		}, protocol.CodeBadRequest, ""},
		{protocol.CaseInProgress, "refer nowhere", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Refer(ctx, branch, n, by, " ", "please")
		}, protocol.CodeBadRequest, ""},
		{protocol.CaseInProgress, "update nothing", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.UpdateCase(ctx, branch, n, by, protocol.UpdateCase{})
		}, protocol.CodeBadRequest, "nothing_to_update"},
		{protocol.CaseInProgress, "unknown case", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Respond(ctx, branch, "QTF-2026-999999", by, "hello")
		}, protocol.CodeNotFound, "unknown_case"},
		{protocol.CaseInProgress, "bad case number", func(s *Store, n string, by By) (protocol.Case, error) {
			return s.Respond(ctx, branch, "QTF:{x}", by, "hello")
		}, protocol.CodeNotFound, "unknown_case"},
	} {
		t.Run(fmt.Sprintf("%s %s", c.from, c.name), func(t *testing.T) {
			s, _ := newStore(t)
			number := caseIn(t, s, c.from)
			before, err := s.Case(ctx, branch, number)
			if err != nil {
				t.Fatal(err)
			}
			offset := lastCaseEvent(t, s).Offset
			_, err = c.step(s, number, officerBy(caseAt))
			wantCode(t, err, c.code)
			if c.reason != "" {
				var pe *protocol.Error
				errors.As(err, &pe)
				if pe.Message != words.Reasons[c.reason].En || pe.MessageAr != words.Reasons[c.reason].Ar {
					t.Errorf("error %q, want reason %s", pe.Message, c.reason)
				}
			}
			after, err := s.Case(ctx, branch, number)
			if err != nil {
				t.Fatal(err)
			}
			if after.Status != before.Status || len(after.Timeline) != len(before.Timeline) || !after.UpdatedAt.Equal(before.UpdatedAt) {
				t.Errorf("a refused action changed the case: %+v -> %+v", before, after)
			}
			if got := lastCaseEvent(t, s).Offset; got != offset {
				t.Errorf("a refused action emitted an event (offset %d -> %d)", offset, got)
			}
		})
	}
}

// The core rule: a case asked for information can be closed as "no reply"
// only after the infoDeadline, and the citizen reads why.
func TestCaseCloseNoReply(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	number := caseIn(t, s, protocol.CaseAwaitingCitizen)
	c, err := s.Case(ctx, branch, number)
	if err != nil {
		t.Fatal(err)
	}
	if c.InfoDeadline == nil || !c.InfoDeadline.Equal(infoDeadline) || c.FirstReplyAt != nil {
		t.Fatalf("awaiting case: infoDeadline %v first reply %v", c.InfoDeadline, c.FirstReplyAt)
	}
	after := infoDeadline.Add(time.Second)
	c, err = s.CloseCase(ctx, branch, number, officerBy(after), "no_reply", "")
	if err != nil {
		t.Fatal(err)
	}
	n := len(c.Timeline)
	response, closed := c.Timeline[n-2], c.Timeline[n-1]
	if c.Status != protocol.CaseClosed || c.CloseReason != "no_reply" || c.ClosedAt == nil || !c.ClosedAt.Equal(after) ||
		c.InfoDeadline != nil || c.FirstReplyAt == nil || !c.FirstReplyAt.Equal(after) {
		t.Fatalf("closed case %+v", c)
	}
	if response.Kind != protocol.EntryResponse || response.Text != noReplyExplanation || !response.Public ||
		closed.Kind != protocol.EntryClosed || closed.Text != "no_reply" || !closed.Public {
		t.Fatalf("closing entries %+v %+v", response, closed)
	}
}

// Reopening clears the response on record: closing again needs a new one.
func TestCaseReopenNeedsNewResponse(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	number := caseIn(t, s, protocol.CaseResolved)
	if _, err := s.Reopen(ctx, branch, number, officerBy(caseAt), "Broke again"); err != nil {
		t.Fatal(err)
	}
	_, err := s.CloseCase(ctx, branch, number, officerBy(caseAt), "resolved", "")
	wantCode(t, err, protocol.CodeResponseRequired)
	if _, err := s.Respond(ctx, branch, number, officerBy(caseAt), "Fixed again"); err != nil {
		t.Fatal(err)
	}
	c, err := s.CloseCase(ctx, branch, number, officerBy(caseAt.Add(time.Minute)), "resolved", "")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range c.Timeline {
		kinds = append(kinds, e.Kind)
	}
	want := []string{"opened", "response", "resolved", "reopened", "response", "closed"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("timeline %v, want %v", kinds, want)
	}
	// The first reply is the first one ever, not the one after reopening.
	if c.FirstReplyAt == nil || !c.FirstReplyAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("first reply at %v", c.FirstReplyAt)
	}
	if c.ClosedAt == nil || !c.ClosedAt.Equal(caseAt.Add(time.Minute)) {
		t.Fatalf("closed at %v, want the close", c.ClosedAt)
	}
}

// closed_at is when a case was finished: its resolution, which a later
// close of the resolved case does not move.
func TestCaseFinishedAt(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	number := caseIn(t, s, protocol.CaseInProgress)
	c, err := s.Resolve(ctx, branch, number, officerBy(caseAt), "Fixed")
	if err != nil || c.ClosedAt == nil || !c.ClosedAt.Equal(caseAt) {
		t.Fatalf("resolve: closed at %v, %v; want the resolution", c.ClosedAt, err)
	}
	c, err = s.CloseCase(ctx, branch, number, officerBy(caseAt.Add(time.Hour)), "resolved", "")
	if err != nil || c.ClosedAt == nil || !c.ClosedAt.Equal(caseAt) {
		t.Fatalf("close after resolve: closed at %v, %v; want the resolution still", c.ClosedAt, err)
	}
	c, err = s.Reopen(ctx, branch, number, officerBy(caseAt.Add(2*time.Hour)), "Broke again")
	if err != nil || c.ClosedAt != nil {
		t.Fatalf("reopen: closed at %v, %v; want none", c.ClosedAt, err)
	}
}

func TestCaseIdempotentRetry(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	number := caseIn(t, s, protocol.CaseInProgress)
	by := officerBy(caseAt)
	by.Op = Op{Principal: "sara", RequestID: "r1"}
	first, err := s.Respond(ctx, branch, number, by, "We are on it")
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Respond(ctx, branch, number, by, "We are on it")
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Timeline) != len(first.Timeline) {
		t.Fatalf("the retry added an entry: %d -> %d", len(first.Timeline), len(again.Timeline))
	}
	_, err = s.Respond(ctx, branch, number, by, "Something else")
	wantCode(t, err, protocol.CodeConflict)
}

// Two officers finish the same case at once: exactly one wins, and the
// timeline holds exactly the winner's entries.
func TestCaseConcurrentFinish(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	finish := map[string]func(number string, by By) error{
		"resolve": func(number string, by By) error {
			_, err := s.Resolve(ctx, branch, number, by, "Fixed by "+by.Actor)
			return err
		},
		"close": func(number string, by By) error {
			_, err := s.CloseCase(ctx, branch, number, by, "duplicate", "Duplicate, says "+by.Actor)
			return err
		},
	}
	for name, act := range finish {
		for round := range 5 {
			number := caseIn(t, s, protocol.CaseInProgress)
			before, err := s.Case(ctx, branch, number)
			if err != nil {
				t.Fatal(err)
			}
			actors := []string{"sara", "omar"}
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i, actor := range actors {
				wg.Go(func() { errs[i] = act(number, By{Actor: actor, Now: caseAt}) })
			}
			wg.Wait()
			if (errs[0] == nil) == (errs[1] == nil) {
				t.Fatalf("%s round %d: %v, %v: want exactly one to win", name, round, errs[0], errs[1])
			}
			wantCode(t, errors.Join(errs[0], errs[1]), protocol.CodeInvalidState)
			winner := actors[0]
			if errs[0] != nil {
				winner = actors[1]
			}
			c, err := s.Case(ctx, branch, number)
			if err != nil {
				t.Fatal(err)
			}
			added := c.Timeline[len(before.Timeline):]
			if len(added) != 2 || added[0].Kind != protocol.EntryResponse || !strings.HasSuffix(added[0].Text, winner) ||
				added[0].Actor != winner || added[1].Actor != winner {
				t.Fatalf("%s round %d: timeline after the race %+v", name, round, added)
			}
		}
	}
}

func TestCaseByAccess(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	number := caseIn(t, s, protocol.CaseInProgress) // has an internal note
	if _, err := s.Respond(ctx, branch, number, officerBy(caseAt), "We are on it"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CitizenReply(ctx, branch, number, "Thanks", caseAt); err != nil {
		t.Fatal(err)
	}
	c, err := s.CaseByAccess(ctx, branch, number, " 7kq2m xd9pa")
	if err != nil {
		t.Fatal(err)
	}
	if c.Phone != protocol.MaskPhone("+966501234567") || strings.Contains(c.Phone, "1234567") {
		t.Errorf("phone %q not masked", c.Phone)
	}
	var kinds []string
	for _, e := range c.Timeline {
		kinds = append(kinds, e.Kind)
		if !e.Public || (e.Actor != "" && e.Actor != "citizen") {
			t.Errorf("public view shows %+v", e)
		}
	}
	if want := []string{"opened", "response", "citizen_reply"}; !slices.Equal(kinds, want) {
		t.Errorf("public timeline %v, want %v", kinds, want)
	}
	for _, code := range []string{"7KQ2M-XD9PB", "", "7KQ2M"} {
		_, err := s.CaseByAccess(ctx, branch, number, code)
		wantCode(t, err, protocol.CodeNotFound)
	}
	_, err = s.CaseByAccess(ctx, branch, "QTF-2026-999999", "7KQ2M-XD9PA")
	wantCode(t, err, protocol.CodeNotFound)
}

// No event carries a citizen's phone or any text: hall displays read them.
func TestCaseEventsCarryNoPrivateData(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	number := caseIn(t, s, protocol.CaseReceived)
	by := officerBy(caseAt)
	if _, err := s.UpdateCase(ctx, branch, number, by, protocol.UpdateCase{Description: "secret-description"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNote(ctx, branch, number, by, "secret-note"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve(ctx, branch, number, by, "secret-response"); err != nil {
		t.Fatal(err)
	}
	msgs, err := s.Redis().XRange(ctx, keyEvents(branch), "-", "+").Result()
	if err != nil {
		t.Fatal(err)
	}
	cases := 0
	for _, m := range msgs {
		raw := m.Values["e"].(string)
		if strings.Contains(raw, protocol.EventCaseChanged) {
			cases++
		}
		for _, private := range []string{"secret-", "501234567", "7KQ2M"} {
			if strings.Contains(raw, private) {
				t.Errorf("event %s holds %q", raw, private)
			}
		}
	}
	if cases != 3 {
		t.Errorf("%d case events, want 3", cases)
	}
}

func TestCaseUpdateStoresFields(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	number := caseIn(t, s, protocol.CaseReceived)
	lat := 26.56
	c, err := s.UpdateCase(ctx, branch, number, officerBy(caseAt), protocol.UpdateCase{
		Category: "report", Description: "  حفرة في الطريق ",
		Location: &protocol.Location{District: "Al-Nasim", Lat: &lat},
		Details:  map[string]string{"plot": "12"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Category != "report" || c.Service != "road-defect" || c.Description != "حفرة في الطريق" ||
		c.Location == nil || c.Location.District != "Al-Nasim" || *c.Location.Lat != lat || c.Details["plot"] != "12" {
		t.Fatalf("updated case %+v", c)
	}
	if e := c.Timeline[len(c.Timeline)-1]; e.Text != "category, description, location, details" {
		t.Fatalf("update entry %+v", e)
	}
	if ev := lastCaseEvent(t, s); ev.Case.Category != "report" {
		t.Fatalf("event case %+v", ev.Case)
	}
}

func TestCaseLists(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	first := caseIn(t, s, protocol.CaseInProgress)
	second := caseIn(t, s, protocol.CaseResolved)
	third := caseIn(t, s, protocol.CaseReferred)

	open, err := s.OpenCases(ctx, branch, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 2 || open[0].Number != first || open[1].Number != third || open[0].Timeline != nil {
		t.Fatalf("OpenCases = %+v", open)
	}
	if one, _ := s.OpenCases(ctx, branch, 1); len(one) != 1 {
		t.Fatalf("OpenCases limit 1 = %d cases", len(one))
	}
	mine, err := s.CasesByPhone(ctx, branch, "050 123 4567")
	if err != nil {
		t.Fatal(err)
	}
	var numbers []string
	for _, c := range mine {
		numbers = append(numbers, c.Number)
	}
	// All three were opened at t0; the case numbers break no tie, so only
	// the set is checked.
	slices.Sort(numbers)
	if want := []string{first, second, third}; !slices.Equal(numbers, want) {
		t.Fatalf("CasesByPhone = %v, want %v", numbers, want)
	}
	if none, err := s.CasesByPhone(ctx, branch, "0559999999"); err != nil || len(none) != 0 {
		t.Fatalf("CasesByPhone(other) = %v, %v", none, err)
	}
	_, err = s.CasesByPhone(ctx, branch, "12345")
	wantCode(t, err, protocol.CodeBadRequest)
}
