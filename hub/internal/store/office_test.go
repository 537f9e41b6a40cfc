package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

func roadsBy(actor string, now time.Time) By { return By{Actor: actor, Now: now, Within: "roads"} }

// inbox is the case numbers of a department's view at the branch.
func inbox(t *testing.T, s *Store, dept, view, user string) []string {
	t.Helper()
	cases, err := s.Inbox(context.Background(), branch, dept, view, user, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cases {
		out = append(out, c.Number)
	}
	return out
}

func wantInbox(t *testing.T, s *Store, dept, view, user string, want ...string) {
	t.Helper()
	if got := inbox(t, s, dept, view, user); !slices.Equal(got, want) {
		t.Errorf("inbox %s %s %s = %v, want %v", dept, view, user, got, want)
	}
}

// A case moves desk → roads → assigned → reassigned → unassigned → lighting
// → back to the front office; each step keeps the indexes right in the same
// run, leaves an entry and says where the case is in its event.
func TestOfficeCaseFlow(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	n := caseIn(t, s, protocol.CaseInProgress)
	at := caseAt

	c, err := s.Refer(ctx, branch, n, officerBy(at), "roads", "pothole by the school")
	if err != nil || c.Department != "roads" || c.Status != protocol.CaseReferred {
		t.Fatalf("refer: %+v, %v", c, err)
	}
	if ev := lastCaseEvent(t, s); ev.Case.Department != "roads" {
		t.Errorf("refer event %+v: want the department", ev.Case)
	}
	last := c.Timeline[len(c.Timeline)-1]
	if last.Kind != "referred" || last.Department != "roads" || last.Text != "pothole by the school" || !last.Public {
		t.Errorf("referral entry %+v", last)
	}
	wantInbox(t, s, "roads", protocol.InboxUnassigned, "", n)
	wantInbox(t, s, "roads", protocol.InboxDepartment, "", n)

	c, err = s.Assign(ctx, branch, n, roadsBy("khalid", at), "omar")
	if err != nil || c.Assignee != "omar" {
		t.Fatalf("assign: %+v, %v", c, err)
	}
	if e := c.Timeline[len(c.Timeline)-1]; e.Kind != "assigned" || e.Public || e.Text != "omar" {
		t.Errorf("assigned entry %+v: want internal, naming omar", e)
	}
	wantInbox(t, s, "roads", protocol.InboxUnassigned, "")
	wantInbox(t, s, "roads", protocol.InboxMine, "omar", n)

	if _, err := s.Assign(ctx, branch, n, roadsBy("khalid", at), "ali"); err != nil {
		t.Fatalf("reassign: %v", err)
	}
	wantInbox(t, s, "roads", protocol.InboxMine, "omar")
	wantInbox(t, s, "roads", protocol.InboxMine, "ali", n)

	c, err = s.Unassign(ctx, branch, n, roadsBy("ali", at))
	if err != nil || c.Assignee != "" {
		t.Fatalf("unassign: %+v, %v", c, err)
	}
	wantInbox(t, s, "roads", protocol.InboxMine, "ali")
	wantInbox(t, s, "roads", protocol.InboxUnassigned, "", n)

	// Re-referral: the history stays, the assignee does not follow.
	if _, err := s.Assign(ctx, branch, n, roadsBy("khalid", at), "omar"); err != nil {
		t.Fatal(err)
	}
	c, err = s.Refer(ctx, branch, n, roadsBy("omar", at), "lighting", "a lamp post, not the road")
	if err != nil || c.Department != "lighting" || c.Assignee != "" {
		t.Fatalf("re-refer: %+v, %v", c, err)
	}
	wantInbox(t, s, "roads", protocol.InboxDepartment, "")
	wantInbox(t, s, "roads", protocol.InboxMine, "omar")
	wantInbox(t, s, "lighting", protocol.InboxUnassigned, "", n)
	var referrals []string
	for _, e := range c.Timeline {
		if e.Kind == "referred" {
			referrals = append(referrals, e.Department)
		}
	}
	if !slices.Equal(referrals, []string{"roads", "lighting"}) {
		t.Errorf("referrals on the timeline %v", referrals)
	}

	// roads no longer holds it: to its people the case does not exist.
	_, err = s.AddNote(ctx, branch, n, roadsBy("omar", at), "still here?")
	wantCode(t, err, protocol.CodeNotFound)

	c, err = s.ReturnCase(ctx, branch, n, By{Actor: "huda", Now: at, Within: "lighting"}, "The lamp was repaired on Monday")
	if err != nil || c.Department != "" || c.Status != protocol.CaseInProgress {
		t.Fatalf("return: %+v, %v", c, err)
	}
	if e := c.Timeline[len(c.Timeline)-1]; e.Kind != "returned" || e.Public || e.Department != "lighting" {
		t.Errorf("returned entry %+v: want internal, from lighting", e)
	}
	wantInbox(t, s, "lighting", protocol.InboxDepartment, "")
	if ev := lastCaseEvent(t, s); ev.Case.Department != "" {
		t.Errorf("return event %+v: the front office holds it", ev.Case)
	}
}

// A finished case leaves its department's inbox and keeps the department
// that finished it; reopened, it is back in that inbox.
func TestOfficeFinishAndReopen(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	n := caseIn(t, s, protocol.CaseReferred)
	if _, err := s.Assign(ctx, branch, n, roadsBy("omar", caseAt), "omar"); err != nil {
		t.Fatal(err)
	}
	c, err := s.Resolve(ctx, branch, n, roadsBy("omar", caseAt), "Filled")
	if err != nil || c.Department != "roads" {
		t.Fatalf("resolve: %+v %v", c, err)
	}
	wantInbox(t, s, "roads", protocol.InboxDepartment, "")
	wantInbox(t, s, "roads", protocol.InboxMine, "omar")
	if _, err := s.Reopen(ctx, branch, n, officerBy(caseAt), "Still a hole"); err != nil {
		t.Fatal(err)
	}
	wantInbox(t, s, "roads", protocol.InboxDepartment, "", n)
	wantInbox(t, s, "roads", protocol.InboxMine, "omar", n)
}

// Refusals write nothing and emit nothing.
func TestOfficeRefusals(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	atDesk := caseIn(t, s, protocol.CaseInProgress)
	referred := caseIn(t, s, protocol.CaseReferred)
	for _, c := range []struct {
		name string
		do   func() error
		code string
	}{
		{"return a case not referred", func() error {
			_, err := s.ReturnCase(ctx, branch, atDesk, officerBy(caseAt), "findings")
			return err
		}, protocol.CodeInvalidState},
		{"assign a case not referred", func() error {
			_, err := s.Assign(ctx, branch, atDesk, officerBy(caseAt), "omar")
			return err
		}, protocol.CodeInvalidState},
		{"unassign a case nobody has", func() error {
			_, err := s.Unassign(ctx, branch, referred, roadsBy("omar", caseAt))
			return err
		}, protocol.CodeInvalidState},
		{"return without findings", func() error {
			_, err := s.ReturnCase(ctx, branch, referred, roadsBy("omar", caseAt), " ")
			return err
		}, protocol.CodeBadRequest},
		{"assign to nobody", func() error {
			_, err := s.Assign(ctx, branch, referred, roadsBy("omar", caseAt), "")
			return err
		}, protocol.CodeBadRequest},
		{"act outside the department", func() error {
			_, err := s.Respond(ctx, branch, atDesk, roadsBy("omar", caseAt), "hello")
			return err
		}, protocol.CodeNotFound},
		{"another department's case", func() error {
			_, err := s.Assign(ctx, branch, referred, By{Actor: "huda", Now: caseAt, Within: "lighting"}, "huda")
			return err
		}, protocol.CodeNotFound},
	} {
		t.Run(c.name, func(t *testing.T) {
			before, _ := s.Redis().XLen(ctx, keyEvents(branch)).Result()
			tl, _ := s.Redis().LLen(ctx, keyTimeline(branch, referred)).Result()
			tl2, _ := s.Redis().LLen(ctx, keyTimeline(branch, atDesk)).Result()
			wantCode(t, c.do(), c.code)
			after, _ := s.Redis().XLen(ctx, keyEvents(branch)).Result()
			tlAfter, _ := s.Redis().LLen(ctx, keyTimeline(branch, referred)).Result()
			tl2After, _ := s.Redis().LLen(ctx, keyTimeline(branch, atDesk)).Result()
			if before != after || tl != tlAfter || tl2 != tl2After {
				t.Errorf("a refusal wrote: events %d→%d, timelines %d→%d, %d→%d", before, after, tl, tlAfter, tl2, tl2After)
			}
		})
	}
}

// A report made without a visit lands in its department's unassigned inbox
// in the run that opens it.
func TestOfficeReportGoesToDepartment(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	r, err := s.OpenCase(ctx, Report{Branch: branch, Service: "road-defect", Category: "report", Channel: "online",
		Description: "A deep pothole", CasePrefix: "QTF", Year: "2026", AccessCode: "7KQ2M-XD9PA", Now: t0,
		Actor: "citizen", Department: "roads"})
	if err != nil {
		t.Fatal(err)
	}
	wantInbox(t, s, "roads", protocol.InboxUnassigned, "", r.Case)
	if ev := lastCaseEvent(t, s); ev.Case.Department != "roads" {
		t.Errorf("report event %+v: want the department", ev.Case)
	}
	c, err := s.Case(ctx, branch, r.Case)
	if err != nil || c.Department != "roads" {
		t.Fatalf("case %+v, %v", c, err)
	}
}

// Escalation is a claim: of two replicas finding the same case overdue, the
// first records it and the second changes nothing; a case that moved to
// another department or was answered meanwhile is not escalated.
func TestOfficeEscalateOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	n := caseIn(t, s, protocol.CaseReferred)
	for i, want := range []bool{true, false} {
		ok, err := s.Escalate(ctx, branch, n, "roads", TargetResolution, caseAt)
		if err != nil || ok != want {
			t.Fatalf("escalation %d: %v, %v; want %v", i+1, ok, err, want)
		}
	}
	if ok, _ := s.Escalate(ctx, branch, n, "lighting", TargetFirstResponse, caseAt); ok {
		t.Error("escalated for a department that does not hold the case")
	}
	if _, err := s.Respond(ctx, branch, n, roadsBy("omar", caseAt), "On it"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Escalate(ctx, branch, n, "roads", TargetFirstResponse, caseAt); ok {
		t.Error("escalated a first response already given")
	}
	c, err := s.Case(ctx, branch, n)
	if err != nil || c.EscalatedResolution == nil || c.EscalatedFirstResponse != nil {
		t.Fatalf("case %+v, %v", c, err)
	}
}

// An inspection is one entry with its findings, photos and position,
// public or internal as the inspector chose; without findings nothing is
// stored.
func TestOfficeInspect(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	n := caseIn(t, s, protocol.CaseReferred)
	lat, lng := 26.565, 50.012
	c, err := s.Inspect(ctx, branch, n, roadsBy("omar", caseAt), Inspection{Findings: "Pothole 40 cm across", Photos: []string{"ab.jpg"},
		Location: &protocol.Location{Lat: &lat, Lng: &lng}, Public: true})
	if err != nil {
		t.Fatal(err)
	}
	e := c.Timeline[len(c.Timeline)-1]
	if e.Kind != protocol.EntryInspection || !e.Public || e.Text != "Pothole 40 cm across" || len(e.Photos) != 1 ||
		e.Location == nil || *e.Location.Lat != lat || e.Department != "roads" {
		t.Fatalf("inspection entry %+v", e)
	}
	c, err = s.Inspect(ctx, branch, n, roadsBy("omar", caseAt), Inspection{Findings: "Internal: contractor to quote"})
	if err != nil || c.Timeline[len(c.Timeline)-1].Public {
		t.Fatalf("internal inspection: %+v %v", c.Timeline[len(c.Timeline)-1], err)
	}
	before := len(c.Timeline)
	_, err = s.Inspect(ctx, branch, n, roadsBy("omar", caseAt), Inspection{Findings: "  ", Photos: []string{"ab.jpg"}})
	var pe *protocol.Error
	if !errors.As(err, &pe) || pe.Field != "findings" || pe.MessageAr == "" {
		t.Fatalf("inspection without findings: %v", err)
	}
	if c, _ := s.Case(ctx, branch, n); len(c.Timeline) != before {
		t.Fatal("a refused inspection was stored")
	}
}
