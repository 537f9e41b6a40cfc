package pages_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/internal/stats/statstest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

const readFigures = `(() => {
  // Without the isolates around Arabic durations (i18n.duration).
  const plain = (s) => s.replace(/[\u2067\u2069]/g, "");
  const text = (sel) => plain((document.querySelector(sel) || {}).textContent || "");
  const totals = {};
  document.querySelectorAll("#totals [data-total], #appointments [data-total]").forEach((el) => { totals[el.dataset.total] = plain(el.querySelector("b").textContent); });
  const rows = (sel) => [...document.querySelectorAll(sel + " tr")].map((tr) => [...tr.cells].map((td) => plain(td.textContent)));
  return {
    served: text("#served"), noShows: text("#no-shows"), avgWait: text("#avg-wait"), p90Wait: text("#p90-wait"),
    p90Alert: document.getElementById("p90-tile").classList.contains("alert"),
    avgService: text("#avg-service"), overdue: text("#overdue"), totals,
    officers: rows("#officers"), services: rows("#services"), cases: rows("#cases"),
    overdueRows: document.querySelectorAll("#cases tr.alert").length,
    chart: !!document.querySelector("#chart canvas"),
  };
})()`

type figures struct {
	Served      string            `json:"served"`
	NoShows     string            `json:"noShows"`
	AvgWait     string            `json:"avgWait"`
	P90Wait     string            `json:"p90Wait"`
	P90Alert    bool              `json:"p90Alert"`
	AvgService  string            `json:"avgService"`
	Overdue     string            `json:"overdue"`
	Totals      map[string]string `json:"totals"`
	Officers    [][]string        `json:"officers"`
	Services    [][]string        `json:"services"`
	Cases       [][]string        `json:"cases"`
	OverdueRows int               `json:"overdueRows"`
	Chart       bool              `json:"chart"`
}

// A manager looks at a day of known tickets: every figure the dashboard
// shows is the one worked out by hand in statstest, and the reports it
// offers carry the same totals.
func TestDashboardShowsSeededDay(t *testing.T) {
	h := hubtest.Start(t)
	statstest.Seed(t, h.Store)
	manager, password, err := hubtest.AddUser(context.Background(), h.Store, "qatif", protocol.RoleManager, "Huda", "huda")
	if err != nil {
		t.Fatal(err)
	}
	// Today: people waiting and a desk at work, for the live half.
	kiosk := h.Device(t, protocol.RoleKiosk)
	for _, service := range []string{"road-defect", "building-permit", "shop-licence"} {
		h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"`+service+`"}`, http.StatusCreated, nil)
	}
	openDesk(t, h, "sara", "1").callNext(t)
	openDesk(t, h, "omar", "2")

	ctx := browsertest.New(t, 1366, 768) // a manager's laptop
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768),
		chromedp.Navigate(h.URL+"/dashboard/qatif?from="+statstest.Day),
		chromedp.SendKeys("#username", manager),
		chromedp.SendKeys("#password", password),
		chromedp.Click(`button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	f := browsertest.WaitFor(t, ctx, "the seeded day", readFigures, func(f figures) bool {
		return f.Served == "4" && len(f.Cases) == 7 && f.Chart
	})
	want := figures{Served: "4", NoShows: "1", AvgWait: "15 د 24 ث", P90Wait: "40 د", P90Alert: true, AvgService: "16 د 30 ث", Overdue: "4"}
	if f.NoShows != want.NoShows || f.AvgWait != want.AvgWait || f.P90Wait != want.P90Wait || !f.P90Alert ||
		f.AvgService != want.AvgService || f.Overdue != want.Overdue {
		t.Errorf("tiles: %+v", f)
	}
	// Looked at months later, all four open cases of the day are overdue
	// (statstest.Now, four days later, sees three).
	for key, value := range map[string]string{"tickets": "6", "served": "4", "no_shows": "1", "cancelled": "1",
		"cases_opened": "6", "cases_resolved": "2", "overdue": "4", "first_response": "31 د",
		// No appointments that day: every wait is a walk-in's.
		"booked": "0", "arrived": "0", "appointment_no_shows": "0", "appointment_wait": "—", "walk_in_wait": "15 د 24 ث"} {
		if f.Totals[key] != value {
			t.Errorf("total %s = %q, want %q", key, f.Totals[key], value)
		}
	}
	if len(f.Officers) != 2 || strings.Join(f.Officers[0], "|") != "sara|3|0|15 د 20 ث" || strings.Join(f.Officers[1], "|") != "omar|1|1|20 د" {
		t.Errorf("officers: %q", f.Officers)
	}
	if len(f.Services) != 2 || strings.Join(f.Services[0][1:], "|") != "4|3|15 د 30 ث|12 د" || strings.Join(f.Services[1][1:], "|") != "2|1|15 د|30 د" {
		t.Errorf("services: %q", f.Services)
	}
	// The seeded day's four open cases passed their targets; today's three
	// are on time. Oldest first.
	if f.OverdueRows != 4 || !strings.HasPrefix(f.Cases[0][0], "QTF-2026-") {
		t.Errorf("cases: %d overdue of %q", f.OverdueRows, f.Cases)
	}

	browsertest.Screenshot(t, ctx, "dashboard")

	// English is one tap away and keeps the figures.
	if err := chromedp.Do(ctx, chromedp.Click("#lang")); err != nil {
		t.Fatal(err)
	}
	f = browsertest.WaitFor(t, ctx, "English", readFigures, func(f figures) bool {
		return len(f.Services) == 2 && f.Services[0][0] == "Pothole or road damage"
	})
	browsertest.Screenshot(t, ctx, "dashboard-seeded")

	// The CSV offered for the same period has the same totals.
	token := h.User(t, protocol.RoleManager, "nora", "Nora")
	req, _ := http.NewRequest("GET", h.URL+"/api/v1/branches/qatif/report.csv?from="+statstest.Day+"&to="+statstest.Day, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	rows, err := csv.NewReader(res.Body).ReadAll()
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("csv: %d %v", res.StatusCode, err)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r[0]+"/"+r[2]] = r[3]
	}
	if got["tickets/issued"] != "6" || got["tickets/served"] != f.Served || got["tickets/no_shows"] != f.NoShows || got["cases/opened"] != "6" {
		t.Errorf("csv totals: %v", got)
	}
}

// Only managers see the figures, and only of their branch; bad dates get a
// bilingual error.
func TestFiguresAccess(t *testing.T) {
	h := hubtest.Start(t)
	officer := h.User(t, protocol.RoleOfficer, "sara", "Sara")
	manager := h.User(t, protocol.RoleManager, "huda", "Huda")
	var out struct{ Error protocol.Error }
	h.Do(t, "GET", "/api/v1/branches/qatif/live", "", "", http.StatusUnauthorized, &out)
	h.Do(t, "GET", "/api/v1/branches/qatif/stats", officer, "", http.StatusForbidden, &out)
	if out.Error.MessageAr == "" || out.Error.Message == "" {
		t.Errorf("forbidden: %+v", out.Error)
	}
	h.Do(t, "GET", "/api/v1/branches/nowhere/live", manager, "", http.StatusNotFound, nil)
	_, otherPassword, err := hubtest.AddUser(context.Background(), h.Store, "jubail", protocol.RoleManager, "Reem", "reem")
	if err != nil {
		t.Fatal(err)
	}
	var session struct{ Token string }
	h.Do(t, "POST", "/api/v1/sessions", "", `{"username":"reem","password":"`+otherPassword+`"}`, http.StatusCreated, &session)
	h.Do(t, "GET", "/api/v1/branches/qatif/report.csv", session.Token, "", http.StatusForbidden, nil)
	h.Do(t, "GET", "/api/v1/branches/qatif/report.pdf?from=2026-13-01", manager, "", http.StatusBadRequest, &out)
	if out.Error.Field != "from" || out.Error.MessageAr == "" {
		t.Errorf("bad date: %+v", out.Error)
	}
	var live struct {
		Waiting int `json:"waiting"`
		Desks   []struct{ ID string }
	}
	h.Do(t, "GET", "/api/v1/branches/qatif/live", manager, "", http.StatusOK, &live)
	if len(live.Desks) != 6 {
		t.Errorf("live: %+v", live)
	}
	req, _ := http.NewRequest("GET", h.URL+"/api/v1/branches/qatif/report.pdf?from=2026-03-01&to=2026-03-31", nil)
	req.Header.Set("Authorization", "Bearer "+manager)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "shamil-qatif-2026-03-01-2026-03-31.pdf") || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Errorf("pdf: %d %v %.10q", res.StatusCode, res.Header, body)
	}
}
