package pages_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// regionBranches are two more branches of the Qatif catalogue: Safwa and
// Saihat, each with two desks.
const regionBranches = `branches:
  - id: safwa
    name: { ar: بلدية صفوى, en: Safwa Municipality }
    time_zone: Asia/Riyadh
    case_prefix: SFW
    hours: [{ days: [sun, mon, tue, wed, thu], open: "07:30", close: "14:30" }]
    desks:
      - { id: "1", name: { ar: مكتب ١, en: Desk 1 } }
      - { id: "2", name: { ar: مكتب ٢, en: Desk 2 } }
  - id: saihat
    name: { ar: بلدية سيهات, en: Saihat Municipality }
    time_zone: Asia/Riyadh
    case_prefix: SHT
    hours: [{ days: [sun, mon, tue, wed, thu], open: "07:30", close: "14:30" }]
    desks:
      - { id: "1", name: { ar: مكتب ١, en: Desk 1 } }
      - { id: "2", name: { ar: مكتب ٢, en: Desk 2 } }
`

// startRegion runs a hub whose catalogue has three branches, in this
// order: safwa, saihat and qatif.
func startRegion(t *testing.T) *hubtest.Hub {
	t.Helper()
	yaml, err := os.ReadFile(hubtest.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "region.yaml")
	text := strings.Replace(string(yaml), "branches:\n", regionBranches, 1)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return hubtest.StartWith(t, path)
}

// issue gives a branch n waiting visitors from its own kiosk.
func issue(t *testing.T, h *hubtest.Hub, branch string, n int) {
	t.Helper()
	_, kiosk, err := hubtest.AddDevice(context.Background(), h.Store, branch, protocol.RoleKiosk, "")
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		h.Do(t, "POST", "/api/v1/branches/"+branch+"/tickets", kiosk, `{"service":"road-defect"}`, http.StatusCreated, nil)
	}
}

type regionCard struct {
	Branch  string `json:"branch"`
	Name    string `json:"name"`
	Waiting string `json:"waiting"`
	Desks   string `json:"desks"`
}

const readRegion = `[...document.querySelectorAll("#branches [data-branch]")].map((c) => ({
  branch: c.dataset.branch,
  name: c.querySelector("h2").textContent,
  waiting: c.querySelector('[data-figure="waiting"]').textContent,
  desks: c.querySelector('[data-figure="open_desks"]').textContent,
}))`

// A manager responsible for Qatif and Safwa watches both side by side,
// and not Saihat; an admin watches all three.
func TestRegionalView(t *testing.T) {
	h := startRegion(t)
	ctx := context.Background()
	issue(t, h, "qatif", 3)
	issue(t, h, "safwa", 2)
	issue(t, h, "saihat", 4)
	openDesk(t, h, "sara", "1").callNext(t)

	user, password, err := hubtest.AddUser(ctx, h.Store, "qatif", protocol.RoleManager, "Reem", "reem")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Store.SetRegion(ctx, user, []string{"safwa"}, store.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	var session struct {
		Token  string
		Region []string
	}
	h.Do(t, "POST", "/api/v1/sessions", "", `{"username":"reem","password":"`+password+`"}`, http.StatusCreated, &session)
	if len(session.Region) != 1 || session.Region[0] != "safwa" {
		t.Errorf("session region = %v", session.Region)
	}
	h.Do(t, "GET", "/api/v1/branches/safwa/live", session.Token, "", http.StatusOK, nil)
	h.Do(t, "GET", "/api/v1/branches/saihat/live", session.Token, "", http.StatusForbidden, nil)
	h.Do(t, "GET", "/api/v1/branches/saihat/report.csv", session.Token, "", http.StatusForbidden, nil)

	// From her own branch's dashboard, the link leads to the regional view.
	page := browsertest.New(t, 1280, 800)
	if err := chromedp.Do(page, chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(h.URL+"/dashboard/qatif"),
		chromedp.SendKeys("#username", user),
		chromedp.SendKeys("#password", password),
		chromedp.Click(`button[type="submit"]`),
		chromedp.WaitVisible("#region-link"),
		chromedp.Click("#region-link")); err != nil {
		t.Fatal(err)
	}
	got := browsertest.WaitFor(t, page, "Qatif and Safwa", readRegion, func(cs []regionCard) bool {
		return len(cs) == 2 && cs[0].Waiting == "2" && cs[1].Waiting == "2"
	})
	// In catalogue order.
	if got[0].Branch != "safwa" || got[0].Desks != "0 / 2" || got[0].Name != "بلدية صفوى" ||
		got[1].Branch != "qatif" || got[1].Desks != "1 / 6" || !strings.Contains(got[1].Name, "القطيف") {
		t.Errorf("cards: %+v", got)
	}
	browsertest.Screenshot(t, page, "region")

	admin, adminPassword, err := hubtest.AddUser(ctx, h.Store, "qatif", protocol.RoleAdmin, "Faisal", "faisal")
	if err != nil {
		t.Fatal(err)
	}
	page = browsertest.New(t, 1280, 800)
	if err := chromedp.Do(page, chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(h.URL+"/dashboard/region.html"),
		chromedp.SendKeys("#username", admin),
		chromedp.SendKeys("#password", adminPassword),
		chromedp.Click(`button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, page, "all three branches", readRegion, func(cs []regionCard) bool {
		return len(cs) == 3 && cs[1].Branch == "saihat" && cs[1].Waiting == "4"
	})
}

// A manager's own dashboard has no regional link unless they oversee more
// than their branch.
func TestNoRegionalLinkForOneBranch(t *testing.T) {
	h := hubtest.Start(t)
	user, password, err := hubtest.AddUser(context.Background(), h.Store, "qatif", protocol.RoleManager, "Huda", "huda")
	if err != nil {
		t.Fatal(err)
	}
	page := browsertest.New(t, 1280, 800)
	if err := chromedp.Do(page, chromedp.Navigate(h.URL+"/dashboard/qatif"),
		chromedp.SendKeys("#username", user),
		chromedp.SendKeys("#password", password),
		chromedp.Click(`button[type="submit"]`),
		chromedp.WaitVisible("#board")); err != nil {
		t.Fatal(err)
	}
	hidden, err := chromedp.Run(page, chromedp.Evaluate[bool](`document.getElementById("region-link").classList.contains("hidden")`))
	if err != nil {
		t.Fatal(err)
	}
	if !hidden {
		t.Error("a one-branch manager sees the regional link")
	}
}
