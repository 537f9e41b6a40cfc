package pages_test

import (
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// switchedHub is the hub behind an address of its own that the test turns
// off and on, as a power cut of the hub's machine would: while off, nothing
// listens there.
type switchedHub struct {
	addr   string
	target *url.URL
	server *http.Server
}

func newSwitchedHub(t *testing.T, h *hubtest.Hub) *switchedHub {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	target, _ := url.Parse(h.URL)
	s := &switchedHub{addr: l.Addr().String(), target: target}
	t.Cleanup(s.off)
	return s
}

func (s *switchedHub) URL() string { return "http://" + s.addr }

func (s *switchedHub) on(t *testing.T) {
	t.Helper()
	l, err := net.Listen("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	s.server = &http.Server{Handler: httputil.NewSingleHostReverseProxy(s.target)}
	go s.server.Serve(l)
}

func (s *switchedHub) off() {
	if s.server != nil {
		s.server.Close()
		s.server = nil
	}
}

// A TV started while the hub is down, on a plain-HTTP address: the start
// page (offline.html) says so in both languages and opens the display by
// itself once the hub is back.
func TestHallDisplayStartsBeforeTheHub(t *testing.T) {
	h := hubtest.Start(t)
	display := h.Device(t, protocol.RoleDisplay)
	hub := newSwitchedHub(t, h)

	page := "file://" + filepath.Join(hubtest.Root(), "assets", "display", "offline.html") +
		"?to=" + url.QueryEscape(hub.URL()+"/display/qatif?token="+display)
	ctx := browsertest.New(t, 1920, 1080)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1920, 1080), chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	shown := browsertest.WaitFor(t, ctx, "the offline state", `document.body.innerText`, func(s string) bool { return s != "" })
	if !strings.Contains(shown, "الخادم") || !strings.Contains(shown, "hub") {
		t.Fatalf("the start page says %q, not in both languages", shown)
	}
	browsertest.Screenshot(t, ctx, "display-waiting-for-hub")

	hub.on(t)
	waitBoard(t, ctx, "the display connected", func(b board) bool { return !b.Banner && b.Problem == "" && b.Current != "" })
	waitCaughtUp(t, ctx)
}

// On localhost (and behind TLS) the service worker keeps the page: a
// display reloaded while the hub is down shows its own offline banner, not
// the browser's error page, and reconnects when the hub comes back.
func TestHallDisplayReloadsWhileTheHubIsDown(t *testing.T) {
	h := hubtest.Start(t)
	display := h.Device(t, protocol.RoleDisplay)
	hub := newSwitchedHub(t, h)
	hub.on(t)

	ctx := browsertest.New(t, 1920, 1080)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(hub.URL()+"/display/qatif?token="+display)); err != nil {
		t.Fatal(err)
	}
	waitCaughtUp(t, ctx)
	browsertest.WaitFor(t, ctx, "the page kept", `(async () => {
  if (!navigator.serviceWorker.controller) return false;
  const cache = await caches.open("shamil-display-1");
  return !!(await cache.match(location.origin + location.pathname)) && !!(await cache.match(location.origin + "/display/display.js"));
})()`, func(ok bool) bool { return ok })

	hub.off()
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitBoard(t, ctx, "the offline banner", func(b board) bool { return b.Banner })
	browsertest.Screenshot(t, ctx, "display-hub-down")

	hub.on(t)
	waitBoard(t, ctx, "the display back", func(b board) bool { return !b.Banner && b.Problem == "" })
}
