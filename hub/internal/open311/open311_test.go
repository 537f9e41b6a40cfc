package open311_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// fixture is a running hub with an Open311 api_key for the Qatif branch.
type fixture struct {
	hub *hubtest.Hub
	key string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	h := hubtest.Start(t)
	key, _, err := hubtest.AddAPIKey(context.Background(), h.Store, "qatif", "Test app")
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{hub: h, key: key}
}

// get fetches an Open311 path and checks the status and content type.
func (f *fixture) get(t *testing.T, path string, want int) []byte {
	t.Helper()
	res, err := http.Get(f.hub.URL + "/open311/v2/" + path)
	if err != nil {
		t.Fatal(err)
	}
	return check(t, res, "GET "+path, want)
}

// post sends a form to requests.{fmt}, with headers as name, value pairs.
func (f *fixture) post(t *testing.T, doc string, form url.Values, want int, headers ...string) []byte {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.hub.URL+"/open311/v2/"+doc, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return check(t, res, "POST "+doc, want)
}

func check(t *testing.T, res *http.Response, what string, want int) []byte {
	t.Helper()
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s: status %d, want %d: %s", what, res.StatusCode, want, body)
	}
	ct := res.Header.Get("Content-Type")
	wantCT := "application/json; charset=utf-8"
	if strings.Contains(what, ".xml") {
		wantCT = "text/xml; charset=utf-8"
		wellFormed(t, body)
	}
	if ct != wantCT {
		t.Fatalf("%s: Content-Type %q, want %q", what, ct, wantCT)
	}
	return body
}

// wellFormed fails unless body is one well-formed XML document.
func wellFormed(t *testing.T, body []byte) {
	t.Helper()
	if !bytes.HasPrefix(body, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Fatalf("no XML declaration: %.80s", body)
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("XML not well-formed: %v in %s", err, body)
		}
	}
}

// decodeJSON decodes into a generic value, so tests see the JSON types.
func decodeJSON(t *testing.T, body []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%v in %s", err, body)
	}
	return v
}

// object checks v is a JSON object whose fields have the given JSON types
// ("string", "number", "boolean", "array", "object"); optional fields are
// checked when present. It returns the object.
func object(t *testing.T, v any, required, optional map[string]string) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("not an object: %v", v)
	}
	for name := range required {
		if _, ok := m[name]; !ok {
			t.Fatalf("field %q missing in %v", name, m)
		}
	}
	for name, val := range m {
		typ, ok := required[name]
		if !ok {
			typ, ok = optional[name]
		}
		if !ok {
			t.Fatalf("unexpected field %q in %v", name, m)
		}
		if got := jsonType(val); got != typ {
			t.Fatalf("field %q is a %s, want %s: %v", name, got, typ, m)
		}
	}
	return m
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "null"
}

func array(t *testing.T, v any) []any {
	t.Helper()
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("not an array: %v", v)
	}
	return a
}

// The fields of a request in GET requests, with their JSON types.
var (
	requestRequired = map[string]string{"service_request_id": "string", "status": "string", "service_name": "string",
		"service_code": "string", "agency_responsible": "string", "requested_datetime": "string", "updated_datetime": "string"}
	requestOptional = map[string]string{"status_notes": "string", "description": "string", "service_notice": "string",
		"address": "string", "lat": "number", "long": "number", "media_url": "string", "expected_datetime": "string"}
)

func TestDiscovery(t *testing.T) {
	f := newFixture(t)
	d := object(t, decodeJSON(t, f.get(t, "discovery.json", 200)),
		map[string]string{"changeset": "string", "contact": "string", "key_service": "string", "endpoints": "array"}, nil)
	eps := array(t, d["endpoints"])
	if len(eps) != 1 {
		t.Fatalf("endpoints %v", eps)
	}
	ep := object(t, eps[0], map[string]string{"specification": "string", "url": "string", "changeset": "string",
		"type": "string", "formats": "array"}, nil)
	if ep["specification"] != "http://wiki.open311.org/GeoReport_v2" || ep["url"] != "http://shamil.test/open311/v2" ||
		ep["type"] != "production" || len(array(t, ep["formats"])) != 2 {
		t.Fatalf("endpoint %v", ep)
	}
	if _, err := time.Parse(time.RFC3339, d["changeset"].(string)); err != nil {
		t.Fatalf("changeset: %v", err)
	}

	var x struct {
		XMLName   xml.Name `xml:"discovery"`
		Contact   string   `xml:"contact"`
		Endpoints []struct {
			URL     string   `xml:"url"`
			Formats []string `xml:"formats>format"`
		} `xml:"endpoints>endpoint"`
	}
	if err := xml.Unmarshal(f.get(t, "discovery.xml", 200), &x); err != nil {
		t.Fatal(err)
	}
	if len(x.Endpoints) != 1 || x.Endpoints[0].URL != "http://shamil.test/open311/v2" ||
		strings.Join(x.Endpoints[0].Formats, ",") != "application/json,text/xml" || !strings.Contains(x.Contact, "Qatif") {
		t.Fatalf("discovery.xml %+v", x)
	}
}

// xmlService is a service as the XML list carries it.
type xmlService struct {
	ServiceCode string `xml:"service_code"`
	ServiceName string `xml:"service_name"`
	Description string `xml:"description"`
	Metadata    string `xml:"metadata"`
	Type        string `xml:"type"`
	Group       string `xml:"group"`
}

func TestServices(t *testing.T) {
	f := newFixture(t)
	list := array(t, decodeJSON(t, f.get(t, "services.json", 200)))
	if len(list) != 15 {
		t.Fatalf("%d services, want the catalogue's 15", len(list))
	}
	byCode := map[string]map[string]any{}
	for _, v := range list {
		s := object(t, v, map[string]string{"service_code": "string", "service_name": "string", "metadata": "boolean", "type": "string"},
			map[string]string{"description": "string", "keywords": "string", "group": "string"})
		if s["type"] != "realtime" || s["service_name"] == "" {
			t.Fatalf("service %v", s)
		}
		byCode[s["service_code"].(string)] = s
	}
	road := byCode["road-defect"]
	if road["service_name"] != "Pothole or road damage" || road["metadata"] != true || road["group"] != "Report" && road["group"] == "" {
		t.Fatalf("road-defect %v", road)
	}
	// Arabic names on request.
	ar := array(t, decodeJSON(t, f.get(t, "services.json?lang=ar&jurisdiction_id=qatif", 200)))
	for _, v := range ar {
		if s := v.(map[string]any); s["service_code"] == "road-defect" && s["service_name"] != "بلاغ عن حفرة أو تلف في الطريق" {
			t.Fatalf("Arabic road-defect %v", s)
		}
	}

	var x struct {
		XMLName  xml.Name     `xml:"services"`
		Services []xmlService `xml:"service"`
	}
	if err := xml.Unmarshal(f.get(t, "services.xml", 200), &x); err != nil {
		t.Fatal(err)
	}
	if len(x.Services) != 15 {
		t.Fatalf("%d XML services", len(x.Services))
	}
	for _, s := range x.Services {
		j := byCode[s.ServiceCode]
		if j == nil || s.ServiceName != j["service_name"] || s.Metadata != map[bool]string{true: "true", false: "false"}[j["metadata"].(bool)] || s.Type != "realtime" {
			t.Fatalf("XML service %+v, JSON %v", s, j)
		}
	}

	f.get(t, "services.json?jurisdiction_id=riyadh", 404)
}

func TestServiceDefinition(t *testing.T) {
	f := newFixture(t)
	d := object(t, decodeJSON(t, f.get(t, "services/demolition-permit.json", 200)),
		map[string]string{"service_code": "string", "attributes": "array"}, nil)
	attrs := array(t, d["attributes"])
	if d["service_code"] != "demolition-permit" || len(attrs) != 3 {
		t.Fatalf("definition %v", d)
	}
	for i, v := range attrs {
		a := object(t, v, map[string]string{"variable": "boolean", "code": "string", "datatype": "string", "required": "boolean"},
			map[string]string{"datatype_description": "string", "order": "number", "description": "string", "values": "array"})
		if a["order"] != float64(i+1) || a["variable"] != true || a["required"] != true {
			t.Fatalf("attribute %d %v", i, a)
		}
	}
	extent := attrs[2].(map[string]any)
	values := array(t, extent["values"])
	if extent["code"] != "extent" || extent["datatype"] != "singlevaluelist" || len(values) != 2 {
		t.Fatalf("extent %v", extent)
	}
	v := object(t, values[0], map[string]string{"key": "string", "name": "string"}, nil)
	if v["key"] != "1" || v["name"] != "Whole building" {
		t.Fatalf("value %v", v)
	}
	if dt := attrs[0].(map[string]any)["datatype"]; dt != "string" {
		t.Fatalf("text field datatype %v", dt)
	}
	// A date field is a datetime, a number a number.
	permit := array(t, object(t, decodeJSON(t, f.get(t, "services/building-permit-renewal.json", 200)),
		map[string]string{"service_code": "string", "attributes": "array"}, nil)["attributes"])
	if dt := permit[1].(map[string]any)["datatype"]; dt != "datetime" {
		t.Fatalf("date field datatype %v", dt)
	}

	var x struct {
		XMLName     xml.Name `xml:"service_definition"`
		ServiceCode string   `xml:"service_code"`
		Attributes  []struct {
			Code     string `xml:"code"`
			Datatype string `xml:"datatype"`
			Required string `xml:"required"`
			Order    int    `xml:"order"`
			Values   []struct {
				Key  string `xml:"key"`
				Name string `xml:"name"`
			} `xml:"values>value"`
		} `xml:"attributes>attribute"`
	}
	if err := xml.Unmarshal(f.get(t, "services/demolition-permit.xml?lang=ar", 200), &x); err != nil {
		t.Fatal(err)
	}
	if x.ServiceCode != "demolition-permit" || len(x.Attributes) != 3 || x.Attributes[2].Datatype != "singlevaluelist" ||
		x.Attributes[2].Required != "true" || x.Attributes[2].Order != 3 || len(x.Attributes[2].Values) != 2 ||
		x.Attributes[2].Values[1].Key != "2" || x.Attributes[2].Values[1].Name != "هدم جزئي" {
		t.Fatalf("definition XML %+v", x)
	}

	for _, doc := range []string{"services/no-such-service.json", "services/no-such-service.xml"} {
		errorBody(t, doc, f.get(t, doc, 404), 404, "service_code")
	}
}

// errorBody checks an Open311 error answer: [{code, description}] or
// <errors><error>…, the code the HTTP status, the description naming what
// is wrong in English and Arabic.
func errorBody(t *testing.T, what string, body []byte, status int, mentions string) {
	t.Helper()
	var code float64
	var desc string
	if strings.Contains(what, ".xml") {
		var x struct {
			XMLName xml.Name `xml:"errors"`
			Errors  []struct {
				Code        int    `xml:"code"`
				Description string `xml:"description"`
			} `xml:"error"`
		}
		if err := xml.Unmarshal(body, &x); err != nil || len(x.Errors) != 1 {
			t.Fatalf("%s: error XML %s: %v", what, body, err)
		}
		code, desc = float64(x.Errors[0].Code), x.Errors[0].Description
	} else {
		list := array(t, decodeJSON(t, body))
		if len(list) != 1 {
			t.Fatalf("%s: errors %s", what, body)
		}
		e := object(t, list[0], map[string]string{"code": "number", "description": "string"}, nil)
		code, desc = e["code"].(float64), e["description"].(string)
	}
	if code != float64(status) || !strings.Contains(desc, mentions) || !strings.Contains(desc, " / ") || !strings.ContainsAny(desc, "ابتثجحخدذرزسشصضطظعغفقكلمنهوي") {
		t.Fatalf("%s: error %v %q, want %d mentioning %q in English and Arabic", what, code, desc, status, mentions)
	}
}

// roadDefect is a valid report of a pothole.
func (f *fixture) roadDefect(description string) url.Values {
	return url.Values{
		"api_key": {f.key}, "jurisdiction_id": {"qatif"}, "service_code": {"road-defect"},
		"lat": {"26.5196"}, "long": {"50.0115"}, "address_string": {"King Abdulaziz Rd, Al-Nasirah"},
		"description": {description}, "phone": {"0501234567"}, "first_name": {"Ahmed"}, "last_name": {"Al-Qatifi"},
		"email": {"ahmed@example.com"}, "media_url": {"https://photos.example.com/p/1.jpg"},
		"attribute[district]": {"Al-Nasirah"}, "attribute[location]": {"In front of the school"}, "lang": {"en"},
	}
}

func TestPostThenFollowARequest(t *testing.T) {
	f := newFixture(t)
	created := array(t, decodeJSON(t, f.post(t, "requests.json", f.roadDefect("A deep pothole in the right lane"), 200)))
	if len(created) != 1 {
		t.Fatalf("created %v", created)
	}
	c := object(t, created[0], map[string]string{"service_request_id": "string", "service_notice": "string"},
		map[string]string{"account_id": "string", "token": "string"})
	id := c["service_request_id"].(string)
	if !strings.HasPrefix(id, "QTF-") || !strings.Contains(c["service_notice"].(string), "http://shamil.test/track?case="+id+"&code=") {
		t.Fatalf("created %v", c)
	}
	code := strings.TrimPrefix(c["service_notice"].(string)[strings.Index(c["service_notice"].(string), "&code="):], "&code=")
	code, _, _ = strings.Cut(code, ".")

	// The case is a real one, on the branch's open cases, channel open311.
	stored, err := f.hub.Store.Case(context.Background(), "qatif", id)
	if err != nil || stored.Channel != "open311" || stored.Status != protocol.CaseReceived || stored.Phone != "+966501234567" ||
		stored.Location == nil || *stored.Location.Lat != 26.5196 {
		t.Fatalf("stored case %+v, %v", stored, err)
	}
	if stored.Description != "A deep pothole in the right lane\nPhoto: https://photos.example.com/p/1.jpg" {
		t.Fatalf("description %q", stored.Description)
	}
	// The attributes are the case's details, the service's own fields.
	if len(stored.Details) != 2 || stored.Details["district"] != "Al-Nasirah" || stored.Details["location"] != "In front of the school" {
		t.Fatalf("details %v", stored.Details)
	}

	one := func(doc string) map[string]any {
		body := f.get(t, doc, 200)
		for _, secret := range []string{code, "0501234567", "501234567", "Ahmed", "ahmed@example.com", "internal: suspect"} {
			if strings.Contains(string(body), secret) {
				t.Fatalf("%s shows %q: %s", doc, secret, body)
			}
		}
		list := array(t, decodeJSON(t, body))
		if len(list) != 1 {
			t.Fatalf("%s: %s", doc, body)
		}
		return object(t, list[0], requestRequired, requestOptional)
	}
	r := one("requests/" + id + ".json")
	if r["service_request_id"] != id || r["status"] != "open" || r["service_code"] != "road-defect" ||
		r["service_name"] != "Pothole or road damage" || r["lat"] != 26.5196 || r["long"] != 50.0115 ||
		r["address"] != "King Abdulaziz Rd, Al-Nasirah" || !strings.HasPrefix(r["description"].(string), "A deep pothole") ||
		r["agency_responsible"] != "Qatif Governorate Municipality" || r["status_notes"] != nil ||
		!strings.Contains(r["service_notice"].(string), "First response within 4 working hours") ||
		r["media_url"] != "https://photos.example.com/p/1.jpg" || r["description"] != "A deep pothole in the right lane" {
		t.Fatalf("request %v", r)
	}
	// expected_datetime: the category's resolution target, 48 working hours on.
	if expected, err := time.Parse(time.RFC3339, r["expected_datetime"].(string)); err != nil ||
		!strings.HasSuffix(r["expected_datetime"].(string), "+03:00") || expected.Sub(time.Now()) < 48*time.Hour {
		t.Fatalf("expected_datetime %v: %v", r["expected_datetime"], err)
	}
	requested, err := time.Parse(time.RFC3339, r["requested_datetime"].(string))
	if err != nil || !strings.HasSuffix(r["requested_datetime"].(string), "+03:00") || time.Since(requested) > time.Minute {
		t.Fatalf("requested_datetime %v: %v", r["requested_datetime"], err)
	}

	// The officer writes an internal note, responds and resolves: the
	// request closes with the response as its notes, the note unseen.
	officer := f.hub.User(t, protocol.RoleOfficer, "sara", "Sara")
	path := "/api/v1/branches/qatif/cases/" + id + "/"
	f.hub.Do(t, "POST", path+"note", officer, `{"text":"internal: suspect a water leak"}`, 200, nil)
	f.hub.Do(t, "POST", path+"respond", officer, `{"text":"A crew will inspect the road tomorrow"}`, 200, nil)
	if r := one("requests/" + id + ".json"); r["status"] != "open" || r["status_notes"] != "A crew will inspect the road tomorrow" {
		t.Fatalf("after the response %v", r)
	}
	f.hub.Do(t, "POST", path+"resolve", officer, `{"text":"The pothole was filled <today> & the lane reopened"}`, 200, nil)
	r = one("requests/" + id + ".json")
	if r["status"] != "closed" || r["status_notes"] != "The pothole was filled <today> & the lane reopened" {
		t.Fatalf("after resolving %v", r)
	}

	// The same in XML, text escaped.
	body := f.get(t, "requests/"+id+".xml", 200)
	if !bytes.Contains(body, []byte("filled &lt;today&gt; &amp; the lane")) {
		t.Fatalf("XML not escaped: %s", body)
	}
	var x struct {
		XMLName  xml.Name `xml:"service_requests"`
		Requests []struct {
			ID          string  `xml:"service_request_id"`
			Status      string  `xml:"status"`
			StatusNotes string  `xml:"status_notes"`
			ServiceCode string  `xml:"service_code"`
			Requested   string  `xml:"requested_datetime"`
			Lat         float64 `xml:"lat"`
			Long        float64 `xml:"long"`
			Address     string  `xml:"address"`
		} `xml:"request"`
	}
	if err := xml.Unmarshal(body, &x); err != nil {
		t.Fatal(err)
	}
	if len(x.Requests) != 1 || x.Requests[0].ID != id || x.Requests[0].Status != "closed" || x.Requests[0].Lat != 26.5196 ||
		x.Requests[0].StatusNotes != "The pothole was filled <today> & the lane reopened" || x.Requests[0].Requested != r["requested_datetime"] {
		t.Fatalf("XML request %+v", x)
	}

	// Tokens: the case number stands for itself.
	tok := array(t, decodeJSON(t, f.get(t, "tokens/"+id+".json", 200)))
	if tk := object(t, tok[0], map[string]string{"service_request_id": "string", "token": "string"}, nil); tk["service_request_id"] != id {
		t.Fatalf("token %v", tk)
	}
	if body := f.get(t, "tokens/"+id+".xml", 200); !bytes.Contains(body, []byte("<service_requests><request><service_request_id>"+id)) {
		t.Fatalf("token XML %s", body)
	}
	errorBody(t, "tokens/nope.json", f.get(t, "tokens/nope.json", 404), 404, "service_request_id")
}

func TestPostInXMLAndRetry(t *testing.T) {
	f := newFixture(t)
	form := f.roadDefect(`Broken <b>kerb</b> & "sign" '1'`)
	form.Set("lang", "ar")
	body := f.post(t, "requests.xml", form, 200, "Idempotency-Key", "app-42")
	var x struct {
		XMLName  xml.Name `xml:"service_requests"`
		Requests []struct {
			ID     string `xml:"service_request_id"`
			Notice string `xml:"service_notice"`
		} `xml:"request"`
	}
	if err := xml.Unmarshal(body, &x); err != nil || len(x.Requests) != 1 || !strings.HasPrefix(x.Requests[0].ID, "QTF-") ||
		!strings.Contains(x.Requests[0].Notice, "تابع المعاملة") || !strings.Contains(x.Requests[0].Notice, "&code=") {
		t.Fatalf("created XML %s: %v", body, err)
	}
	// A retry with the same Idempotency-Key gets the same case.
	again := f.post(t, "requests.xml", form, 200, "Idempotency-Key", "app-42")
	if !bytes.Contains(again, []byte(x.Requests[0].ID)) {
		t.Fatalf("retry opened another case: %s", again)
	}
	// The same key for another request is a conflict, and opens nothing.
	other := f.roadDefect("another pothole")
	errorBody(t, "conflict requests.json", f.post(t, "requests.json", other, 409, "Idempotency-Key", "app-42"), 409, " / ")
	if n, err := f.hub.Store.OpenCaseCount(context.Background(), "qatif"); err != nil || n != 1 {
		t.Fatalf("%d open cases after a retry and a conflict, %v", n, err)
	}
	r := array(t, decodeJSON(t, f.get(t, "requests/"+x.Requests[0].ID+".json", 200)))[0].(map[string]any)
	if r["description"] != `Broken <b>kerb</b> & "sign" '1'` || r["media_url"] != "https://photos.example.com/p/1.jpg" ||
		strings.Contains(r["description"].(string), "Al-Nasirah") { // attributes are for staff: the spec has none in GET
		t.Fatalf("description %q", r["description"])
	}
	xb := f.get(t, "requests/"+x.Requests[0].ID+".xml", 200)
	if bytes.Contains(xb, []byte("<b>")) || !bytes.Contains(xb, []byte("&lt;b&gt;kerb&lt;/b&gt; &amp;")) {
		t.Fatalf("XML description not escaped: %s", xb)
	}
}

func TestPostRefusals(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name     string
		change   func(url.Values)
		status   int
		mentions string
	}{
		{"no api_key", func(v url.Values) { v.Del("api_key") }, 403, "api_key"},
		{"wrong api_key", func(v url.Values) { v.Set("api_key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") }, 403, "api_key"},
		{"garbage api_key", func(v url.Values) { v.Set("api_key", "<script>") }, 403, "api_key"},
		{"other jurisdiction", func(v url.Values) { v.Set("jurisdiction_id", "riyadh") }, 403, "jurisdiction_id"},
		{"unknown service", func(v url.Values) { v.Set("service_code", "moon-landing") }, 400, "service_code"},
		{"no service", func(v url.Values) { v.Del("service_code") }, 400, "service_code"},
		{"bad lat", func(v url.Values) { v.Set("lat", "north") }, 400, "lat"},
		{"lat out of range", func(v url.Values) { v.Set("lat", "91") }, 400, "lat"},
		{"NaN long", func(v url.Values) { v.Set("long", "NaN") }, 400, "long"},
		{"lat without long", func(v url.Values) { v.Del("long") }, 400, "long"},
		{"no location", func(v url.Values) { v.Del("lat"); v.Del("long"); v.Del("address_string") }, 400, "address_string"},
		{"no description", func(v url.Values) { v.Set("description", "  ") }, 400, "description"},
		{"bad phone", func(v url.Values) { v.Set("phone", "12345") }, 400, "phone"},
		{"missing attribute", func(v url.Values) { v.Del("attribute[district]") }, 400, "attribute[district]"},
		{"unknown attribute", func(v url.Values) { v.Set("attribute[colour]", "red") }, 400, "colour"},
		{"bad media_url", func(v url.Values) { v.Set("media_url", "javascript:alert(1)") }, 400, "media_url"},
		{"description too long", func(v url.Values) { v.Set("description", strings.Repeat("x", 4001)) }, 400, "description"},
		{"bad choice", func(v url.Values) {
			v.Set("service_code", "demolition-permit")
			v.Set("attribute[deed-number]", "1")
			v.Set("attribute[plot-number]", "2")
			v.Set("attribute[extent]", "3")
			v.Del("attribute[district]")
			v.Del("attribute[location]")
		}, 400, "attribute[extent]"},
	}
	for _, c := range cases {
		for _, doc := range []string{"requests.json", "requests.xml"} {
			form := f.roadDefect("A pothole")
			c.change(form)
			errorBody(t, c.name+" "+doc, f.post(t, doc, form, c.status), c.status, c.mentions)
		}
	}
	// Nothing was opened.
	if n, err := f.hub.Store.OpenCaseCount(context.Background(), "qatif"); err != nil || n != 0 {
		t.Fatalf("%d open cases after refusals, %v", n, err)
	}
	// Unknown documents and formats.
	errorBody(t, "requests.csv", f.get(t, "requests.csv", 404), 404, "discovery")
	errorBody(t, "services.json POST", f.post(t, "services.json", url.Values{}, 404), 404, "discovery")
	errorBody(t, "requests/QTF-2026-999999.xml", f.get(t, "requests/QTF-2026-999999.xml", 404), 404, "service_request_id")
	errorBody(t, "requests/XYZ-1.json", f.get(t, "requests/XYZ-1.json", 404), 404, "service_request_id")
}

func TestRequestFilters(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// A walk-in case: listed, its texts not published.
	kiosk := f.hub.Device(t, protocol.RoleKiosk)
	var issued protocol.IssuedTicket
	f.hub.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"road-defect","phone":"0509876543"}`, 201, &issued)
	var ids []string
	for _, d := range []string{"first pothole", "second pothole"} {
		created := array(t, decodeJSON(t, f.post(t, "requests.json", f.roadDefect(d), 200)))
		ids = append(ids, created[0].(map[string]any)["service_request_id"].(string))
	}
	light := url.Values{"api_key": {f.key}, "service_code": {"street-lighting"}, "address_string": {"Corniche"},
		"description": {"lamp out"}, "attribute[district]": {"Al-Shati"}, "attribute[street]": {"Corniche Rd"}}
	created := array(t, decodeJSON(t, f.post(t, "requests.json", light, 200)))
	lightID := created[0].(map[string]any)["service_request_id"].(string)
	officer := f.hub.User(t, protocol.RoleOfficer, "sara", "Sara")
	f.hub.Do(t, "POST", "/api/v1/branches/qatif/cases/"+lightID+"/resolve", officer, `{"text":"Lamp replaced"}`, 200, nil)
	if _, err := f.hub.Store.Case(ctx, "qatif", issued.Case); err != nil {
		t.Fatal(err)
	}

	list := func(query string) []map[string]any {
		t.Helper()
		var out []map[string]any
		for _, v := range array(t, decodeJSON(t, f.get(t, "requests.json"+query, 200))) {
			out = append(out, object(t, v, requestRequired, requestOptional))
		}
		return out
	}
	idsOf := func(rs []map[string]any) string {
		var s []string
		for _, r := range rs {
			s = append(s, r["service_request_id"].(string))
		}
		return strings.Join(s, ",")
	}
	all := list("")
	if got, want := idsOf(all), strings.Join([]string{lightID, ids[1], ids[0], issued.Case}, ","); got != want {
		t.Fatalf("all requests %s, want newest first %s", got, want)
	}
	walkIn := all[3]
	if walkIn["status"] != "open" || walkIn["description"] != nil || walkIn["lat"] != nil || walkIn["address"] != nil {
		t.Fatalf("a walk-in case shows its texts: %v", walkIn)
	}
	if got := idsOf(list("?status=closed")); got != lightID {
		t.Fatalf("status=closed: %s", got)
	}
	if got := idsOf(list("?status=open&service_code=road-defect")); got != ids[1]+","+ids[0]+","+issued.Case {
		t.Fatalf("open road defects: %s", got)
	}
	if got := idsOf(list("?service_code=street-lighting,road-defect&status=open,closed")); len(strings.Split(got, ",")) != 4 {
		t.Fatalf("comma lists: %s", got)
	}
	if got := idsOf(list("?service_request_id=" + ids[0] + "," + lightID + ",QTF-2026-999999&status=open")); got != ids[0]+","+lightID {
		t.Fatalf("by ids (other filters ignored): %s", got)
	}
	future := time.Now().Add(time.Hour).Format(time.RFC3339)
	if got := list("?start_date=" + url.QueryEscape(future)); len(got) != 0 {
		t.Fatalf("from the future: %v", got)
	}
	past := time.Now().Add(-time.Hour).Format(time.RFC3339)
	if got := list("?start_date=" + url.QueryEscape(past) + "&end_date=" + url.QueryEscape(future)); len(got) != 4 {
		t.Fatalf("the last hour: %d", len(got))
	}

	// An unknown service is a filter that matches nothing, not a mistake.
	if got := list("?service_code=moon-landing"); len(got) != 0 {
		t.Fatalf("unknown service: %v", got)
	}
	if got := idsOf(list("?service_code=moon-landing,street-lighting")); got != lightID {
		t.Fatalf("unknown and known service: %s", got)
	}

	// The XML list carries the same.
	var x struct {
		XMLName  xml.Name `xml:"service_requests"`
		Requests []struct {
			ID     string `xml:"service_request_id"`
			Status string `xml:"status"`
		} `xml:"request"`
	}
	if err := xml.Unmarshal(f.get(t, "requests.xml?status=closed", 200), &x); err != nil || len(x.Requests) != 1 || x.Requests[0].ID != lightID {
		t.Fatalf("XML list %+v %v", x, err)
	}
	if body := f.get(t, "requests.xml?start_date="+url.QueryEscape(future), 200); !bytes.Contains(body, []byte("<service_requests></service_requests>")) {
		t.Fatalf("empty XML list %s", body)
	}
	if body := f.get(t, "requests.json?start_date="+url.QueryEscape(future), 200); string(body) != "[]\n" {
		t.Fatalf("empty JSON list %s", body)
	}

	for _, c := range []struct{ query, mentions string }{
		{"?start_date=yesterday", "start_date"},
		{"?end_date=2026-13-01T00:00:00Z", "end_date"},
		{"?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", "90 days"},
		{"?start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z", "before"},
		{"?status=pending", "status"},
		{"?service_request_id=" + strings.Repeat("A,", 101), "service_request_id"},
	} {
		for _, doc := range []string{"requests.json", "requests.xml"} {
			errorBody(t, doc+c.query, f.get(t, doc+c.query, 400), 400, c.mentions)
		}
	}
}
