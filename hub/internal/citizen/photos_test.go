package citizen_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/internal/citizen"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// testPhoto is a small PNG: a pothole-grey square.
func testPhoto(t *testing.T) []byte {
	m := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		for y := 0; y < 48; y++ {
			m.Set(x, y, color.RGBA{uint8(80 + x), uint8(80 + y), 90, 255})
		}
	}
	var b bytes.Buffer
	must(t, png.Encode(&b, m))
	return b.Bytes()
}

// multipartBody builds a form with the fields and one "photos" part per
// file.
func multipartBody(t *testing.T, fields map[string]string, photos ...[]byte) (string, *bytes.Buffer) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		must(t, w.WriteField(k, v))
	}
	for i, p := range photos {
		part, err := w.CreateFormFile("photos", "photo"+string(rune('1'+i))+".png")
		must(t, err)
		part.Write(p)
	}
	must(t, w.Close())
	return w.FormDataContentType(), &b
}

// postForm sends a multipart form and returns the status and body.
func (f *fixture) postForm(t *testing.T, path string, fields map[string]string, photos ...[]byte) (int, []byte) {
	t.Helper()
	ct, body := multipartBody(t, fields, photos...)
	res, err := http.Post(f.URL+path, ct, body)
	must(t, err)
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, raw
}

// get fetches a path with an optional bearer token.
func (f *fixture) get(t *testing.T, path, token string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", f.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	must(t, err)
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, raw
}

func wantError(t *testing.T, status int, raw []byte, wantStatus int, wantCode string) {
	t.Helper()
	var e struct{ Error protocol.Error }
	json.Unmarshal(raw, &e)
	if status != wantStatus || e.Error.Code != wantCode || e.Error.Message == "" || e.Error.MessageAr == "" {
		t.Fatalf("status %d %s, want %d %s with both languages", status, raw, wantStatus, wantCode)
	}
}

func mediaFiles(t *testing.T) int {
	files, err := os.ReadDir(filepath.Join("data", "media"))
	if os.IsNotExist(err) {
		return 0
	}
	must(t, err)
	return len(files)
}

func TestReplyWithPhotos(t *testing.T) {
	f := newFixture(t)
	f.serveAtDesk(t)
	f.requestInfo(t, "Send a photo of the pothole, please.")
	replyPath := "/api/v1/cases/" + f.ticket.Case + "/reply"
	photo := testPhoto(t)

	// Bad uploads: clear errors in both languages, nothing stored.
	fakePNG := []byte("<script>alert(1)</script> not a photo")
	status, raw := f.postForm(t, replyPath, map[string]string{"code": f.ticket.AccessCode, "text": "here"}, fakePNG)
	wantError(t, status, raw, http.StatusBadRequest, protocol.CodeBadRequest)
	status, raw = f.postForm(t, replyPath, map[string]string{"code": f.ticket.AccessCode}, photo, photo, photo, photo)
	wantError(t, status, raw, http.StatusBadRequest, protocol.CodeBadRequest)
	status, raw = f.postForm(t, replyPath, map[string]string{"code": f.ticket.AccessCode}, append(photo, make([]byte, 5<<20)...))
	wantError(t, status, raw, http.StatusRequestEntityTooLarge, protocol.CodeTooLarge)
	status, raw = f.postForm(t, replyPath, map[string]string{"code": f.ticket.AccessCode, "extra": "x"}, photo)
	wantError(t, status, raw, http.StatusBadRequest, protocol.CodeBadRequest)
	status, raw = f.postForm(t, replyPath, map[string]string{"code": "AAAAA-AAAAA"}, photo)
	wantError(t, status, raw, http.StatusNotFound, protocol.CodeNotFound)
	status, raw = f.postForm(t, "/api/v1/cases/QTF-2026-999999/reply", map[string]string{"code": f.ticket.AccessCode}, photo)
	wantError(t, status, raw, http.StatusNotFound, protocol.CodeNotFound)
	if n := mediaFiles(t); n != 0 {
		t.Fatalf("%d files stored by bad requests", n)
	}
	if v := f.track(t); v.Case.Status != protocol.CaseAwaitingCitizen || kinds(v.Case)[len(v.Case.Timeline)-1] != "info_request" {
		t.Fatalf("a bad request changed the case: %v", kinds(v.Case))
	}

	// A photo alone is an answer; it goes on the citizen's reply entry.
	status, raw = f.postForm(t, replyPath, map[string]string{"code": f.ticket.AccessCode}, photo)
	if status != http.StatusOK {
		t.Fatalf("reply: %d %s", status, raw)
	}
	var v citizen.View
	must(t, json.Unmarshal(raw, &v))
	last := v.Case.Timeline[len(v.Case.Timeline)-1]
	if last.Kind != "citizen_reply" || len(last.Photos) != 1 || v.Case.Status != protocol.CaseInProgress {
		t.Fatalf("after the reply: %s %+v", v.Case.Status, last)
	}
	key := last.Photos[0]
	photoPath := "/api/v1/cases/" + f.ticket.Case + "/photos/" + key

	// The citizen with the code and staff of the branch see it; nobody else.
	status, h, body := f.get(t, photoPath+"?code="+f.ticket.AccessCode, "")
	if status != http.StatusOK || h.Get("Content-Type") != "image/png" {
		t.Fatalf("citizen's photo: %d %s", status, h.Get("Content-Type"))
	}
	if _, err := png.Decode(bytes.NewReader(body)); err != nil {
		t.Fatalf("served photo: %v", err)
	}
	if status, _, _ := f.get(t, photoPath, f.officer); status != http.StatusOK {
		t.Fatalf("officer's photo: %d", status)
	}
	if status, _, _ := f.get(t, photoPath, f.kiosk); status != http.StatusNotFound {
		t.Fatalf("kiosk got the photo: %d", status)
	}
	if status, _, _ := f.get(t, photoPath+"?code=AAAAA-AAAAA", ""); status != http.StatusNotFound {
		t.Fatalf("wrong code got the photo: %d", status)
	}
	other := strings.Repeat("0", 64) + ".png"
	if status, _, _ := f.get(t, "/api/v1/cases/"+f.ticket.Case+"/photos/"+other+"?code="+f.ticket.AccessCode, ""); status != http.StatusNotFound {
		t.Fatalf("a photo not on the case: %d", status)
	}

	// The desk's view of the case carries the photo too.
	var staff protocol.Case
	f.Do(t, "GET", "/api/v1/branches/qatif/cases/"+f.ticket.Case, f.officer, "", http.StatusOK, &staff)
	if e := staff.Timeline[len(staff.Timeline)-1]; len(e.Photos) != 1 || e.Photos[0] != key {
		t.Fatalf("staff view: %+v", e)
	}
}

// report sends the reporting form and decodes the reported case.
func (f *fixture) report(t *testing.T, fields map[string]string, photos ...[]byte) protocol.ReportedCase {
	t.Helper()
	status, raw := f.postForm(t, "/api/v1/reports", fields, photos...)
	if status != http.StatusCreated {
		t.Fatalf("report: %d %s", status, raw)
	}
	var out protocol.ReportedCase
	must(t, json.Unmarshal(raw, &out))
	return out
}

func TestReportOnline(t *testing.T) {
	f := newFixture(t)
	fields := map[string]string{
		"branch": "qatif", "service": "road-defect", "description": `حفرة كبيرة <script>alert(1)</script>`,
		"district": "الناصرة", "street": "شارع القدس", "lat": "26.5650", "lng": "50.0119",
		"phone": "0501234567", "lang": "ar", "request_id": "web-test-1",
	}
	photo := testPhoto(t)

	// Bad input opens nothing.
	for name, bad := range map[string]struct {
		change      map[string]string
		photos      [][]byte
		status      int
		code, field string
	}{
		"unknown service": {map[string]string{"service": "moon-landing"}, nil, 404, protocol.CodeNotFound, "service"},
		"no description":  {map[string]string{"description": "  "}, nil, 400, protocol.CodeBadRequest, "description"},
		"bad phone":       {map[string]string{"phone": "12345"}, nil, 400, protocol.CodeBadRequest, "phone"},
		"bad position":    {map[string]string{"lat": "north"}, nil, 400, protocol.CodeBadRequest, "lat"},
		"no request id":   {map[string]string{"request_id": ""}, nil, 400, protocol.CodeBadRequest, "request_id"},
		"text as photo":   {nil, [][]byte{[]byte("hello, I am photo.png")}, 400, protocol.CodeBadRequest, "photos"},
	} {
		form := map[string]string{}
		for k, v := range fields {
			form[k] = v
		}
		for k, v := range bad.change {
			form[k] = v
		}
		status, raw := f.postForm(t, "/api/v1/reports", form, bad.photos...)
		var e struct{ Error protocol.Error }
		json.Unmarshal(raw, &e)
		if status != bad.status || e.Error.Code != bad.code || e.Error.Field != bad.field || e.Error.MessageAr == "" {
			t.Fatalf("%s: %d %s", name, status, raw)
		}
	}
	if n := mediaFiles(t); n != 0 {
		t.Fatalf("%d files stored by bad reports", n)
	}

	// The form sent twice opens one case, with the photo once.
	first := f.report(t, fields, photo)
	again := f.report(t, fields, photo)
	if first.Case != again.Case || first.AccessCode != again.AccessCode || first.Case == f.ticket.Case {
		t.Fatalf("reports %+v and %+v", first, again)
	}
	var v citizen.View
	f.Do(t, "GET", "/api/v1/cases/"+first.Case+"/track?code="+first.AccessCode, "", "", http.StatusOK, &v)
	c := v.Case
	if c.Channel != "online" || c.Status != protocol.CaseReceived || c.Description != fields["description"] ||
		c.Location == nil || c.Location.Street != "شارع القدس" || c.Location.Lat == nil {
		t.Fatalf("reported case: %+v", c)
	}
	if got := kinds(c); strings.Join(got, ",") != "opened,photos" || len(c.Timeline[1].Photos) != 1 {
		t.Fatalf("timeline %v", c.Timeline)
	}

	// It reaches a desk: the officer's open cases list it.
	open := openCases(t, f)
	found := false
	for _, oc := range open {
		found = found || oc.Number == first.Case
	}
	if !found {
		t.Fatalf("%s is not among the open cases %v", first.Case, open)
	}
}

// openCases asks case.list_open over the WebSocket, as the desk app does.
func openCases(t *testing.T, f *fixture) []protocol.Case {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	desk, err := client.Dial(ctx, client.Config{URL: f.WS, Token: f.officer})
	must(t, err)
	defer desk.Close()
	var open []protocol.Case
	must(t, desk.Do(ctx, protocol.ReqCasesOpen, nil, &open))
	return open
}
