package actions

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

var (
	kiosk   = auth.Principal{ID: "kiosk-1", Role: protocol.RoleKiosk, Branch: "qatif"}
	display = auth.Principal{ID: "display-1", Role: protocol.RoleDisplay, Branch: "qatif"}
	sara    = auth.Principal{ID: "sara", Name: "سارة", Role: protocol.RoleOfficer, Branch: "qatif"}
	manager = auth.Principal{ID: "huda", Role: protocol.RoleManager, Branch: "qatif"}
	admin   = auth.Principal{ID: "root", Role: protocol.RoleAdmin, Branch: "qatif"}
	// omar works in the Roads Department; khalid heads it.
	omar   = auth.Principal{ID: "omar", Role: protocol.RoleDepartment, Branch: "qatif", Department: "roads"}
	khalid = auth.Principal{ID: "khalid", Role: protocol.RoleDepartment, Branch: "qatif", Department: "roads", Head: true}
)

// newActions returns actions over a fresh Redis and the Qatif catalogue,
// with the clock at now.
func newActions(t *testing.T, now time.Time) (*Actions, *store.Store) {
	t.Helper()
	cat, err := catalogue.Load("../../catalogues/qatif.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(redistest.Start(t).Client())
	if err := st.LoadScripts(context.Background()); err != nil {
		t.Fatal(err)
	}
	a := New(st, cat, "https://shamil.example.sa/", slog.New(slog.NewTextHandler(io.Discard, nil)))
	a.now = func() time.Time { return now }
	return a, st
}

func do(t *testing.T, a *Actions, p auth.Principal, typ, id string, data any) (any, error) {
	t.Helper()
	raw, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	return a.Execute(context.Background(), p, protocol.Request{ID: id, Type: typ, Data: raw})
}

func code(err error) string {
	var pe *protocol.Error
	if errors.As(err, &pe) {
		return pe.Code
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

// firstService is a service code of the sample catalogue.
func firstService(a *Actions) string { return a.cat.Wire().Services[0].Code }

// Each role can do exactly its own operations. The expected table is
// written out here, not derived from the one in actions.go.
func TestAuthorisationMatrix(t *testing.T) {
	a, _ := newActions(t, time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC))
	k, d, o, m, ad, dp := "kiosk", "display", "officer", "manager", "admin", "department"
	allowed := map[string][]string{
		protocol.ReqCatalogue:       {k, d, o, m, ad, dp},
		protocol.ReqQueue:           {k, d, o, m, ad, dp},
		protocol.ReqTicketIssue:     {k, ad},
		protocol.ReqTicketCheckIn:   {k, ad},
		protocol.ReqBookingFollowUp: {o, ad},
		protocol.ReqTicketCancel:    {o, ad},
		protocol.ReqTicketRecall:    {o, ad},
		protocol.ReqTicketServe:     {o, ad},
		protocol.ReqTicketNoShow:    {o, ad},
		protocol.ReqTicketComplete:  {o, ad},
		protocol.ReqTicketTransfer:  {o, ad},
		protocol.ReqTicketPark:      {o, ad},
		protocol.ReqTicketResume:    {o, ad},
		protocol.ReqOfficerToday:    {o, ad},
		protocol.ReqDeskOpen:        {o, ad},
		protocol.ReqDeskPause:       {o, ad},
		protocol.ReqDeskClose:       {o, ad},
		protocol.ReqDeskCallNext:    {o, ad},
		protocol.ReqCaseGet:         {o, dp, m, ad},
		protocol.ReqCaseUpdate:      {o, dp, ad},
		protocol.ReqCaseNote:        {o, dp, ad},
		protocol.ReqCaseRespond:     {o, dp, ad},
		protocol.ReqCaseRequest:     {o, dp, ad},
		protocol.ReqCaseRefer:       {o, dp, ad},
		protocol.ReqCaseResolve:     {o, dp, ad},
		protocol.ReqCaseClose:       {o, dp, ad},
		protocol.ReqCaseReopen:      {o, dp, ad},
		protocol.ReqCaseFind:        {o, dp, m, ad},
		protocol.ReqCasesOpen:       {o, m, ad},
		protocol.ReqCaseOpen:        {o, ad},
		protocol.ReqCaseAssign:      {dp, m, ad},
		protocol.ReqCaseUnassign:    {dp, m, ad},
		protocol.ReqCaseReturn:      {dp, m, ad},
		protocol.ReqCasesInbox:      {dp, m, ad},
		protocol.ReqPeople:          {dp, m, ad},
	}
	if len(allowed) != len(operations) {
		t.Fatalf("the matrix lists %d request types, the hub has %d", len(allowed), len(operations))
	}
	for typ, roles := range allowed {
		for _, p := range []auth.Principal{kiosk, display, sara, manager, admin, omar} {
			want := strings.Contains(strings.Join(roles, ","), string(p.Role))
			if Allowed(p.Role, typ) != want {
				t.Errorf("Allowed(%s, %s) = %v, want %v", p.Role, typ, !want, want)
			}
			_, err := do(t, a, p, typ, "", map[string]any{})
			if got := code(err) == protocol.CodeForbidden; got == want {
				t.Errorf("%s sending %s: error %v, allowed %v", p.Role, typ, err, want)
			}
		}
	}
}

func TestIssueTicketValidatesAndStoresNothingOnBadInput(t *testing.T) {
	a, st := newActions(t, time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC))
	svc := firstService(a)
	for _, c := range []struct {
		name, data, code, field string
	}{
		{"malformed JSON", `{"service":`, protocol.CodeBadRequest, ""},
		{"not an object", `[1,2]`, protocol.CodeBadRequest, ""},
		{"wrong type", `{"service": 42}`, protocol.CodeBadRequest, "service"},
		{"unknown field", `{"service":"` + svc + `","colour":"red"}`, protocol.CodeBadRequest, "colour"},
		{"missing service", `{}`, protocol.CodeBadRequest, "service"},
		{"unknown service", `{"service":"moon-landing"}`, protocol.CodeNotFound, "service"},
		{"bad lane", `{"service":"` + svc + `","lane":"vip"}`, protocol.CodeBadRequest, "lane"},
		{"bad phone", `{"service":"` + svc + `","phone":"0112345678"}`, protocol.CodeBadRequest, "phone"},
		{"bad language", `{"service":"` + svc + `","lang":"fr"}`, protocol.CodeBadRequest, "lang"},
	} {
		_, err := a.Execute(context.Background(), kiosk, protocol.Request{ID: "x", Type: protocol.ReqTicketIssue, Data: json.RawMessage(c.data)})
		var pe *protocol.Error
		if !errors.As(err, &pe) || pe.Code != c.code || pe.Field != c.field || pe.Message == "" || pe.MessageAr == "" {
			t.Errorf("%s: got %#v, want code %s field %q with both messages", c.name, err, c.code, c.field)
		}
	}
	_, err := do(t, a, kiosk, "ticket.print_money", "x", nil)
	if code(err) != protocol.CodeUnknownType {
		t.Errorf("unknown type: %v", err)
	}
	_, err = do(t, a, kiosk, protocol.ReqTicketIssue, "bad id with spaces", map[string]string{"service": svc})
	if code(err) != protocol.CodeBadRequest {
		t.Errorf("bad request id: %v", err)
	}
	pos, err := st.Position(context.Background(), "qatif")
	if err != nil || pos.Offset != 0 {
		t.Fatalf("bad requests wrote something: %+v %v", pos, err)
	}
}

func TestIssueTicketReply(t *testing.T) {
	a, _ := newActions(t, time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC))
	out, err := do(t, a, kiosk, protocol.ReqTicketIssue, "k1", map[string]string{"service": firstService(a), "phone": "050 123 4567", "lane": "priority"})
	if err != nil {
		t.Fatal(err)
	}
	it := out.(protocol.IssuedTicket)
	if it.Ticket.Number != "P-001" || it.Case != "QTF-2026-000001" || len(it.AccessCode) != 11 {
		t.Fatalf("issued %+v", it)
	}
	want := "https://shamil.example.sa/track?case=QTF-2026-000001&code=" + it.AccessCode
	if it.TrackURL != want {
		t.Errorf("track URL %q, want %q", it.TrackURL, want)
	}
	c, err := a.store.Case(context.Background(), "qatif", it.Case)
	if err != nil || c.Phone != "+966501234567" || c.Category == "" || c.Service != firstService(a) {
		t.Errorf("case %+v %v", c, err)
	}
	// Nobody ahead: no wait.
	if it.Ahead != 0 || it.EstimatedWait != 0 {
		t.Errorf("ahead %d, estimated wait %d", it.Ahead, it.EstimatedWait)
	}
	// Three ahead and one open desk: three rounds of the average service.
	if _, err := do(t, a, sara, protocol.ReqDeskOpen, "", map[string]string{"desk": "1"}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		do(t, a, kiosk, protocol.ReqTicketIssue, "", map[string]string{"service": firstService(a)})
	}
	out, err = do(t, a, kiosk, protocol.ReqTicketIssue, "", map[string]string{"service": firstService(a)})
	if it := out.(protocol.IssuedTicket); err != nil || it.Ahead != 3 || it.EstimatedWait != 3*360 {
		t.Errorf("with one desk open: %+v %v", it, err)
	}
}

// Numbers restart at 001 at midnight in Riyadh (21:00 UTC), not at UTC midnight.
func TestDayRolloverInRiyadh(t *testing.T) {
	a, _ := newActions(t, time.Date(2026, 11, 28, 20, 59, 0, 0, time.UTC))
	issueAt := func(at time.Time) protocol.IssuedTicket {
		a.now = func() time.Time { return at }
		out, err := do(t, a, kiosk, protocol.ReqTicketIssue, "", map[string]string{"service": firstService(a)})
		if err != nil {
			t.Fatal(err)
		}
		return out.(protocol.IssuedTicket)
	}
	for _, c := range []struct {
		at              time.Time
		id, number, day string
	}{
		{time.Date(2026, 11, 28, 20, 58, 0, 0, time.UTC), "qatif-20261128-", "A-001", "2026-11-28"}, // 23:58 Riyadh
		{time.Date(2026, 11, 28, 20, 59, 0, 0, time.UTC), "qatif-20261128-", "A-002", "2026-11-28"},
		{time.Date(2026, 11, 28, 21, 1, 0, 0, time.UTC), "qatif-20261129-", "A-001", "2026-11-29"},  // 00:01 Riyadh
		{time.Date(2026, 11, 28, 23, 59, 0, 0, time.UTC), "qatif-20261129-", "A-002", "2026-11-29"}, // UTC day unchanged
		{time.Date(2026, 12, 31, 21, 30, 0, 0, time.UTC), "qatif-20270101-", "A-001", "2027-01-01"},
	} {
		got := issueAt(c.at)
		if !strings.HasPrefix(got.Ticket.ID, c.id) || got.Ticket.Number != c.number || got.Ticket.Day != c.day {
			t.Errorf("at %s: got %s %s (%s), want %s… %s (%s)", c.at, got.Ticket.ID, got.Ticket.Number, got.Ticket.Day, c.id, c.number, c.day)
		}
	}
	// The case year follows the local year too.
	if got := issueAt(time.Date(2026, 12, 31, 21, 31, 0, 0, time.UTC)); !strings.HasPrefix(got.Case, "QTF-2027-") {
		t.Errorf("case %s on 1 January in Riyadh", got.Case)
	}
}

func TestEstimateWait(t *testing.T) {
	for _, c := range []struct{ ahead, desks, want int }{
		{0, 3, 0}, {1, 3, 360}, {3, 3, 360}, {4, 3, 720}, {5, 0, 1800},
	} {
		if got := estimateWait(c.ahead, c.desks); got != c.want {
			t.Errorf("estimateWait(%d, %d) = %d, want %d", c.ahead, c.desks, got, c.want)
		}
	}
}

// With the store out of reach, requests fail with unavailable, a code the
// client knows to retry, not a bare internal error.
func TestStoreDownIsUnavailable(t *testing.T) {
	cat, err := catalogue.Load("../../catalogues/qatif.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv := redistest.Start(t)
	st := store.New(srv.Client())
	a := New(st, cat, "http://shamil.test", slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv.Kill()
	_, err = do(t, a, kiosk, protocol.ReqTicketIssue, "k1", map[string]string{"service": firstService(a)})
	if code(err) != protocol.CodeUnavailable {
		t.Fatalf("got %v, want unavailable", err)
	}
}

// A returning visitor's cases are found by case number or mobile number;
// open cases are listed oldest first.
func TestFindAndListCases(t *testing.T) {
	a, _ := newActions(t, time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC))
	var numbers []string
	for _, phone := range []string{"0501234567", "0559876543", "+966501234567"} {
		out, err := do(t, a, kiosk, protocol.ReqTicketIssue, "", map[string]string{"service": firstService(a), "phone": phone})
		if err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, out.(protocol.IssuedTicket).Case)
	}
	out, err := do(t, a, sara, protocol.ReqCaseFind, "", map[string]string{"phone": "050 123 4567"})
	if cases := out.([]protocol.Case); err != nil || len(cases) != 2 || cases[0].Number != numbers[0] && cases[0].Number != numbers[2] {
		t.Fatalf("by phone: %+v %v", out, err)
	}
	out, err = do(t, a, sara, protocol.ReqCaseFind, "", map[string]string{"case": strings.ToLower(numbers[1])})
	if cases := out.([]protocol.Case); err != nil || len(cases) != 1 || cases[0].Number != numbers[1] || cases[0].Timeline != nil {
		t.Fatalf("by number: %+v %v", out, err)
	}
	out, err = do(t, a, sara, protocol.ReqCaseFind, "", map[string]string{"case": "QTF-2026-999999"})
	if cases := out.([]protocol.Case); err != nil || len(cases) != 0 {
		t.Fatalf("unknown number: %+v %v", out, err)
	}
	if _, err := do(t, a, sara, protocol.ReqCaseFind, "", map[string]string{}); code(err) != protocol.CodeBadRequest {
		t.Fatalf("neither: %v", err)
	}
	out, err = do(t, a, manager, protocol.ReqCasesOpen, "", nil)
	if cases := out.([]protocol.Case); err != nil || len(cases) != 3 || cases[0].Number != numbers[0] {
		t.Fatalf("open cases: %+v %v", out, err)
	}
}

// The officer's figures count the branch-local day: just after midnight in
// Riyadh (still the 28th in UTC), yesterday's visits are not today's.
func TestOfficerToday(t *testing.T) {
	a, st := newActions(t, time.Date(2026, 11, 28, 20, 0, 0, 0, time.UTC)) // 23:00 Riyadh
	at := func(hhmm string) {
		clock, _ := time.Parse("15:04", hhmm)
		a.now = func() time.Time {
			return time.Date(2026, 11, 28, clock.Hour(), clock.Minute(), 0, 0, time.UTC)
		}
	}
	must := func(out any, err error) any {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	desk := map[string]string{"desk": "1"}
	addUser(t, st, "qatif", protocol.RoleOfficer, "", false, "Huda", "huda")
	must(do(t, a, sara, protocol.ReqDeskOpen, "", desk))
	visit := func(issue, call, serve, end string, noShow bool) {
		at(issue)
		must(do(t, a, kiosk, protocol.ReqTicketIssue, "", map[string]string{"service": firstService(a)}))
		at(call)
		tk := must(do(t, a, sara, protocol.ReqDeskCallNext, "", desk)).(protocol.Ticket)
		ref := map[string]string{"ticket": tk.ID}
		if noShow {
			at(end)
			must(do(t, a, sara, protocol.ReqTicketRecall, "", ref))
			must(do(t, a, sara, protocol.ReqTicketNoShow, "", ref))
			return
		}
		at(serve)
		must(do(t, a, sara, protocol.ReqTicketServe, "", ref))
		at(end)
		must(do(t, a, sara, protocol.ReqTicketComplete, "", ref))
	}
	visit("20:00", "20:10", "20:11", "20:21", false) // 23:00 Riyadh, the 28th
	visit("21:00", "21:04", "21:05", "21:11", false) // 00:00 Riyadh, the 29th
	visit("21:10", "21:16", "21:17", "21:21", false)
	visit("21:20", "21:30", "", "21:32", true)
	// Transferred on to huda: it counts for whoever calls it last.
	at("21:40")
	must(do(t, a, kiosk, protocol.ReqTicketIssue, "", map[string]string{"service": firstService(a)}))
	tk := must(do(t, a, sara, protocol.ReqDeskCallNext, "", desk)).(protocol.Ticket)
	if _, err := do(t, a, sara, protocol.ReqTicketTransfer, "", map[string]string{"ticket": tk.ID, "officer": "omar"}); code(err) != protocol.CodeNotFound {
		t.Fatalf("transfer to an unknown officer: %v", err)
	}
	if _, err := do(t, a, sara, protocol.ReqTicketTransfer, "", map[string]string{"ticket": tk.ID, "officer": "huda", "desk": "2"}); code(err) != protocol.CodeBadRequest {
		t.Fatalf("transfer to a desk and an officer: %v", err)
	}
	must(do(t, a, sara, protocol.ReqTicketTransfer, "", map[string]string{"ticket": tk.ID, "officer": "huda"}))

	got := must(do(t, a, sara, protocol.ReqOfficerToday, "", nil)).(protocol.OfficerDay)
	// Today: waits 4, 6 and 10 minutes (to the first call: recalling the
	// no-show at 21:32 does not lengthen its wait); services 6 and 4 minutes.
	want := protocol.OfficerDay{Day: "2026-11-29", Served: 2, NoShows: 1, AvgServiceSecs: 300, AvgWaitSecs: 400}
	if got != want {
		t.Fatalf("sara's day: %+v, want %+v", got, want)
	}
}

// A request for information's deadline is at most MaxInfoDeadline away; one
// further is refused naming deadline, and the case is left as it was.
func TestRequestInfoDeadlineBounded(t *testing.T) {
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	a, _ := newActions(t, now)
	out, err := do(t, a, kiosk, protocol.ReqTicketIssue, "", map[string]string{"service": firstService(a), "phone": "0501234567"})
	if err != nil {
		t.Fatal(err)
	}
	number := out.(protocol.IssuedTicket).Case
	for _, far := range []time.Time{time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), now.Add(MaxInfoDeadline + time.Minute)} {
		_, err := do(t, a, sara, protocol.ReqCaseRequest, "", map[string]any{"case": number, "text": "Send the deed", "deadline": far})
		var pe *protocol.Error
		if !errors.As(err, &pe) || pe.Code != protocol.CodeBadRequest || pe.Field != "deadline" || pe.MessageAr == "" {
			t.Fatalf("deadline %v: %v, want bad_request naming deadline in both languages", far, err)
		}
	}
	c, err := do(t, a, sara, protocol.ReqCaseGet, "", map[string]string{"case": number})
	if err != nil || c.(protocol.Case).Status != protocol.CaseReceived {
		t.Fatalf("after refused requests: %+v %v", c, err)
	}
	if _, err := do(t, a, sara, protocol.ReqCaseRequest, "", map[string]any{"case": number, "text": "Send the deed", "deadline": now.Add(MaxInfoDeadline)}); err != nil {
		t.Fatalf("a deadline exactly %v away: %v", MaxInfoDeadline, err)
	}
}
