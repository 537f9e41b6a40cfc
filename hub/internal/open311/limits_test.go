package open311_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/ratelimit"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

func TestAttributesAreCaseDetails(t *testing.T) {
	f := newFixture(t)
	officer := f.hub.User(t, protocol.RoleOfficer, "sara", "Sara")
	staffCase := func(id string) protocol.Case {
		var c protocol.Case
		f.hub.Do(t, "GET", "/api/v1/branches/qatif/cases/"+id, officer, "", http.StatusOK, &c)
		return c
	}
	created := func(form url.Values) string {
		list := array(t, decodeJSON(t, f.post(t, "requests.json", form, 200)))
		return list[0].(map[string]any)["service_request_id"].(string)
	}

	// Text is kept as sent (the desk escapes it), a choice by its Arabic
	// name as the desk records it, a date as YYYY-MM-DD.
	form := url.Values{"api_key": {f.key}, "service_code": {"demolition-permit"}, "description": {"Old shed"}, "address_string": {"Al-Nasirah"},
		"attribute[deed-number]": {`<img src=x onerror="alert(1)">`}, "attribute[plot-number]": {"12"}, "attribute[extent]": {"2"}}
	c := staffCase(created(form))
	want := map[string]string{"deed-number": `<img src=x onerror="alert(1)">`, "plot-number": "12", "extent": "هدم جزئي"}
	if len(c.Details) != len(want) || c.Details["deed-number"] != want["deed-number"] || c.Details["plot-number"] != "12" ||
		c.Details["extent"] != want["extent"] || c.Description != "Old shed" {
		t.Fatalf("case %s: details %v, description %q", c.Number, c.Details, c.Description)
	}
	form = url.Values{"api_key": {f.key}, "service_code": {"building-permit-renewal"}, "description": {"Renew"}, "address_string": {"Al-Nasirah"},
		"attribute[permit-number]": {"P-77"}, "attribute[expiry-date]": {"2026-05-01T23:30:00+03:00"}}
	if c := staffCase(created(form)); c.Details["expiry-date"] != "2026-05-01" || c.Details["permit-number"] != "P-77" {
		t.Fatalf("details %v", c.Details)
	}
	// An optional attribute left out is not a detail.
	delete(form, "attribute[expiry-date]")
	if c := staffCase(created(form)); len(c.Details) != 1 {
		t.Fatalf("details %v", c.Details)
	}
}

// postRaw posts a form and returns the answer, headers and all.
func (f *fixture) postRaw(t *testing.T, doc string, form url.Values) (*http.Response, []byte) {
	t.Helper()
	res, err := http.PostForm(f.hub.URL+"/open311/v2/"+doc, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, body
}

func TestPostingIsLimited(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	openCases := func() int {
		n, err := f.hub.Store.OpenCaseCount(ctx, "qatif")
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// A mobile number reports ReportsPerPhone times a day; a request
	// refused for its content does not count.
	for i := range ratelimit.ReportsPerPhone.Limit {
		if i == 1 {
			bad := f.roadDefect("no such attribute")
			bad.Set("attribute[colour]", "red")
			f.post(t, "requests.json", bad, 400)
		}
		f.post(t, "requests.json", f.roadDefect("pothole "+strconv.Itoa(i)), 200)
	}
	before := openCases()
	for _, doc := range []string{"requests.json", "requests.xml"} {
		res, body := f.postRaw(t, doc, f.roadDefect("one too many"))
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("%s over the number's limit: %d %s", doc, res.StatusCode, body)
		}
		if s, _ := strconv.Atoi(res.Header.Get("Retry-After")); time.Duration(s)*time.Second <= 23*time.Hour {
			t.Fatalf("%s: Retry-After %q, want about a day", doc, res.Header.Get("Retry-After"))
		}
		errorBody(t, doc, body, http.StatusTooManyRequests, "mobile number")
	}
	if n := openCases(); n != before {
		t.Fatalf("refused requests opened %d cases", n-before)
	}
	// Another number is not affected.
	other := f.roadDefect("pothole by a neighbour")
	other.Set("phone", "0559876543")
	f.post(t, "requests.json", other, 200)

	// An api_key posts RequestsPerAPIKey an hour, whoever reports; another
	// key is not affected. The counter starts one short of the limit.
	key, k, err := hubtest.AddAPIKey(ctx, f.hub.Store, "qatif", "Busy app")
	if err != nil {
		t.Fatal(err)
	}
	counter := "{limit}" + ratelimit.RequestsPerAPIKey.Name + ":" + k.ID
	if err := f.hub.Redis.Client().Set(ctx, counter, ratelimit.RequestsPerAPIKey.Limit-1, time.Hour).Err(); err != nil {
		t.Fatal(err)
	}
	busy := func(description string) url.Values {
		v := f.roadDefect(description)
		v.Set("api_key", key)
		v.Del("phone")
		return v
	}
	f.post(t, "requests.json", busy("the last one this hour"), 200)
	before = openCases()
	errorBody(t, "requests.json", f.post(t, "requests.json", busy("over"), 429), 429, "api_key")
	if n := openCases(); n != before {
		t.Fatalf("a refused request opened %d cases", n-before)
	}
	noPhone := f.roadDefect("the first key still posts")
	noPhone.Del("phone")
	f.post(t, "requests.json", noPhone, 200)
}
