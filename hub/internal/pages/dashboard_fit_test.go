package pages_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// measureDashboard reads where the live part and the period's figures are,
// how many lines the case ages and the 90th-percentile label take, and
// whether that label's brackets read right to left.
const measureDashboard = `(() => {
  const box = (el) => el.getBoundingClientRect();
  const lines = (el) => new Set([...el.getClientRects()].map((r) => Math.round(r.top))).size;
  const label = document.querySelector("#p90-tile .label");
  const text = label.firstChild;
  const at = (ch) => { const r = document.createRange(); const i = text.data.indexOf(ch); r.setStart(text, i); r.setEnd(text, i + 1); return r.getBoundingClientRect(); };
  return {
    height: innerHeight,
    cases: document.querySelectorAll("#cases tr").length,
    live: Math.round(box(document.querySelector(".live")).bottom),
    lists: Math.max(...[...document.querySelectorAll(".live-lists .card")].map((c) => Math.round(box(c).bottom))),
    period: Math.round(box(document.querySelector(".card.wide")).top),
    ageLines: Math.max(0, ...[...document.querySelectorAll("#cases td:nth-child(4) span")].map(lines)),
    label: text.data,
    // On one line, the opening bracket on the right of the closing one.
    bracketsRTL: at("(").top === at(")").top && at("(").left > at(")").left,
  };
})()`

type dashboardBoxes struct {
	Height      int    `json:"height"`
	Cases       int    `json:"cases"`
	Live        int    `json:"live"`
	Lists       int    `json:"lists"`
	Period      int    `json:"period"`
	AgeLines    int    `json:"ageLines"`
	Label       string `json:"label"`
	BracketsRTL bool   `json:"bracketsRTL"`
}

// At 1366×768, with a day's worth of open cases, the live part (figures,
// desks, open cases) fits the screen and the period's figures start below
// it; case ages stay on one line; the 90th-percentile label's brackets
// read right to left, on one line.
func TestDashboardFitsALaptop(t *testing.T) {
	h := hubtest.Start(t)
	manager, password, err := hubtest.AddUser(context.Background(), h.Store, "qatif", protocol.RoleManager, "Huda", "huda")
	if err != nil {
		t.Fatal(err)
	}
	kiosk := h.Device(t, protocol.RoleKiosk)
	for range 20 {
		h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"road-defect"}`, http.StatusCreated, nil)
	}
	openDesk(t, h, "sara", "1")

	ctx := browsertest.New(t, 1366, 768)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768),
		chromedp.Navigate(h.URL+"/dashboard/qatif"),
		chromedp.SendKeys("#username", manager),
		chromedp.SendKeys("#password", password),
		chromedp.Click(`button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	b := browsertest.WaitFor(t, ctx, "the open cases listed", measureDashboard, func(b dashboardBoxes) bool { return b.Cases == 20 })
	browsertest.Screenshot(t, ctx, "dashboard-1366")
	if b.Live > b.Height || b.Lists > b.Height {
		t.Errorf("the live part ends at %d px (its lists at %d), below the %d px screen", b.Live, b.Lists, b.Height)
	}
	if b.Period < b.Live {
		t.Errorf("the period's figures start at %d px, inside the live part (ends at %d)", b.Period, b.Live)
	}
	if b.AgeLines != 1 {
		t.Errorf("a case's age takes %d lines", b.AgeLines)
	}
	if !strings.Contains(b.Label, "(") || !b.BracketsRTL {
		t.Errorf("%q: its brackets are on two lines or read left to right", b.Label)
	}

	// Durations, as the dashboard and the desk show them: whole hours
	// without "0 د", and "1 س 16 د" read from the right even inside a
	// left-to-right figure (the tiles' are).
	type durations struct {
		Hours    string `json:"hours"`
		Minutes  string `json:"minutes"`
		English  string `json:"english"`
		HourLeft bool   `json:"hourLeft"`
	}
	// The page's own i18n: a module is one instance per address.
	await := true
	awaited := func(p *runtime.EvaluateParams) { p.AwaitPromise = &await }
	d, err := chromedp.Run(ctx, chromedp.Evaluate[durations](`(async () => {
  const { i18n } = await import("/shared/i18n.js");
  const el = document.getElementById("longest");
  el.textContent = i18n.duration(4560);
  const text = el.firstChild;
  const at = (ch) => { const r = document.createRange(); const i = text.data.indexOf(ch); r.setStart(text, i); r.setEnd(text, i + 1); return r.getBoundingClientRect().left; };
  const out = { hours: i18n.duration(7200), minutes: text.data, hourLeft: at("1") < at("د") };
  i18n.set("en");
  out.english = i18n.duration(4560);
  return out;
})()`, awaited))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Trim(d.Hours, "\u2067\u2069") != "2 س" || strings.Trim(d.Minutes, "\u2067\u2069") != "1 س 16 د" || d.English != "1 h 16 min" {
		t.Errorf("durations: %q, %q, %q; want 2 س, 1 س 16 د, 1 h 16 min", d.Hours, d.Minutes, d.English)
	}
	if d.HourLeft {
		t.Errorf("%q reads left to right: the hours are on the left", d.Minutes)
	}
}
