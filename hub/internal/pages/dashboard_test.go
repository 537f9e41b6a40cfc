package pages_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
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
	manager, password, err := h.Store.AddUser(context.Background(), "qatif", protocol.RoleManager, "Huda", "huda")
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
