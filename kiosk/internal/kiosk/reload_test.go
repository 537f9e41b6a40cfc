package kiosk

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// A catalogue reloaded on the hub reaches a running kiosk without a
// restart: it fetches the new one, and its status tells the page to redraw.
func TestReloadedCatalogueReachesTheKiosk(t *testing.T) {
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
	k := start(t, h, Printer{Spool: t.TempDir()})
	shown := k.Status().Catalogue

	changed := strings.Replace(string(original), "en: Qatif Governorate Municipality\n", "en: Qatif Municipality\n", 1)
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	h.Do(t, "POST", "/api/v1/admin/catalogue/reload", admin, "", http.StatusOK, nil)
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c := k.Catalogue(); c != nil && c.Municipality.En == "Qatif Municipality" && k.Status().Catalogue > shown {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the kiosk still shows %q (version %d)", k.Catalogue().Municipality.En, k.Status().Catalogue)
		}
	}
}
