package desk

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

// A catalogue reloaded on the hub reaches a signed-in desk: the station
// takes it, with its branch's new desk names, and counts it so the page
// asks for it again.
func TestReloadedCatalogueReachesTheDesk(t *testing.T) {
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
	st := connect(t, signIn(t, h, "sara", "سارة"))
	_, _, shown := st.Catalogue()

	changed := strings.Replace(string(original), "en: Desk 1 }", "en: Counter 1 }", 1)
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	h.Do(t, "POST", "/api/v1/admin/catalogue/reload", admin, "", http.StatusOK, nil)
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, branch, version := st.Catalogue()
		if version > shown && len(branch.Desks) > 0 && branch.Desks[0].Name.En == "Counter 1" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the desk still has %+v (version %d)", branch.Desks, version)
		}
	}
}
