package api_test

import (
	"net/http"
	"testing"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Refusals carry a stable reason beside their code: two refusals with the
// same code are told apart; a malformed deadline and a bad Idempotency-Key
// name the field at fault as the client sent it.
func TestRefusalReasons(t *testing.T) {
	f := newFixture(t)
	var issued protocol.IssuedTicket
	f.call(t, "POST", "/api/v1/branches/qatif/tickets", f.kiosk, "k-1", `{"service":"road-defect"}`, http.StatusCreated, &issued)
	cases := "/api/v1/branches/qatif/cases/" + issued.Case

	var e apiError
	f.call(t, "POST", cases+"/reopen", f.officer, "r-1", `{"text":"again"}`, http.StatusConflict, &e)
	if e.Error.Code != protocol.CodeInvalidState || e.Error.Reason != "case_open" {
		t.Fatalf("reopen an open case: %+v", e.Error)
	}
	e = apiError{}
	f.call(t, "POST", cases+"/close", f.officer, "c-1", `{"reason":"no_reply","text":"no answer"}`, http.StatusConflict, &e)
	if e.Error.Code != protocol.CodeInvalidState || e.Error.Reason != "case_not_awaiting" {
		t.Fatalf("close no_reply of a case not awaiting: %+v", e.Error)
	}
	e = apiError{}
	// Blank text is no response: the same refusal as none (docs/cases.md).
	for key, body := range map[string]string{"s-1": `{"text":"  "}`, "s-2": `{}`} {
		e = apiError{}
		f.call(t, "POST", cases+"/resolve", f.officer, key, body, http.StatusConflict, &e)
		if e.Error.Code != protocol.CodeResponseRequired || e.Error.Reason != "no_response" {
			t.Fatalf("resolve with %s: %+v", body, e.Error)
		}
	}

	e = apiError{}
	f.call(t, "POST", cases+"/request-info", f.officer, "i-1", `{"text":"A photo please","deadline":"2026-13-01"}`, http.StatusBadRequest, &e)
	if e.Error.Code != protocol.CodeBadRequest || e.Error.Field != "deadline" {
		t.Fatalf("malformed deadline: %+v", e.Error)
	}

	e = apiError{}
	f.call(t, "POST", cases+"/note", f.officer, "not a key!", `{"text":"x"}`, http.StatusBadRequest, &e)
	if e.Error.Field != "Idempotency-Key" {
		t.Fatalf("bad Idempotency-Key: %+v", e.Error)
	}
}
