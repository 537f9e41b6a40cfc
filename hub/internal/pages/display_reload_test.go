package pages_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// A catalogue reloaded on the hub redraws an open hall display: its
// municipality's name and its desks' names change without reloading the
// page.
func TestDisplayRedrawsAReloadedCatalogue(t *testing.T) {
	original, err := os.ReadFile(hubtest.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "qatif.yaml")
	if err := os.WriteFile(path, original, 0o644); err != nil {
		t.Fatal(err)
	}
	h := hubtest.StartWith(t, path)
	admin := h.User(t, protocol.RoleAdmin, "root", "مدير النظام")
	display := h.Device(t, protocol.RoleDisplay)
	kiosk := h.Device(t, protocol.RoleKiosk)
	h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"road-defect"}`, http.StatusCreated, nil)
	openDesk(t, h, "sara", "1").callNext(t)

	ctx := browsertest.New(t, 1920, 1080)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(h.URL+"/display/qatif?token="+display)); err != nil {
		t.Fatal(err)
	}
	const read = `document.getElementById("municipality").textContent + "|" + document.getElementById("current-desk").textContent`
	browsertest.WaitFor(t, ctx, "the first names", read, func(s string) bool {
		return strings.Contains(s, "Qatif Governorate Municipality") && strings.Contains(s, "Desk 1")
	})

	changed := strings.Replace(string(original), "en: Qatif Governorate Municipality\n", "en: Qatif Municipality\n", 1)
	changed = strings.Replace(changed, "en: Desk 1 }", "en: Counter 1 }", 1)
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	h.Do(t, "POST", "/api/v1/admin/catalogue/reload", admin, "", http.StatusOK, nil)
	browsertest.WaitFor(t, ctx, "the new names", read, func(s string) bool {
		return strings.Contains(s, "Qatif Municipality|") && strings.Contains(s, "Counter 1")
	})
}
