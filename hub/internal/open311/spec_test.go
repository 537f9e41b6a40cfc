package open311_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// multipartPost sends form as multipart/form-data with files under their
// parameter names.
func (f *fixture) multipartPost(t *testing.T, form url.Values, want int, files map[string][]byte) []byte {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, vals := range form {
		for _, v := range vals {
			mw.WriteField(name, v)
		}
	}
	for name, data := range files {
		w, _ := mw.CreateFormFile(name, "photo.png")
		w.Write(data)
	}
	mw.Close()
	res, err := http.Post(f.hub.URL+"/open311/v2/requests.json", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	return check(t, res, "POST multipart requests.json", want)
}

func pngPhoto(t *testing.T) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		m.Set(x, x%30, color.RGBA{200, 30, 30, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The spec's media upload: a multipart POST opens the case with its photo,
// by /report's rules; a bad photo opens nothing; a body of another type is
// 415, naming what to send.
func TestMultipartPost(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	created := array(t, decodeJSON(t, f.multipartPost(t, f.roadDefect("Pothole, photo attached"), 200,
		map[string][]byte{"media": pngPhoto(t)})))
	id := created[0].(map[string]any)["service_request_id"].(string)
	c, err := f.hub.Store.Case(ctx, "qatif", id)
	if err != nil || c.Channel != "open311" || c.Details["district"] != "Al-Nasirah" {
		t.Fatalf("case %+v, %v", c, err)
	}
	last := c.Timeline[len(c.Timeline)-1]
	if last.Kind != "photos" || len(last.Photos) != 1 {
		t.Fatalf("no photo on the timeline: %+v", c.Timeline)
	}

	errorBody(t, "not an image", f.multipartPost(t, f.roadDefect("bad photo"), 400,
		map[string][]byte{"media": []byte("GIF89a not really")}), 400, "photos")
	errorBody(t, "a file elsewhere", f.multipartPost(t, f.roadDefect("file elsewhere"), 400,
		map[string][]byte{"description": pngPhoto(t)}), 400, "media")
	if n, err := f.hub.Store.OpenCaseCount(ctx, "qatif"); err != nil || n != 1 {
		t.Fatalf("%d open cases after refused photos, %v", n, err)
	}

	res, err := http.Post(f.hub.URL+"/open311/v2/requests.json", "application/json", strings.NewReader(`{"api_key":"`+f.key+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	errorBody(t, "JSON body", check(t, res, "POST json requests.json", 415), 415, "multipart/form-data")
}

// DELETE and PUT are 405 with the methods allowed, in the spec's error format.
func TestMethodNotAllowed(t *testing.T) {
	f := newFixture(t)
	for path, allow := range map[string]string{
		"requests.json": "GET, HEAD, POST", "requests/QTF-2026-000001.xml": "GET, HEAD",
		"services/road-defect.json": "GET, HEAD", "tokens/QTF-2026-000001.json": "GET, HEAD",
	} {
		for _, method := range []string{http.MethodDelete, http.MethodPut} {
			req, _ := http.NewRequest(method, f.hub.URL+"/open311/v2/"+path, nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			what := method + " " + path
			errorBody(t, what, check(t, res, what, 405), 405, method)
			if res.Header.Get("Allow") != allow {
				t.Fatalf("%s: Allow %q, want %q", what, res.Header.Get("Allow"), allow)
			}
		}
	}
}

// Dates as clients send them: a date alone (the whole day, in the branch's
// zone), and an offset whose "+" was not encoded (it arrives as a space).
func TestDateForms(t *testing.T) {
	f := newFixture(t)
	created := array(t, decodeJSON(t, f.post(t, "requests.json", f.roadDefect("A pothole"), 200)))
	id := created[0].(map[string]any)["service_request_id"].(string)
	riyadh, _ := time.LoadLocation("Asia/Riyadh")
	today := time.Now().In(riyadh).Format(time.DateOnly)
	tomorrow := time.Now().In(riyadh).AddDate(0, 0, 1).Format(time.DateOnly)
	hourAgo := time.Now().In(riyadh).Add(-time.Hour).Format("2006-01-02T15:04:05") + "+03:00"
	for _, query := range []string{
		"start_date=" + today, "end_date=" + today, "start_date=" + today + "&end_date=" + today,
		"start_date=" + hourAgo, // the + unencoded
	} {
		ids, _, _ := f.page(t, "requests.json?"+query)
		if len(ids) != 1 || ids[0] != id {
			t.Fatalf("%s: %v", query, ids)
		}
	}
	if ids, _, _ := f.page(t, "requests.json?start_date="+tomorrow); len(ids) != 0 {
		t.Fatalf("from tomorrow: %v", ids)
	}
}

// address_id is not supported: a request with only it says so.
func TestAddressID(t *testing.T) {
	f := newFixture(t)
	form := f.roadDefect("A pothole")
	form.Del("lat")
	form.Del("long")
	form.Del("address_string")
	form.Set("address_id", "12345")
	errorBody(t, "address_id", f.post(t, "requests.json", form, 400), 400, "address_id")
}
