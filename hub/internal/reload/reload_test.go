package reload_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

type apiError struct {
	Error protocol.Error `json:"error"`
}

// A catalogue reload from /admin, with a kiosk on one hub replica and a
// display on another: a file with a mistake is refused naming its line, a
// file that drops a service people wait for, a desk an officer holds or a
// department holding an open case is refused naming it, and nothing changes; a good file reaches both replicas, and both
// screens are told and get it.
func TestReloadFromAdmin(t *testing.T) {
	original, err := os.ReadFile(hubtest.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "qatif.yaml")
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(string(original))
	h := hubtest.StartWith(t, path)
	h2 := h.Replica(t)
	admin := h.User(t, protocol.RoleAdmin, "root", "مدير النظام")

	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	told := make(chan string, 8)
	dial := func(url, token, who string) *client.Client {
		c, err := client.Dial(ctx, client.Config{URL: url, Token: token, Subscribe: true, Logger: quiet,
			OnEvent: func(ev protocol.Event) {
				if ev.Type == protocol.EventCatalogueChanged {
					told <- who + " " + ev.Catalogue
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	kiosk := dial(h.WS, h.Device(t, protocol.RoleKiosk), "kiosk")
	display := dial(h2.WS, h.Device(t, protocol.RoleDisplay), "display")
	municipality := func(c *client.Client) string {
		t.Helper()
		var cat protocol.Catalogue
		if err := c.Do(ctx, protocol.ReqCatalogue, nil, &cat); err != nil {
			t.Fatal(err)
		}
		return cat.Municipality.En
	}
	var issued protocol.IssuedTicket
	if err := kiosk.Do(ctx, protocol.ReqTicketIssue, map[string]string{"service": "road-defect"}, &issued); err != nil {
		t.Fatal(err)
	}

	// A category that does not exist: refused with its line.
	write(strings.Replace(string(original), "category: suggestion", "category: nonsense", 1))
	var refused apiError
	h.Do(t, "POST", "/api/v1/admin/catalogue/reload", admin, "", http.StatusBadRequest, &refused)
	if refused.Error.Field != "catalogue" || !strings.Contains(refused.Error.Message, "qatif.yaml:") ||
		!strings.Contains(refused.Error.Message, "nonsense") || refused.Error.MessageAr == "" {
		t.Fatalf("a bad file: %+v", refused.Error)
	}

	// The service a visitor waits for, removed: refused, naming it.
	start := strings.Index(string(original), "  - code: road-defect")
	end := start + 1 + strings.Index(string(original)[start+1:], "\n  - code: ")
	write(string(original)[:start] + string(original)[end+1:])
	h.Do(t, "POST", "/api/v1/admin/catalogue/reload", admin, "", http.StatusConflict, &refused)
	if !strings.Contains(refused.Error.Message, `service "road-defect"`) {
		t.Fatalf("an orphaning file: %+v", refused.Error)
	}
	// A desk an officer holds, removed: refused, naming it.
	officer := h.User(t, protocol.RoleOfficer, "sara", "سارة")
	h.Do(t, "POST", "/api/v1/branches/qatif/desks/4/open", officer, "", http.StatusOK, nil)
	write(strings.Replace(string(original), `      - { id: "4", name: { ar: مكتب ٤, en: Desk 4 } }`+"\n", "", 1))
	h.Do(t, "POST", "/api/v1/admin/catalogue/reload", admin, "", http.StatusConflict, &refused)
	if !strings.Contains(refused.Error.Message, `desk "4" of qatif is removed but sara holds it`) {
		t.Fatalf("a file without a desk in use: %+v", refused.Error)
	}
	// A department holding an open case, removed (its service moved to
	// another): refused, naming it.
	sara := dial(h.WS, officer, "sara")
	if err := sara.Do(ctx, protocol.ReqCaseRefer, protocol.ReferCase{Case: issued.Case, Department: "lighting"}, nil); err != nil {
		t.Fatal(err)
	}
	withoutLighting := strings.Replace(string(original), "department: lighting", "department: roads", 1)
	write(strings.Replace(withoutLighting, "  - code: lighting\n    name: { ar: إدارة الإنارة, en: Street Lighting Department }\n", "", 1))
	h.Do(t, "POST", "/api/v1/admin/catalogue/reload", admin, "", http.StatusConflict, &refused)
	if !strings.Contains(refused.Error.Message, `department "lighting" is removed but holds 1 open cases at qatif`) {
		t.Fatalf("a file without a department holding a case: %+v", refused.Error)
	}
	if got := municipality(display); got != "Qatif Governorate Municipality" {
		t.Fatalf("after the refusals the catalogue is %q", got)
	}

	// A good change: both replicas run it, both screens are told.
	write(strings.Replace(string(original), "en: Qatif Governorate Municipality\n", "en: Qatif Municipality\n", 1))
	var reloaded struct{ Version string }
	h.Do(t, "POST", "/api/v1/admin/catalogue/reload", admin, "", http.StatusOK, &reloaded)
	want := map[string]bool{"kiosk " + reloaded.Version: true, "display " + reloaded.Version: true, "sara " + reloaded.Version: true}
	for len(want) > 0 {
		select {
		case got := <-told:
			if !want[got] {
				t.Fatalf("told %q, want %v", got, want)
			}
			delete(want, got)
		case <-time.After(15 * time.Second):
			t.Fatalf("not told: %v", want)
		}
	}
	if a, b := municipality(kiosk), municipality(display); a != "Qatif Municipality" || b != a {
		t.Fatalf("after the reload: the kiosk's hub has %q, the display's %q", a, b)
	}
	var audit []struct{ Action, Actor, Detail string }
	h.Do(t, "GET", "/api/v1/admin/audit", admin, "", http.StatusOK, &audit)
	if last := audit[len(audit)-1]; last.Action != "catalogue_reload" || last.Actor != "root" || !strings.Contains(last.Detail, reloaded.Version) {
		t.Fatalf("the audit log ends with %+v", last)
	}
}

// A reload that drops a branch where a visitor waits is refused, naming the
// branch and how many wait, and nothing changes: the hub keeps both
// branches and the ticket stays in its queue.
func TestReloadRefusesRemovingABranchWithWaitingTickets(t *testing.T) {
	original, err := os.ReadFile(hubtest.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	const saihat = `  - id: saihat
    name: { ar: فرع سيهات, en: Saihat Branch }
    time_zone: Asia/Riyadh
    case_prefix: SHT
    hours:
      - days: [sun, mon, tue, wed, thu]
        open: "07:30"
        close: "14:30"
    desks:
      - { id: "1", name: { ar: مكتب ١, en: Desk 1 } }

`
	twoBranches := strings.Replace(string(original), "\ncategories:\n", "\n"+saihat+"categories:\n", 1)
	if twoBranches == string(original) {
		t.Fatal("the sample catalogue has no categories section to put a branch before")
	}
	path := filepath.Join(t.TempDir(), "two-branches.yaml")
	if err := os.WriteFile(path, []byte(twoBranches), 0o644); err != nil {
		t.Fatal(err)
	}
	h := hubtest.StartWith(t, path)
	admin := h.User(t, protocol.RoleAdmin, "root", "مدير النظام")
	branches := func() []string {
		t.Helper()
		var cat protocol.Catalogue
		h.Do(t, "GET", "/api/v1/catalogue", admin, "", http.StatusOK, &cat)
		var ids []string
		for _, b := range cat.Branches {
			ids = append(ids, b.ID)
		}
		return ids
	}
	if got := strings.Join(branches(), " "); got != "qatif saihat" {
		t.Fatalf("the hub starts with branches %q", got)
	}

	ctx := context.Background()
	_, token, err := hubtest.AddDevice(ctx, h.Store, "saihat", protocol.RoleKiosk, "")
	if err != nil {
		t.Fatal(err)
	}
	kiosk, err := client.Dial(ctx, client.Config{URL: h.WS, Token: token, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { kiosk.Close() })
	if err := kiosk.Do(ctx, protocol.ReqTicketIssue, map[string]string{"service": "road-defect"}, nil); err != nil {
		t.Fatal(err)
	}

	// The same file without saihat: refused, naming it.
	if err := os.WriteFile(path, original, 0o644); err != nil {
		t.Fatal(err)
	}
	var refused apiError
	h.Do(t, "POST", "/api/v1/admin/catalogue/reload", admin, "", http.StatusConflict, &refused)
	if refused.Error.Field != "catalogue" || refused.Error.Code != protocol.CodeInvalidState ||
		!strings.Contains(refused.Error.Message, `branch "saihat" is removed but 1 people wait there`) ||
		!strings.Contains(refused.Error.MessageAr, `الفرع "saihat" محذوف وفيه 1 منتظرون`) {
		t.Fatalf("a file without a branch where people wait: %+v", refused.Error)
	}
	if got := strings.Join(branches(), " "); got != "qatif saihat" {
		t.Fatalf("after the refusal the hub has branches %q", got)
	}
	waiting, err := h.Store.WaitingServices(ctx, "saihat")
	if err != nil {
		t.Fatal(err)
	}
	if waiting["road-defect"] != 1 {
		t.Fatalf("after the refusal saihat's queue is %v", waiting)
	}
}
