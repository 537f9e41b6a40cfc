package citizen_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/citizen"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// fixture is a running hub with a kiosk and an officer, and one case from
// the kiosk.
type fixture struct {
	*hubtest.Hub
	kiosk, officer string
	ticket         protocol.IssuedTicket
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	// The hub keeps photos under ./data/media: a folder of the test's own.
	t.Chdir(t.TempDir())
	h := hubtest.Start(t)
	f := &fixture{Hub: h, kiosk: h.Device(t, protocol.RoleKiosk), officer: h.User(t, protocol.RoleOfficer, "sara", "Sara")}
	h.Do(t, "POST", "/api/v1/branches/qatif/tickets", f.kiosk, `{"service":"road-defect","phone":"0501234567"}`, http.StatusCreated, &f.ticket)
	return f
}

// staff acts on the case from the desk.
func (f *fixture) staff(t *testing.T, action, body string) {
	t.Helper()
	f.Do(t, "POST", "/api/v1/branches/qatif/cases/"+f.ticket.Case+"/"+action, f.officer, body, http.StatusOK, nil)
}

// serveAtDesk opens desk 3, calls the ticket and serves it.
func (f *fixture) serveAtDesk(t *testing.T) {
	t.Helper()
	f.Do(t, "POST", "/api/v1/branches/qatif/desks/3/open", f.officer, "", http.StatusOK, nil)
	f.Do(t, "POST", "/api/v1/branches/qatif/desks/3/call-next", f.officer, "", http.StatusOK, nil)
	f.Do(t, "POST", "/api/v1/branches/qatif/tickets/"+f.ticket.Ticket.ID+"/serve", f.officer, "", http.StatusOK, nil)
}

func (f *fixture) requestInfo(t *testing.T, text string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"text": text, "deadline": time.Now().Add(72 * time.Hour)})
	f.staff(t, "request-info", string(body))
}

// citizen sends a citizen's request and returns the status and the body.
func (f *fixture) citizen(t *testing.T, method, path, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, f.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, raw
}

// track reads the tracking view with the case's own code.
func (f *fixture) track(t *testing.T) citizen.View {
	t.Helper()
	var v citizen.View
	f.Do(t, "GET", "/api/v1/cases/"+f.ticket.Case+"/track?code="+f.ticket.AccessCode, "", "", http.StatusOK, &v)
	return v
}

// act posts a citizen action and checks the answer's status.
func (f *fixture) act(t *testing.T, action string, body map[string]any, want int) (citizen.View, protocol.Error) {
	t.Helper()
	if _, ok := body["code"]; !ok {
		body["code"] = f.ticket.AccessCode
	}
	raw, _ := json.Marshal(body)
	status, out := f.citizen(t, "POST", "/api/v1/cases/"+f.ticket.Case+"/"+action, string(raw))
	if status != want {
		t.Fatalf("%s: status %d, want %d: %s", action, status, want, out)
	}
	var v citizen.View
	var e struct{ Error protocol.Error }
	if want == http.StatusOK {
		must(t, json.Unmarshal(out, &v))
	} else {
		must(t, json.Unmarshal(out, &e))
		if e.Error.Message == "" || e.Error.MessageAr == "" {
			t.Fatalf("%s: error without both languages: %s", action, out)
		}
	}
	return v, e.Error
}

func kinds(c protocol.Case) []string {
	var k []string
	for _, e := range c.Timeline {
		k = append(k, e.Kind)
	}
	return k
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
