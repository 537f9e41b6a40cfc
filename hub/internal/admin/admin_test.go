package admin_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gorilla/websocket"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/internal/ws/wstest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// live opens an authenticated WebSocket session and returns a channel that
// receives the close code the hub ends it with.
func live(t *testing.T, h *hubtest.Hub, token string) <-chan int {
	t.Helper()
	d := websocket.Dialer{Subprotocols: []string{protocol.Subprotocol}}
	c, _, err := d.Dial(h.WS, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.WriteMessage(websocket.TextMessage, wstest.AuthFrame("a1", token, false, nil)); err != nil {
		t.Fatal(err)
	}
	if _, frame, err := c.ReadMessage(); err != nil || !strings.Contains(string(frame), `"ok":true`) {
		t.Fatalf("auth: %s %v", frame, err)
	}
	closed := make(chan int, 1)
	go func() {
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				var ce *websocket.CloseError
				if errors.As(err, &ce) {
					closed <- ce.Code
				} else {
					closed <- 0
				}
				return
			}
		}
	}()
	return closed
}

// closesWith waits, generously for a loaded machine, for the close code.
func closesWith(t *testing.T, closed <-chan int, code int, what string) {
	t.Helper()
	select {
	case got := <-closed:
		if got != code {
			t.Fatalf("%s: closed with %d, want %d", what, got, code)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: the connection stayed open", what)
	}
}

type page struct {
	Error   string `json:"error"`
	Console bool   `json:"console"`
	Kiosk   string `json:"kiosk"`
	Sara    string `json:"sara"`
	Audit   string `json:"audit"`
}

const readPage = `(() => ({
  error: document.getElementById("error").classList.contains("hidden") ? "" : document.getElementById("error").textContent,
  console: !document.getElementById("console").classList.contains("hidden"),
  kiosk: (document.querySelector('#devices tr[data-id="KIOSK"]') || {}).textContent || "",
  sara: (document.querySelector('#users tr[data-id="sara"]') || {}).textContent || "",
  audit: document.getElementById("audit").textContent,
}))()`

// An admin signs in to /admin, revokes a kiosk (its live WebSocket closes
// with 4004), disables an officer (theirs too) and reads both in the audit
// log. An officer cannot use the console.
func TestAdminConsole(t *testing.T) {
	h := hubtest.Start(t)
	ctx := context.Background()
	root, password, err := hubtest.AddUser(ctx, h.Store, "qatif", protocol.RoleAdmin, "مدير النظام", "root")
	if err != nil {
		t.Fatal(err)
	}
	kiosk := h.Device(t, protocol.RoleKiosk)
	kioskID, _, _ := strings.Cut(kiosk, ".")
	sara := h.User(t, protocol.RoleOfficer, "sara", "سارة القحطاني")
	h.Do(t, "GET", "/api/v1/admin/devices", sara, "", http.StatusForbidden, nil)
	kioskClosed, saraClosed := live(t, h, kiosk), live(t, h, sara)

	b := browsertest.New(t, 1366, 768)
	if err := chromedp.Do(b, chromedp.EmulateViewport(1366, 768),
		chromedp.Navigate(h.URL+"/admin/"),
		chromedp.SendKeys("#username", root),
		chromedp.SendKeys("#password", password),
		chromedp.Click(`#signin-form button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	read := strings.ReplaceAll(readPage, "KIOSK", kioskID)
	wait := func(what string, ok func(page) bool) page { return browsertest.WaitFor(t, b, what, read, ok) }
	wait("signed in", func(p page) bool {
		return p.Console && strings.Contains(p.Kiosk, "فعّال") && strings.Contains(p.Sara, "فعّال")
	})

	// The buttons ask first; the test says yes.
	if _, err := chromedp.Run(b, chromedp.Evaluate[bool](`(window.confirm = () => true)()`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b, chromedp.Click(`#devices tr[data-id="`+kioskID+`"] button[data-action="revoke"]`)); err != nil {
		t.Fatal(err)
	}
	closesWith(t, kioskClosed, protocol.CloseRevoked, "the kiosk")
	wait("kiosk revoked", func(p page) bool {
		return strings.Contains(p.Kiosk, "ملغى") && !strings.Contains(p.Kiosk, "متصل الآن")
	})
	h.Do(t, "GET", "/api/v1/catalogue", kiosk, "", http.StatusUnauthorized, nil)

	if err := chromedp.Do(b, chromedp.Click(`#users tr[data-id="sara"] button[data-action="disable"]`)); err != nil {
		t.Fatal(err)
	}
	closesWith(t, saraClosed, protocol.CloseRevoked, "sara's desk")
	p := wait("sara disabled and audited", func(p page) bool {
		return strings.Contains(p.Sara, "معطّل") && strings.Contains(p.Audit, "user_disable") && strings.Contains(p.Audit, "device_revoke")
	})
	if p.Error != "" || !strings.Contains(p.Audit, "root") || !strings.Contains(p.Audit, "signin") {
		t.Fatalf("the page: %+v", p)
	}
	h.Do(t, "GET", "/api/v1/catalogue", sara, "", http.StatusUnauthorized, nil)

	shot := browsertest.Screenshot(t, b, "admin")
	if png, err := os.ReadFile(shot); err == nil && os.Getenv("SHAMIL_UPDATE_DOCS") != "" {
		os.WriteFile(filepath.Join(hubtest.Root(), "docs", "images", "admin.png"), png, 0o644)
	}
}
