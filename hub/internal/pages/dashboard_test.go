package pages_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

const readDashboard = `(() => ({
  error: document.getElementById("error").classList.contains("hidden") ? "" : document.getElementById("error").textContent,
  board: !document.getElementById("board").classList.contains("hidden"),
  waiting: document.getElementById("waiting").textContent,
  desk1: (document.querySelector('#desks tr[data-desk="1"]') || {}).textContent || "",
}))()`

type dashboard struct {
	Error   string `json:"error"`
	Board   bool   `json:"board"`
	Waiting string `json:"waiting"`
	Desk1   string `json:"desk1"`
}

func waitDashboard(t *testing.T, ctx context.Context, what string, ok func(dashboard) bool) dashboard {
	t.Helper()
	return browsertest.WaitFor(t, ctx, what, readDashboard, ok)
}

// A manager signs in and watches the branch live: a wrong password gets a
// clear error, then desks and the waiting count follow the officers' work.
func TestManagersDashboard(t *testing.T) {
	h := hubtest.Start(t)
	manager, password, err := hubtest.AddUser(context.Background(), h.Store, "qatif", protocol.RoleManager, "Huda", "huda")
	if err != nil {
		t.Fatal(err)
	}
	kiosk := h.Device(t, protocol.RoleKiosk)
	for range 2 {
		h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"road-defect"}`, http.StatusCreated, nil)
	}
	sara := openDesk(t, h, "sara", "1")

	ctx := browsertest.New(t, 1280, 800)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(h.URL+"/dashboard/qatif"),
		chromedp.SendKeys("#username", manager),
		chromedp.SendKeys("#password", "not-the-password"),
		chromedp.Click(`button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	d := waitDashboard(t, ctx, "wrong password", func(d dashboard) bool { return d.Error != "" })
	if d.Board || !strings.ContainsFunc(d.Error, func(r rune) bool { return r >= 0x0600 && r <= 0x06FF }) {
		t.Fatalf("wrong password: %+v", d)
	}
	if err := chromedp.Do(ctx, chromedp.Click("#lang")); err != nil {
		t.Fatal(err)
	}
	if d = waitDashboard(t, ctx, "error in English", func(d dashboard) bool { return d.Error != "" }); strings.ContainsFunc(d.Error, func(r rune) bool { return r >= 0x0600 && r <= 0x06FF }) {
		t.Fatalf("the error in English: %q", d.Error)
	}

	if err := chromedp.Do(ctx, chromedp.SetValue("#password", password),
		chromedp.Click(`button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	d = waitDashboard(t, ctx, "signed in", func(d dashboard) bool {
		return d.Board && d.Error == "" && d.Waiting == "2" && strings.Contains(d.Desk1, "Desk 1") && strings.Contains(d.Desk1, "Open")
	})
	if !strings.Contains(d.Desk1, "sara") {
		t.Fatalf("desk 1: %q", d.Desk1)
	}

	called := sara.callNext(t)
	waitDashboard(t, ctx, "live call", func(d dashboard) bool {
		return d.Waiting == "1" && strings.Contains(d.Desk1, called.Number)
	})
	browsertest.Screenshot(t, ctx, "dashboard-live")
}

// The dashboard counts the back office's open cases per department, with
// those overdue against the department's targets: a manager sees which
// department is late without opening /office.
func TestDashboardShowsDepartmentsOverdue(t *testing.T) {
	h := hubtest.Start(t)
	ctx := context.Background()
	manager, password, err := hubtest.AddUser(ctx, h.Store, "qatif", protocol.RoleManager, "Huda", "huda")
	if err != nil {
		t.Fatal(err)
	}
	report := func(service, department string, opened time.Time) {
		t.Helper()
		if _, err := h.Store.OpenCase(ctx, store.Report{Branch: "qatif", Service: service, Category: "report",
			Channel: "online", Description: "A report", CasePrefix: "QTF", Year: opened.Format("2006"),
			AccessCode: "7KQ2M-XD9PA", Now: opened, Actor: "citizen", Department: department}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	report("road-defect", "roads", now.AddDate(0, 0, -40)) // past every target
	report("road-defect", "roads", now)
	report("street-lighting", "lighting", now)

	var live struct {
		Departments []struct {
			Code                   string
			Open, DueSoon, Overdue int
		}
	}
	token := h.User(t, protocol.RoleManager, "reem", "Reem")
	h.Do(t, "GET", "/api/v1/branches/qatif/live", token, "", http.StatusOK, &live)
	counts := map[string][3]int{}
	for _, d := range live.Departments {
		counts[d.Code] = [3]int{d.Open, d.DueSoon, d.Overdue}
	}
	if counts["roads"] != [3]int{2, 0, 1} || counts["lighting"][0] != 1 || counts["lighting"][2] != 0 {
		t.Fatalf("the departments' figures: %+v", live.Departments)
	}

	page := browsertest.New(t, 1366, 768)
	if err := chromedp.Do(page, chromedp.EmulateViewport(1366, 768), chromedp.Navigate(h.URL+"/dashboard/qatif"),
		chromedp.SendKeys("#username", manager), chromedp.SendKeys("#password", password),
		chromedp.Click(`button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	row := browsertest.WaitFor(t, page, "the Roads Department's row",
		`[...(document.querySelector('#departments tr[data-department="roads"]') || {cells: []}).cells].map(c => c.textContent)`,
		func(cells []string) bool { return len(cells) == 4 })
	if row[0] != "إدارة الطرق" || row[1] != "2" || row[2] != "0" || row[3] != "1" {
		t.Fatalf("the Roads Department's row reads %q", row)
	}
	alert, err := chromedp.Run(page, chromedp.Evaluate[bool](`document.querySelector('#departments tr[data-department="roads"]').classList.contains("alert")`))
	if err != nil || !alert {
		t.Fatalf("the late department is not marked: %v", err)
	}
}
