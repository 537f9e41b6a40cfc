package stats_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/stats"
	"github.com/shamil-municipal/shamil/hub/internal/stats/statstest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

func source(t *testing.T) stats.Source {
	t.Helper()
	cat, err := catalogue.Load(hubtest.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(redistest.Start(t).Client())
	if err := st.LoadScripts(context.Background()); err != nil {
		t.Fatal(err)
	}
	return stats.Source{Store: st, Catalogue: cat}
}

// A ticket still waiting when its day ended counts as expired, and as one
// of the day's tickets.
func TestExpiredCounted(t *testing.T) {
	src := source(t)
	statstest.Seed(t, src.Store)
	ctx := context.Background()
	if _, err := src.Store.IssueTicket(ctx, store.Issue{
		Branch: "qatif", Service: "road-defect", Category: "complaint", Lane: protocol.LaneNormal,
		Lang: "ar", Channel: "walk_in", CasePrefix: "QTF", AccessCode: "7KQ2M-XD9PA",
		Day: statstest.Day, Year: "2026", Now: statstest.Now, Actor: "kiosk",
	}); err != nil {
		t.Fatal(err)
	}
	if n, err := src.Store.CloseDay(ctx, "qatif", "2026-03-02", statstest.Day, statstest.Now); err != nil || n != 1 {
		t.Fatalf("CloseDay = %d, %v; want 1", n, err)
	}
	f, err := src.Range(ctx, "qatif", statstest.Day, statstest.Day, statstest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if f.Expired != 1 || f.Tickets != 7 || f.Served != 4 {
		t.Fatalf("expired %d of %d tickets (%d served), want 1 of 7 (4 served)", f.Expired, f.Tickets, f.Served)
	}
}

func TestSeededDay(t *testing.T) {
	src := source(t)
	statstest.Seed(t, src.Store)
	f, err := src.Range(context.Background(), "qatif", statstest.Day, statstest.Day, statstest.Now)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	check("tickets", f.Tickets, 6)
	check("served", f.Served, 4)
	check("no-shows", f.NoShows, 1)
	check("cancelled", f.Cancelled, 1)
	check("expired", f.Expired, 0)
	check("wait", f.Wait, stats.Durations{Count: 5, Avg: 924, P50: 600, P90: 2400})
	check("service", f.Service, stats.Durations{Count: 4, Avg: 990, P50: 600, P90: 1800})
	for h, want := range map[int]stats.Hour{7: {}, 8: {3, 2}, 9: {2, 1}, 10: {1, 1}, 11: {}} {
		check(fmt.Sprintf("hour %d", h), f.Hours[h], want)
	}
	if len(f.Officers) != 2 {
		t.Fatalf("officers: %+v", f.Officers)
	}
	check("sara", f.Officers[0], stats.OfficerFigures{Officer: "sara", Served: 3, Service: stats.Durations{Count: 3, Avg: 920, P50: 600, P90: 1800}})
	check("omar", f.Officers[1], stats.OfficerFigures{Officer: "omar", Served: 1, NoShows: 1, Service: stats.Durations{Count: 1, Avg: 1200, P50: 1200, P90: 1200}})
	if len(f.Services) != 2 || f.Services[0].Code != "road-defect" || f.Services[1].Code != "building-permit" {
		t.Fatalf("services: %+v", f.Services)
	}
	rd, bp := f.Services[0], f.Services[1]
	check("road-defect", [3]int{rd.Tickets, rd.Served, rd.NoShows}, [3]int{4, 3, 1})
	check("road-defect wait", rd.Wait, stats.Durations{Count: 4, Avg: 930, P50: 420, P90: 2400})
	check("building-permit", [3]int{bp.Tickets, bp.Served, bp.NoShows}, [3]int{2, 1, 0})
	check("building-permit name", bp.Name.En != "" && bp.Name.Ar != "", true)
	check("cases", f.Cases, stats.CaseFigures{Opened: 6, Resolved: 2, Open: 4, Overdue: 3, LateFirstResponse: 4,
		FirstResponse: stats.Durations{Count: 2, Avg: 1860, P50: 960, P90: 2760}})

	// The day before and after hold nothing; a range over them the same day.
	wide, err := src.Range(context.Background(), "qatif", "2026-02-28", "2026-03-02", statstest.Now)
	if err != nil {
		t.Fatal(err)
	}
	check("wide tickets", wide.Tickets, 6)
	check("wide cases", wide.Cases.Opened, 6)
	empty, err := src.Range(context.Background(), "qatif", "2026-03-02", "2026-03-02", statstest.Now)
	if err != nil {
		t.Fatal(err)
	}
	check("next day", empty.Tickets+empty.Cases.Opened, 0)
}

func TestBadRange(t *testing.T) {
	src := source(t)
	for _, r := range [][2]string{{"2026-3-1", "2026-03-01"}, {"2026-03-02", "2026-03-01"}, {"2025-01-01", "2026-03-01"}} {
		_, err := src.Range(context.Background(), "qatif", r[0], r[1], statstest.Now)
		var pe *protocol.Error
		if !errors.As(err, &pe) || pe.Message == "" || pe.MessageAr == "" {
			t.Errorf("range %v: %v, want a bilingual error", r, err)
		}
	}
}

func TestLive(t *testing.T) {
	src := source(t)
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) // noon in Riyadh: the whole test is on one day
	day := src.Catalogue.Day("qatif", now)
	for i, m := range []int{30, 25, 5} {
		if _, err := src.Store.IssueTicket(ctx, store.Issue{Branch: "qatif", Service: "road-defect", Category: "report",
			Lane: protocol.LaneNormal, Channel: "walk_in", CasePrefix: "QTF", AccessCode: "7KQ2M-XD9PA",
			Day: day, Year: day[:4], Now: now.Add(-time.Duration(m) * time.Minute), Actor: "kiosk"}); err != nil {
			t.Fatalf("issue %d: %v", i, err)
		}
	}
	if _, err := src.Store.SetDesk(ctx, "qatif", "1", store.DeskActionOpen, "sara", "Sara", "", store.Op{}, now.Add(-10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := src.Store.SetDesk(ctx, "qatif", "2", store.DeskActionOpen, "omar", "Omar", "", store.Op{}, now.Add(-8*time.Minute)); err != nil {
		t.Fatal(err)
	}
	called, err := src.Store.CallNext(ctx, "qatif", "2", "omar", store.Op{}, now.Add(-2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	l, err := src.Live(ctx, "qatif", now)
	if err != nil {
		t.Fatal(err)
	}
	if l.Waiting != 2 || l.LongestWaitSeconds != 25*60 || l.LongestWaitTicket != "A-002" {
		t.Errorf("waiting %d, longest %d s (%s)", l.Waiting, l.LongestWaitSeconds, l.LongestWaitTicket)
	}
	if len(l.Desks) != 6 {
		t.Fatalf("desks: %+v", l.Desks)
	}
	d1, d2, d3 := l.Desks[0], l.Desks[1], l.Desks[2]
	if d1.State != protocol.DeskOpen || d1.OfficerName != "Sara" || d1.IdleSeconds != 600 || d1.Ticket != "" {
		t.Errorf("desk 1: %+v", d1)
	}
	if d2.Ticket != called.Number || d2.TicketState != "called" || d2.BusySeconds != 120 || d2.IdleSeconds != 0 {
		t.Errorf("desk 2: %+v", d2)
	}
	if d3.State != protocol.DeskClosed || d3.Officer != "" {
		t.Errorf("desk 3: %+v", d3)
	}
	if l.Today.Tickets != 3 || l.Today.Wait.Count != 1 || l.Today.Wait.Avg != 28*60 {
		t.Errorf("today: %+v", l.Today)
	}
	if l.OpenCasesCount != 3 || len(l.OpenCases) != 3 || l.OpenCases[0].AgeSeconds != 30*60 || l.OverdueCount != 0 {
		t.Errorf("open cases: %d %+v", l.OpenCasesCount, l.OpenCases)
	}
}

// A branch may set its own wait threshold in the catalogue; 20 minutes
// otherwise.
func TestWaitThreshold(t *testing.T) {
	src := source(t)
	l, err := src.Live(context.Background(), "qatif", time.Now())
	if err != nil || l.WaitThresholdSeconds != 20*60 {
		t.Fatalf("default threshold: %d %v", l.WaitThresholdSeconds, err)
	}
	path := hubtest.Catalogue()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("    case_prefix: QTF\n"), []byte("    case_prefix: QTF\n    wait_alert_minutes: 10\n"), 1)
	if src.Catalogue, err = catalogue.Parse(data, path); err != nil {
		t.Fatal(err)
	}
	if l, err = src.Live(context.Background(), "qatif", time.Now()); err != nil || l.WaitThresholdSeconds != 10*60 {
		t.Fatalf("branch threshold: %d %v", l.WaitThresholdSeconds, err)
	}
}
