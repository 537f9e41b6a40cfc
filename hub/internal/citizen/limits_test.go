package citizen_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/ratelimit"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// postFrom sends a multipart form from a local address of the loopback
// network (127.0.0.1, 127.0.0.2…): each one is another client to the hub.
func (f *fixture) postFrom(t *testing.T, from, path string, fields map[string]string, photos ...[]byte) (*http.Response, []byte) {
	t.Helper()
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
	client := &http.Client{Transport: &http.Transport{DialContext: dialer.DialContext}}
	defer client.CloseIdleConnections()
	ct, body := multipartBody(t, fields, photos...)
	res, err := client.Post(f.URL+path, ct, body)
	must(t, err)
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res, raw
}

// shadedPhoto is a small PNG of its own shade: another photo, another file.
func shadedPhoto(t *testing.T, shade uint8) []byte {
	m := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for x := 0; x < 32; x++ {
		for y := 0; y < 24; y++ {
			m.Set(x, y, color.RGBA{shade, uint8(x), uint8(y), 255})
		}
	}
	var b bytes.Buffer
	must(t, png.Encode(&b, m))
	return b.Bytes()
}

// wantLimited checks a refusal: 429, Retry-After within the window, and a
// rate_limited error in both languages.
func wantLimited(t *testing.T, res *http.Response, raw []byte, window time.Duration) {
	t.Helper()
	wantError(t, res.StatusCode, raw, http.StatusTooManyRequests, protocol.CodeRateLimited)
	s, err := strconv.Atoi(res.Header.Get("Retry-After"))
	if after := time.Duration(s) * time.Second; err != nil || after < window-time.Minute || after > window {
		t.Fatalf("Retry-After %q, want about %v", res.Header.Get("Retry-After"), window)
	}
}

func TestReportsAreLimited(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	openCases := func() int {
		n, err := f.Store.OpenCaseCount(ctx, "qatif")
		must(t, err)
		return n
	}
	report := func(id, phone string) map[string]string {
		return map[string]string{"branch": "qatif", "service": "road-defect", "description": "حفرة " + id,
			"district": "الناصرة", "phone": phone, "request_id": "limit-" + id}
	}

	// One address reports ReportsPerAddress times an hour; a report
	// refused for its content does not count.
	for i := range ratelimit.ReportsPerAddress.Limit {
		if i == 2 {
			bad := report("bad", "")
			bad["service"] = "moon-landing"
			res, raw := f.postFrom(t, "127.0.0.1", "/api/v1/reports", bad)
			wantError(t, res.StatusCode, raw, http.StatusNotFound, protocol.CodeNotFound)
		}
		if res, raw := f.postFrom(t, "127.0.0.1", "/api/v1/reports", report(fmt.Sprint("a", i), "")); res.StatusCode != http.StatusCreated {
			t.Fatalf("report %d: %d %s", i+1, res.StatusCode, raw)
		}
	}
	before, files := openCases(), mediaFiles(t)
	res, raw := f.postFrom(t, "127.0.0.1", "/api/v1/reports", report("over", ""), shadedPhoto(t, 1))
	wantLimited(t, res, raw, ratelimit.ReportsPerAddress.Window)
	if openCases() != before || mediaFiles(t) != files {
		t.Fatal("a refused report stored something")
	}

	// Another address is not affected; a mobile number reports
	// ReportsPerPhone times a day, from any address.
	for i := range ratelimit.ReportsPerPhone.Limit {
		if res, raw := f.postFrom(t, "127.0.0.2", "/api/v1/reports", report(fmt.Sprint("b", i), "0551112222")); res.StatusCode != http.StatusCreated {
			t.Fatalf("report %d from another address: %d %s", i+1, res.StatusCode, raw)
		}
	}
	before = openCases()
	res, raw = f.postFrom(t, "127.0.0.3", "/api/v1/reports", report("phone-over", "+966551112222"))
	wantLimited(t, res, raw, ratelimit.ReportsPerPhone.Window)
	if openCases() != before {
		t.Fatal("a refused report opened a case")
	}
	if res, raw := f.postFrom(t, "127.0.0.2", "/api/v1/reports", report("other-phone", "0553334444")); res.StatusCode != http.StatusCreated {
		t.Fatalf("another number: %d %s", res.StatusCode, raw)
	}
}

func TestReplyPhotosAreLimited(t *testing.T) {
	f := newFixture(t)
	f.serveAtDesk(t)
	replyPath := "/api/v1/cases/" + f.ticket.Case + "/reply"
	code := map[string]string{"code": f.ticket.AccessCode}
	photos := ratelimit.PhotosPerAddress.Limit
	for sent := 0; sent < photos; sent += 3 {
		batch := [][]byte{shadedPhoto(t, uint8(sent)), shadedPhoto(t, uint8(sent+1)), shadedPhoto(t, uint8(sent+2))}[:min(3, photos-sent)]
		if res, raw := f.postFrom(t, "127.0.0.1", replyPath, code, batch...); res.StatusCode != http.StatusOK {
			t.Fatalf("reply with photos %d…: %d %s", sent+1, res.StatusCode, raw)
		}
	}
	entries, files := len(f.track(t).Case.Timeline), mediaFiles(t)
	res, raw := f.postFrom(t, "127.0.0.1", replyPath, code, shadedPhoto(t, 200))
	wantLimited(t, res, raw, ratelimit.PhotosPerAddress.Window)
	if len(f.track(t).Case.Timeline) != entries || mediaFiles(t) != files {
		t.Fatal("a refused upload stored something")
	}
	// A reply without photos still goes through, and so do photos from
	// another address.
	if res, raw := f.postFrom(t, "127.0.0.1", replyPath, map[string]string{"code": f.ticket.AccessCode, "text": "words only"}); res.StatusCode != http.StatusOK {
		t.Fatalf("text reply: %d %s", res.StatusCode, raw)
	}
	if res, raw := f.postFrom(t, "127.0.0.2", replyPath, code, shadedPhoto(t, 201)); res.StatusCode != http.StatusOK {
		t.Fatalf("photo from another address: %d %s", res.StatusCode, raw)
	}
}
