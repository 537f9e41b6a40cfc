package actions

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

var officeNow = time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)

// newOfficeActions is the Qatif catalogue with a second branch, Safwa
// (SFW), served by lighting only, and the people of roads and lighting.
func newOfficeActions(t *testing.T) (*Actions, *store.Store) {
	t.Helper()
	raw, err := os.ReadFile("../../catalogues/qatif.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(raw), "\ncategories:\n", `
  - id: safwa
    name: { ar: فرع صفوى, en: Safwa branch }
    time_zone: Asia/Riyadh
    case_prefix: SFW
    hours: [{ days: [sun, mon, tue, wed, thu], open: "07:30", close: "14:30" }]
    desks: [{ id: "1", name: { ar: مكتب ١, en: Desk 1 } }]

categories:
`, 1)
	text = strings.Replace(text, "    name: { ar: إدارة الطرق, en: Roads Department }\n",
		"    name: { ar: إدارة الطرق, en: Roads Department }\n    branches: [qatif]\n", 1)
	cat, err := catalogue.Parse([]byte(text), "qatif+safwa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(redistest.Start(t).Client())
	ctx := context.Background()
	if err := st.LoadScripts(ctx); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		dept, name string
		head       bool
	}{{"roads", "omar", false}, {"roads", "khalid", true}, {"roads", "ali", false}, {"lighting", "huda", false}} {
		addUser(t, st, "qatif", protocol.RoleDepartment, u.dept, u.head, u.name, u.name)
	}
	a := New(st, cat, "https://shamil.example.sa/", slog.New(slog.NewTextHandler(io.Discard, nil)))
	a.now = func() time.Time { return officeNow }
	return a, st
}

var huda = auth.Principal{ID: "huda", Role: protocol.RoleDepartment, Branch: "qatif", Department: "lighting"}

// walkIn opens a case at the desk of a branch.
func walkIn(t *testing.T, a *Actions, branch string) string {
	t.Helper()
	k := kiosk
	k.Branch = branch
	out, err := do(t, a, k, protocol.ReqTicketIssue, "", map[string]string{"service": "road-defect", "phone": "0501234567"})
	if err != nil {
		t.Fatal(err)
	}
	return out.(protocol.IssuedTicket).Case
}

func mustDo(t *testing.T, a *Actions, p auth.Principal, typ string, data any) protocol.Case {
	t.Helper()
	out, err := do(t, a, p, typ, "", data)
	if err != nil {
		t.Fatalf("%s sends %s: %v", p.ID, typ, err)
	}
	return out.(protocol.Case)
}

func inboxOf(t *testing.T, a *Actions, p auth.Principal, view string) []string {
	t.Helper()
	out, err := do(t, a, p, protocol.ReqCasesInbox, "", protocol.Inbox{View: view, Department: "roads"})
	if err != nil {
		t.Fatal(err)
	}
	var numbers []string
	for _, c := range out.([]protocol.Case) {
		numbers = append(numbers, c.Number)
	}
	return numbers
}

// A department's people see and act on exactly the cases their department
// holds, in the branches it serves; every other case is not found, and a
// refused action stores nothing.
func TestOfficeVisibility(t *testing.T) {
	a, st := newOfficeActions(t)
	ctx := context.Background()
	atDesk := walkIn(t, a, "qatif")
	roads := walkIn(t, a, "qatif")
	mustDo(t, a, sara, protocol.ReqCaseRefer, protocol.ReferCase{Case: roads, Department: "roads", Text: "pothole"})
	lighting := walkIn(t, a, "qatif")
	mustDo(t, a, sara, protocol.ReqCaseRefer, protocol.ReferCase{Case: lighting, Department: "lighting"})
	safwaLighting := walkIn(t, a, "safwa")
	safwaOfficer := sara
	safwaOfficer.Branch = "safwa"
	mustDo(t, a, safwaOfficer, protocol.ReqCaseRefer, protocol.ReferCase{Case: safwaLighting, Department: "lighting"})

	for _, c := range []struct {
		who     auth.Principal
		number  string
		visible bool
	}{
		{omar, roads, true}, {khalid, roads, true}, {omar, atDesk, false}, {omar, lighting, false},
		{omar, safwaLighting, false}, {huda, lighting, true}, {huda, safwaLighting, true}, {huda, roads, false},
		{omar, "QTF-2026-999999", false}, {omar, "XYZ-2026-000001", false},
	} {
		_, err := do(t, a, c.who, protocol.ReqCaseGet, "", protocol.CaseRequest{Case: c.number})
		if (err == nil) != c.visible || err != nil && code(err) != protocol.CodeNotFound {
			t.Errorf("%s reads %s: %v, want visible %v (else not_found)", c.who.ID, c.number, err, c.visible)
		}
		found, err := do(t, a, c.who, protocol.ReqCaseFind, "", protocol.FindCases{Case: c.number})
		if err != nil || (len(found.([]protocol.Case)) == 1) != c.visible {
			t.Errorf("%s finds %s: %v, %v; want visible %v", c.who.ID, c.number, found, err, c.visible)
		}
		if c.visible {
			continue
		}
		before, _ := st.Case(ctx, "qatif", c.number)
		for typ, data := range map[string]any{
			protocol.ReqCaseNote:     protocol.CaseText{Case: c.number, Text: "x"},
			protocol.ReqCaseRespond:  protocol.CaseText{Case: c.number, Text: "x"},
			protocol.ReqCaseResolve:  protocol.CaseText{Case: c.number, Text: "x"},
			protocol.ReqCaseReturn:   protocol.CaseText{Case: c.number, Text: "x"},
			protocol.ReqCaseAssign:   protocol.AssignCase{Case: c.number},
			protocol.ReqCaseUnassign: protocol.CaseRequest{Case: c.number},
			protocol.ReqCaseRefer:    protocol.ReferCase{Case: c.number, Department: "roads"},
			protocol.ReqCaseUpdate:   protocol.UpdateCase{Case: c.number, Description: "x"},
			protocol.ReqCaseRequest:  protocol.RequestInfo{Case: c.number, Text: "x", Deadline: officeNow.Add(48 * time.Hour)},
			protocol.ReqCaseClose:    protocol.CloseCase{Case: c.number, Reason: "withdrawn", Text: "x"},
		} {
			if _, err := do(t, a, c.who, typ, "", data); code(err) != protocol.CodeNotFound {
				t.Errorf("%s sends %s on %s: %v, want not_found", c.who.ID, typ, c.number, err)
			}
		}
		if after, _ := st.Case(ctx, "qatif", c.number); len(after.Timeline) != len(before.Timeline) {
			t.Errorf("refused actions on %s wrote %d entries", c.number, len(after.Timeline)-len(before.Timeline))
		}
	}
	if got := inboxOf(t, a, omar, protocol.InboxDepartment); !slices.Equal(got, []string{roads}) {
		t.Errorf("roads inbox %v, want %v", got, []string{roads})
	}
	if got := inboxOf(t, a, huda, protocol.InboxUnassigned); len(got) != 2 {
		t.Errorf("lighting's unassigned in both branches %v, want 2", got)
	}
}

// Assigning: the head gives a case to anyone of the department, a member
// takes it for themselves; nobody assigns outside the department.
func TestOfficeAssign(t *testing.T) {
	a, _ := newOfficeActions(t)
	n := walkIn(t, a, "qatif")
	mustDo(t, a, sara, protocol.ReqCaseRefer, protocol.ReferCase{Case: n, Department: "roads"})

	refusals := []struct {
		name  string
		who   auth.Principal
		data  any
		code  string
		field string
	}{
		{"to another department's person", khalid, protocol.AssignCase{Case: n, Assignee: "huda"}, protocol.CodeBadRequest, "assignee"},
		{"to an unknown person", khalid, protocol.AssignCase{Case: n, Assignee: "nobody"}, protocol.CodeBadRequest, "assignee"},
		{"to a desk officer", manager, protocol.AssignCase{Case: n, Assignee: "sara"}, protocol.CodeBadRequest, "assignee"},
		{"to someone else, not the head", omar, protocol.AssignCase{Case: n, Assignee: "ali"}, protocol.CodeForbidden, ""},
		{"to nobody, a manager", manager, protocol.AssignCase{Case: n}, protocol.CodeBadRequest, "assignee"},
	}
	for _, r := range refusals {
		_, err := do(t, a, r.who, protocol.ReqCaseAssign, "", r.data)
		var pe *protocol.Error
		errors.As(err, &pe)
		if pe == nil || pe.Code != r.code || pe.Field != r.field || pe.Message == "" || pe.MessageAr == "" {
			t.Errorf("assign %s: %v, want %s naming %q in both languages", r.name, err, r.code, r.field)
		}
	}
	if got := inboxOf(t, a, omar, protocol.InboxUnassigned); !slices.Equal(got, []string{n}) {
		t.Fatalf("after the refusals the case is unassigned: %v", got)
	}

	c := mustDo(t, a, omar, protocol.ReqCaseAssign, protocol.AssignCase{Case: n})
	if c.Assignee != "omar" || !slices.Equal(inboxOf(t, a, omar, protocol.InboxMine), []string{n}) {
		t.Fatalf("omar took it: %+v", c)
	}
	if _, err := do(t, a, ali(), protocol.ReqCaseUnassign, "", protocol.CaseRequest{Case: n}); code(err) != protocol.CodeForbidden {
		t.Errorf("ali unassigns omar's case: %v", err)
	}
	c = mustDo(t, a, khalid, protocol.ReqCaseAssign, protocol.AssignCase{Case: n, Assignee: "ali"})
	if c.Assignee != "ali" || len(inboxOf(t, a, omar, protocol.InboxMine)) != 0 {
		t.Fatalf("the head reassigned to ali: %+v", c)
	}
	c = mustDo(t, a, ali(), protocol.ReqCaseUnassign, protocol.CaseRequest{Case: n})
	if c.Assignee != "" {
		t.Fatalf("ali gave it back: %+v", c)
	}
}

func ali() auth.Principal {
	return auth.Principal{ID: "ali", Role: protocol.RoleDepartment, Branch: "qatif", Department: "roads"}
}

// Referring names a catalogue department that serves the branch; returning
// needs a case with a department and findings. Each refusal names its field
// in both languages and stores nothing.
func TestOfficeReferAndReturn(t *testing.T) {
	a, st := newOfficeActions(t)
	ctx := context.Background()
	n := walkIn(t, a, "qatif")
	safwa := walkIn(t, a, "safwa")
	safwaOfficer := sara
	safwaOfficer.Branch = "safwa"
	for _, r := range []struct {
		name   string
		who    auth.Principal
		number string
		typ    string
		data   any
		code   string
		field  string
	}{
		{"unknown department", sara, n, protocol.ReqCaseRefer, protocol.ReferCase{Case: n, Department: "parks"}, protocol.CodeBadRequest, "department"},
		{"no department", sara, n, protocol.ReqCaseRefer, protocol.ReferCase{Case: n}, protocol.CodeBadRequest, "department"},
		{"a department not serving the branch", safwaOfficer, safwa, protocol.ReqCaseRefer, protocol.ReferCase{Case: safwa, Department: "roads"}, protocol.CodeBadRequest, "department"},
		{"return a case not referred", manager, n, protocol.ReqCaseReturn, protocol.CaseText{Case: n, Text: "findings"}, protocol.CodeInvalidState, "case"},
	} {
		before, _ := st.Case(ctx, r.who.Branch, r.number)
		_, err := do(t, a, r.who, r.typ, "", r.data)
		var pe *protocol.Error
		errors.As(err, &pe)
		if pe == nil || pe.Code != r.code || pe.Field != r.field || pe.Message == "" || pe.MessageAr == "" {
			t.Errorf("%s: %v, want %s naming %q in both languages", r.name, err, r.code, r.field)
		}
		if after, _ := st.Case(ctx, r.who.Branch, r.number); len(after.Timeline) != len(before.Timeline) || after.Department != "" {
			t.Errorf("%s stored something: %+v", r.name, after)
		}
	}

	mustDo(t, a, sara, protocol.ReqCaseRefer, protocol.ReferCase{Case: n, Department: "roads"})
	if _, err := do(t, a, omar, protocol.ReqCaseReturn, "", protocol.CaseText{Case: n, Text: " "}); code(err) != protocol.CodeBadRequest {
		t.Errorf("return without findings: %v", err)
	}
	c := mustDo(t, a, omar, protocol.ReqCaseReturn, protocol.CaseText{Case: n, Text: "Not a road: private parking"})
	if c.Department != "" || c.Status != protocol.CaseInProgress {
		t.Fatalf("returned: %+v", c)
	}
	if _, err := do(t, a, omar, protocol.ReqCaseGet, "", protocol.CaseRequest{Case: n}); code(err) != protocol.CodeNotFound {
		t.Errorf("after the return roads still sees it: %v", err)
	}
	got := mustDo(t, a, sara, protocol.ReqCaseGet, protocol.CaseRequest{Case: n})
	if last := got.Timeline[len(got.Timeline)-1]; last.Kind != protocol.EntryReturned || last.Text != "Not a road: private parking" {
		t.Errorf("the desk reads %+v", last)
	}
}

// A report made without a visit goes to its service's department; a
// service without one goes to triage.
func TestOfficeReportRouting(t *testing.T) {
	a, _ := newOfficeActions(t)
	ctx := context.Background()
	for service, want := range map[string]string{"road-defect": "roads", "transaction-inquiry": catalogue.TriageDepartment} {
		r, err := a.ReportCase(ctx, Report{Branch: "qatif", Service: service, Description: "something", Channel: "online", RequestID: "r-" + service})
		if err != nil {
			t.Fatal(err)
		}
		c, err := a.store.Case(ctx, "qatif", r.Case)
		if err != nil || c.Department != want {
			t.Errorf("report of %s went to %q, want %q (%v)", service, c.Department, want, err)
		}
	}
	if got := inboxOf(t, a, omar, protocol.InboxUnassigned); len(got) != 1 {
		t.Errorf("roads inbox %v", got)
	}
}

// Due soon and overdue follow the clock in working hours: a road report
// made Sunday 11:00 in Riyadh (first response in 4 working hours) is due
// soon after 14:00 and overdue from Monday 08:00, the branch being closed
// from 14:30.
func TestOfficeDueSoonAndOverdue(t *testing.T) {
	a, _ := newOfficeActions(t)
	r, err := a.ReportCase(context.Background(), Report{Branch: "qatif", Service: "road-defect", Description: "pothole", Channel: "online", RequestID: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at               time.Time
		dueSoon, overdue bool
	}{
		{officeNow.Add(2 * time.Hour), false, false},
		{officeNow.Add(3*time.Hour + 10*time.Minute), true, false},
		{time.Date(2026, 11, 30, 4, 50, 0, 0, time.UTC), true, false},
		{time.Date(2026, 11, 30, 5, 10, 0, 0, time.UTC), false, true},
	} {
		a.now = func() time.Time { return c.at }
		soon, late := inboxOf(t, a, khalid, protocol.InboxDueSoon), inboxOf(t, a, khalid, protocol.InboxOverdue)
		if slices.Contains(soon, r.Case) != c.dueSoon || slices.Contains(late, r.Case) != c.overdue {
			t.Errorf("at %v: due soon %v, overdue %v; want %v, %v", c.at, soon, late, c.dueSoon, c.overdue)
		}
	}
}
