package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

type fixture struct {
	*hubtest.Hub
	kiosk   string // device token
	officer string // session token
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	h := hubtest.Start(t)
	return &fixture{Hub: h, kiosk: h.Device(t, protocol.RoleKiosk), officer: h.User(t, protocol.RoleOfficer, "sara", "Sara")}
}

// call sends a request with an idempotency key and checks its status; out,
// if not nil, receives the JSON body.
func (f *fixture) call(t *testing.T, method, path, token, key, body string, want int, out any) {
	t.Helper()
	f.Do(t, method, path, token, body, want, out, "Idempotency-Key", key)
}

type apiError struct{ Error protocol.Error }

func TestTicketsThroughREST(t *testing.T) {
	f := newFixture(t)
	body := `{"service":"road-defect","phone":"0501234567"}`
	var first, retry protocol.IssuedTicket
	f.call(t, "POST", "/api/v1/branches/qatif/tickets", f.kiosk, "k-1", body, http.StatusCreated, &first)
	f.call(t, "POST", "/api/v1/branches/qatif/tickets", f.kiosk, "k-1", body, http.StatusCreated, &retry)
	if first.Ticket.Number != "A-001" || retry.Ticket.ID != first.Ticket.ID || first.AccessCode == "" {
		t.Fatalf("first %+v, retry %+v", first.Ticket, retry.Ticket)
	}
	var e apiError
	f.call(t, "POST", "/api/v1/branches/qatif/tickets", f.kiosk, "k-1", `{"service":"street-lighting"}`, http.StatusConflict, &e)
	if e.Error.Code != protocol.CodeConflict {
		t.Fatalf("reused key: %+v", e)
	}

	// The kiosk fetches the receipt to print; another principal's role may not.
	pdf := f.get(t, "/api/v1/tickets/"+first.Ticket.ID+"/receipt.pdf", f.kiosk, http.StatusOK)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("receipt is not a PDF: %.40q", pdf)
	}
	f.get(t, "/api/v1/tickets/qatif-20261128-A999/receipt.pdf", f.kiosk, http.StatusNotFound)

	var queue protocol.Snapshot
	f.call(t, "GET", "/api/v1/branches/qatif/queue", f.officer, "", "", http.StatusOK, &queue)
	if len(queue.Waiting) != 1 || queue.Waiting[0].ID != first.Ticket.ID {
		t.Fatalf("queue %+v", queue)
	}
	f.call(t, "POST", "/api/v1/branches/qatif/desks/2/open", f.officer, "o-1", "", http.StatusOK, nil)
	var called protocol.Ticket
	f.call(t, "POST", "/api/v1/branches/qatif/desks/2/call-next", f.officer, "c-1", "", http.StatusOK, &called)
	if called.ID != first.Ticket.ID || called.Desk != "2" || called.State != protocol.TicketCalled {
		t.Fatalf("called %+v", called)
	}
	f.call(t, "POST", "/api/v1/branches/qatif/desks/2/call-next", f.officer, "c-2", "", http.StatusConflict, &e)
	if e.Error.Code != protocol.CodeDeskBusy || e.Error.MessageAr == "" {
		t.Fatalf("second call: %+v", e)
	}
	f.call(t, "POST", "/api/v1/branches/qatif/tickets/"+called.ID+"/serve", f.officer, "s-1", "", http.StatusOK, nil)
	// Parked and resumed through REST; a parked visitor keeps the desk from closing.
	var parked protocol.Ticket
	f.call(t, "POST", "/api/v1/branches/qatif/tickets/"+called.ID+"/park", f.officer, "p-1", "", http.StatusOK, &parked)
	if parked.State != protocol.TicketParked || parked.ParkedAt == nil {
		t.Fatalf("parked %+v", parked)
	}
	f.call(t, "POST", "/api/v1/branches/qatif/desks/2/close", f.officer, "cl-1", "", http.StatusConflict, &e)
	if e.Error.Code != protocol.CodeDeskBusy {
		t.Fatalf("close with a parked visitor: %+v", e)
	}
	f.call(t, "POST", "/api/v1/branches/qatif/tickets/"+called.ID+"/resume", f.officer, "rs-1", "", http.StatusOK, nil)
	f.call(t, "POST", "/api/v1/branches/qatif/tickets/"+called.ID+"/transfer", f.officer, "t-1", `{"officer":"nobody"}`, http.StatusNotFound, &e)
	if e.Error.Field != "officer" {
		t.Fatalf("transfer to an unknown officer: %+v", e)
	}
	// Another officer asking for desk 2 is told who holds it.
	omar := f.User(t, protocol.RoleOfficer, "omar", "Omar")
	f.call(t, "POST", "/api/v1/branches/qatif/desks/2/open", omar, "o-2", "", http.StatusConflict, &e)
	if e.Error.Code != protocol.CodeDeskTaken || e.Error.Holder != "Sara" {
		t.Fatalf("desk taken: %+v", e)
	}

	// The officer answers the citizen and resolves; the citizen reads it
	// with the access code, without the internal note.
	caseURL := "/api/v1/branches/qatif/cases/" + first.Case
	f.call(t, "POST", caseURL+"/note", f.officer, "n-1", `{"text":"checked with roads dept"}`, http.StatusOK, nil)
	f.call(t, "POST", caseURL+"/close", f.officer, "x-1", `{"reason":"resolved"}`, http.StatusConflict, &e)
	if e.Error.Code != protocol.CodeResponseRequired {
		t.Fatalf("close without a response: %+v", e)
	}
	f.call(t, "POST", caseURL+"/resolve", f.officer, "r-1", `{"text":"The pothole was filled on Sunday."}`, http.StatusOK, nil)
	var public protocol.Case
	f.call(t, "GET", "/api/v1/cases/"+first.Case+"?code="+strings.ToLower(first.AccessCode), "", "", "", http.StatusOK, &public)
	if public.Status != protocol.CaseResolved || strings.Contains(mustJSON(t, public), "roads dept") || public.Phone == "+966501234567" {
		t.Fatalf("public view %s", mustJSON(t, public))
	}
	var wrong, unknown apiError
	f.call(t, "GET", "/api/v1/cases/"+first.Case+"?code=AAAAA-AAAAA", "", "", "", http.StatusNotFound, &wrong)
	f.call(t, "GET", "/api/v1/cases/QTF-2026-999999?code="+first.AccessCode, "", "", "", http.StatusNotFound, &unknown)
	if wrong != unknown {
		t.Fatalf("a wrong code and an unknown case answer differently: %+v %+v", wrong, unknown)
	}
}

func TestRESTRefusals(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		name, method, path, token, body string
		status                          int
		code                            string
	}{
		{"no token", "POST", "/api/v1/branches/qatif/tickets", "", `{"service":"road-defect"}`, 401, protocol.CodeUnauthenticated},
		{"bad token", "POST", "/api/v1/branches/qatif/tickets", "kiosk-000000.nope", `{"service":"road-defect"}`, 401, protocol.CodeUnauthenticated},
		{"other branch", "POST", "/api/v1/branches/dammam/tickets", f.kiosk, `{"service":"road-defect"}`, 403, protocol.CodeForbidden},
		{"kiosk calls next", "POST", "/api/v1/branches/qatif/desks/1/call-next", f.kiosk, ``, 403, protocol.CodeForbidden},
		{"officer issues", "POST", "/api/v1/branches/qatif/tickets", f.officer, `{"service":"road-defect"}`, 403, protocol.CodeForbidden},
		{"malformed", "POST", "/api/v1/branches/qatif/tickets", f.kiosk, `{"service":`, 400, protocol.CodeBadRequest},
		{"wrong type", "POST", "/api/v1/branches/qatif/tickets", f.kiosk, `{"service":7}`, 400, protocol.CodeBadRequest},
		{"too large", "POST", "/api/v1/branches/qatif/tickets", f.kiosk, `{"service":"` + strings.Repeat("x", 70<<10) + `"}`, 413, protocol.CodeTooLarge},
		{"unknown desk", "POST", "/api/v1/branches/qatif/desks/99/open", f.officer, ``, 404, protocol.CodeNotFound},
		{"unknown route", "GET", "/api/v1/nothing", f.kiosk, ``, 404, protocol.CodeNotFound},
		{"bad sign-in", "POST", "/api/v1/sessions", "", `{"username":"sara","password":"wrong"}`, 401, protocol.CodeUnauthenticated},
	} {
		t.Run(c.name, func(t *testing.T) {
			var e apiError
			f.call(t, c.method, c.path, c.token, "", c.body, c.status, &e)
			if e.Error.Code != c.code || e.Error.Message == "" {
				t.Fatalf("got %+v, want code %s", e.Error, c.code)
			}
		})
	}
	pos, err := f.Store.Position(context.Background(), "qatif")
	if err != nil || pos.Offset != 0 {
		t.Fatalf("refused requests changed the store: %+v %v", pos, err)
	}
}

func TestSignOutEndsTheSession(t *testing.T) {
	f := newFixture(t)
	f.call(t, "GET", "/api/v1/catalogue", f.officer, "", "", http.StatusOK, nil)
	f.call(t, "DELETE", "/api/v1/sessions", f.officer, "", "", http.StatusNoContent, nil)
	f.call(t, "GET", "/api/v1/catalogue", f.officer, "", "", http.StatusUnauthorized, nil)
}

func (f *fixture) get(t *testing.T, path, token string, want int) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", f.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d: %.200s", path, res.StatusCode, want, body)
	}
	return body
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
