package citizen_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// An inspection is refused, naming the field, before any photo is stored:
// without findings, with half a position, by a department that does not
// hold the case (which does not exist for it), by a kiosk.
func TestInspectionRefusals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, password, err := hubtest.AddDepartmentUser(ctx, f.Store, "qatif", "lighting", false, "", "Huda", "huda")
	must(t, err)
	body, _ := json.Marshal(map[string]string{"username": "huda", "password": password})
	status, raw := f.citizen(t, "POST", "/api/v1/sessions", string(body))
	var session struct{ Token string }
	if status != http.StatusCreated || json.Unmarshal(raw, &session) != nil {
		t.Fatalf("sign in: %d %s", status, raw)
	}
	send := func(token string, fields map[string]string, want int) protocol.Error {
		t.Helper()
		ct, form := multipartBody(t, fields, testPhoto(t))
		req, _ := http.NewRequest("POST", f.URL+"/api/v1/cases/"+f.ticket.Case+"/inspection", form)
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		must(t, err)
		defer res.Body.Close()
		var e struct{ Error protocol.Error }
		json.NewDecoder(res.Body).Decode(&e)
		if res.StatusCode != want {
			t.Fatalf("%v: status %d, want %d (%+v)", fields, res.StatusCode, want, e.Error)
		}
		return e.Error
	}
	if e := send(f.officer, map[string]string{"findings": " "}, http.StatusBadRequest); e.Field != "findings" || e.MessageAr == "" {
		t.Errorf("no findings: %+v", e)
	}
	if e := send(f.officer, map[string]string{"findings": "x", "lat": "26.5"}, http.StatusBadRequest); e.Field != "location" {
		t.Errorf("half a position: %+v", e)
	}
	send(session.Token, map[string]string{"findings": "x"}, http.StatusNotFound)
	send(f.kiosk, map[string]string{"findings": "x"}, http.StatusForbidden)
	entries, err := f.Store.Case(ctx, "qatif", f.ticket.Case)
	must(t, err)
	if n := len(entries.Timeline); n != 1 {
		t.Fatalf("refused inspections wrote %d entries", n-1)
	}

	// The desk records one, internal by default.
	send(f.officer, map[string]string{"findings": "Checked on site", "lat": "26.5", "lng": "50.0"}, http.StatusOK)
	c, err := f.Store.Case(ctx, "qatif", f.ticket.Case)
	must(t, err)
	last := c.Timeline[len(c.Timeline)-1]
	if last.Kind != "inspection" || last.Public || len(last.Photos) != 1 || last.Location == nil || !strings.Contains(last.Text, "Checked") {
		t.Fatalf("inspection entry %+v", last)
	}
}
