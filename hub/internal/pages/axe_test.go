package pages_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// revealScreens shows every screen of a page at once (the apps' pages
// have several, one shown at a time), so that axe-core checks them all.
const revealScreens = `document.querySelectorAll(".screen.hidden, .card.hidden, #lookup-table").forEach((el) => el.classList.remove("hidden")); true`

// axe-core finds nothing serious or critical on any page: the hub's (the
// hall display, the dashboard signed out and in, tracking, reporting) and
// the two apps' frontends, every screen of them, in Arabic and English.
func TestPagesPassAxe(t *testing.T) {
	h := hubtest.Start(t)
	display := h.Device(t, protocol.RoleDisplay)
	manager, password, err := hubtest.AddUser(context.Background(), h.Store, "qatif", protocol.RoleManager, "Huda", "huda")
	if err != nil {
		t.Fatal(err)
	}
	kiosk := h.Device(t, protocol.RoleKiosk)
	h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"road-defect"}`, http.StatusCreated, nil)
	openDesk(t, h, "sara", "1").callNext(t)
	apps := map[string]*httptest.Server{}
	for _, app := range []string{"kiosk", "desk"} {
		apps[app] = httptest.NewServer(desktop.Pages(assets.Web(), "/"+app+"/index.html"))
		t.Cleanup(apps[app].Close)
	}

	for _, page := range []struct {
		name   string
		url    string
		ready  []chromedp.Action[chromedp.Void] // what shows the page's screen
		reveal bool                             // show every screen of an app
	}{
		{"display", h.URL + "/display/qatif?token=" + display, []chromedp.Action[chromedp.Void]{chromedp.WaitVisible("#current-number")}, false},
		{"dashboard sign-in", h.URL + "/dashboard/qatif", []chromedp.Action[chromedp.Void]{chromedp.WaitVisible("#signin-form")}, false},
		{"dashboard", h.URL + "/dashboard/qatif", []chromedp.Action[chromedp.Void]{
			chromedp.SendKeys("#username", manager), chromedp.SendKeys("#password", password),
			chromedp.Click(`button[type="submit"]`), chromedp.WaitVisible("#desks tr")}, false},
		{"track", h.URL + "/track", []chromedp.Action[chromedp.Void]{chromedp.WaitVisible("#lookup")}, false},
		{"report", h.URL + "/report", []chromedp.Action[chromedp.Void]{chromedp.WaitVisible("#report")}, false},
		{"kiosk", apps["kiosk"].URL, []chromedp.Action[chromedp.Void]{chromedp.WaitVisible("#setup-form")}, true},
		{"desk", apps["desk"].URL, []chromedp.Action[chromedp.Void]{chromedp.WaitVisible("#signin-form")}, true},
	} {
		t.Run(page.name, func(t *testing.T) {
			ctx := browsertest.New(t, 1366, 768)
			steps := append([]chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(1366, 768), chromedp.Navigate(page.url)}, page.ready...)
			if err := chromedp.Do(ctx, steps...); err != nil {
				t.Fatal(err)
			}
			if page.reveal {
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](revealScreens)); err != nil {
					t.Fatal(err)
				}
			}
			for _, lang := range []string{"ar", "en"} {
				if lang == "en" {
					// Pages with a language button switch; the display
					// shows both languages at once.
					if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.getElementById("lang") || { click() {} }).click(); true`)); err != nil {
						t.Fatal(err)
					}
				}
				for _, v := range browsertest.Axe(t, ctx) {
					t.Errorf("%s: %s", lang, v)
				}
			}
		})
	}
}
