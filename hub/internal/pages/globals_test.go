package pages_test

import (
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// newGlobals lists what the page added to window: its own properties that a
// fresh window (an empty frame's) does not have.
const newGlobals = `(() => {
  const frame = document.createElement("iframe");
  document.body.append(frame);
  const fresh = new Set(Object.getOwnPropertyNames(frame.contentWindow));
  frame.remove();
  return Object.getOwnPropertyNames(window).filter((name) => !fresh.has(name));
})()`

// The pages' scripts are ES modules (assets/layout_test.go checks the
// source): once a page has run them and filled in its words, it has added
// nothing to window but the display's shamilDisplay, which the tests read.
func TestPagesMakeNoWindowGlobals(t *testing.T) {
	h := hubtest.Start(t)
	display := h.Device(t, protocol.RoleDisplay)
	apps := map[string]*httptest.Server{}
	for _, app := range []string{"kiosk", "desk"} {
		apps[app] = httptest.NewServer(desktop.Pages(assets.Web(), "/"+app+"/index.html"))
		t.Cleanup(apps[app].Close)
	}
	ctx := browsertest.New(t, 1366, 768)
	for _, page := range []struct {
		url     string
		allowed []string
	}{
		{h.URL + "/display/qatif?token=" + display, []string{"shamilDisplay"}},
		{h.URL + "/dashboard/qatif", nil},
		{h.URL + "/dashboard/region.html", nil},
		{h.URL + "/admin/", nil},
		{h.URL + "/office", nil},
		{h.URL + "/track", nil},
		{h.URL + "/report", nil},
		{h.URL + "/queue/qatif", nil},
		{h.URL + "/book/qatif", nil},
		{h.URL + "/performance/qatif", nil},
		{apps["kiosk"].URL, nil},
		{apps["desk"].URL, nil},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(page.url)); err != nil {
			t.Fatal(err)
		}
		// The words are in: the page's modules have run.
		browsertest.WaitFor(t, ctx, page.url+" with its words", `[...document.querySelectorAll("[data-i18n], [data-both]")].some((el) => el.textContent !== "")`,
			func(ok bool) bool { return ok })
		for _, name := range page.allowed { // set once the page is connected
			browsertest.WaitFor(t, ctx, page.url+" with "+name, `!!window.`+name, func(ok bool) bool { return ok })
		}
		added, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](newGlobals))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range added {
			if !slices.Contains(page.allowed, name) {
				t.Errorf("%s makes the window global %s", page.url, name)
			}
		}
	}
}
