package whatsapp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

const graphToken = "graph-token"

// graphAPI stands in for the Graph API's media endpoints: GET /{media-id}
// answers the media's url, GET /files/{media-id} its bytes. It records every
// request and refuses one without the bearer token.
type graphAPI struct {
	url   string
	mu    sync.Mutex
	files map[string][]byte
	seen  []string // "<path> <authorization>"
}

func newGraphAPI(t *testing.T) *graphAPI {
	g := &graphAPI{files: map[string][]byte{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.seen = append(g.seen, r.URL.Path+" "+r.Header.Get("Authorization"))
		g.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+graphToken {
			http.Error(w, `{"error":{"message":"Invalid OAuth access token"}}`, http.StatusUnauthorized)
			return
		}
		id, isFile := strings.CutPrefix(r.URL.Path, "/files/")
		if !isFile {
			id = strings.TrimPrefix(r.URL.Path, "/")
		}
		g.mu.Lock()
		data, ok := g.files[id]
		g.mu.Unlock()
		switch {
		case !ok:
			http.NotFound(w, r)
		case isFile:
			w.Header().Set("Content-Type", "image/jpeg") // whatever the bytes are
			w.Write(data)
		default:
			json.NewEncoder(w).Encode(map[string]any{"url": g.url + "/files/" + id, "mime_type": "image/jpeg",
				"sha256": "irrelevant", "file_size": len(data), "id": id, "messaging_product": "whatsapp"})
		}
	}))
	t.Cleanup(srv.Close)
	g.url = srv.URL
	return g
}

func (g *graphAPI) serve(id string, data []byte) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.files[id] = data
}

func (g *graphAPI) requests() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.seen...)
}

// photoJPEG is a camera-like JPEG of one colour with an EXIF block that
// gives away where it was taken: what must not be kept.
func photoJPEG(t *testing.T, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 64 {
			img.Set(x, y, color.RGBA{shade, 100, 50, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	seg := []byte("Exif\x00\x00GPS 26.5650N 50.0119E serial 12345")
	raw := b.Bytes()
	out := append([]byte{}, raw[:2]...)
	out = append(out, 0xFF, 0xE1, byte((len(seg)+2)>>8), byte(len(seg)+2))
	out = append(out, seg...)
	return append(out, raw[2:]...)
}

func (f fixture) only(t *testing.T, phone string) protocol.Case {
	t.Helper()
	cs := f.cases(t, phone)
	if len(cs) != 1 {
		t.Fatalf("%d cases, want 1", len(cs))
	}
	c, err := f.h.Store.Case(context.Background(), "qatif", cs[0].Number)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f fixture) storedPhotos(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir(f.mediaIn)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return len(entries)
}

func TestServiceChosenByNumber(t *testing.T) {
	f := start(t)
	const from, phone = "966501234567", "0501234567"
	services := f.cat.Wire().Services
	var reports []protocol.Service
	for _, s := range services {
		if s.Category == "report" {
			reports = append(reports, s)
		}
	}
	menu := f.send(t, textMessage("wamid.1", from, "بلاغ عمود إنارة مطفأ منذ أسبوع"))
	for i, s := range reports {
		if want := string(rune('1'+i)) + ". " + s.Name.Ar; !strings.Contains(menu, want) {
			t.Errorf("menu %q lacks %q", menu, want)
		}
	}
	if got := f.send(t, textMessage("wamid.2", from, "سبعة")); !strings.Contains(got, "لم أفهم") {
		t.Errorf("a reply that is not a number: %q, want the menu again", got)
	}
	// Arabic-Indic digits are what an Arabic keyboard types.
	if got := f.send(t, textMessage("wamid.3", from, "٢")); !strings.Contains(got, "موقع") {
		t.Fatalf("after the choice: %q, want the location question", got)
	}
	if cs := f.cases(t, phone); len(cs) != 0 {
		t.Fatalf("%d cases before the last question", len(cs))
	}
	done := f.send(t, textMessage("wamid.4", from, "0"))
	c := f.only(t, phone)
	if c.Service != reports[1].Code || c.Description != "عمود إنارة مطفأ منذ أسبوع" || c.Location != nil {
		t.Errorf("case: service %q, description %q, location %v; want %s, the text after «بلاغ», none",
			c.Service, c.Description, c.Location, reports[1].Code)
	}
	if !strings.Contains(done, c.Number) {
		t.Errorf("reply %q lacks the case number", done)
	}

	// In English, the menu is English and a bare number keeps the language.
	const enFrom = "966507654321"
	menu = f.send(t, textMessage("wamid.5", enFrom, "report"))
	if !strings.Contains(menu, "1. "+reports[0].Name.En) {
		t.Errorf("English menu %q", menu)
	}
	if got := f.send(t, textMessage("wamid.6", enFrom, "3")); !strings.Contains(got, "Describe the problem") {
		t.Errorf("after the choice: %q, want the English description question", got)
	}
	f.send(t, textMessage("wamid.7", enFrom, "Dogs near the school gate"))
	f.send(t, textMessage("wamid.8", enFrom, "skip"))
	c = f.only(t, "0507654321")
	if c.Service != reports[2].Code || c.Lang != "en" || c.Description != "Dogs near the school gate" {
		t.Errorf("English case %+v", c)
	}

	// "cancel" drops a report half-way.
	f.send(t, textMessage("wamid.9", from, "بلاغ"))
	if got := f.send(t, textMessage("wamid.10", from, "إلغاء")); !strings.Contains(got, "أُلغي") {
		t.Errorf("cancel: %q", got)
	}
	if got := f.send(t, textMessage("wamid.11", from, "1")); !strings.Contains(got, "شامل") {
		t.Errorf("a number after cancelling: %q, want help", got)
	}
}

func TestPhotoReportWithLocation(t *testing.T) {
	f := start(t)
	const from, phone = "966501234567", "0501234567"
	for i, id := range []string{"m1", "m2", "m3", "m4"} {
		f.graph.serve(id, photoJPEG(t, uint8(40*i)))
	}
	original := photoJPEG(t, 0)

	if got := f.send(t, imageMessage("wamid.1", from, "m1", "بلاغ 1 حفرة أمام المدرسة")); !strings.Contains(got, "موقع") {
		t.Fatalf("photo with «بلاغ 1 …»: %q, want the location question", got)
	}
	// The rest of an album comes as images without caption.
	if got := f.send(t, imageMessage("wamid.2", from, "m2", "")); !strings.Contains(got, "(2 من 3)") {
		t.Errorf("second photo: %q", got)
	}
	f.send(t, imageMessage("wamid.2", from, "m2", "")) // delivered again: still one photo
	if got := f.send(t, imageMessage("wamid.3", from, "m3", "")); !strings.Contains(got, "(3 من 3)") {
		t.Errorf("third photo: %q", got)
	}
	if got := f.send(t, imageMessage("wamid.4", from, "m4", "")); !strings.Contains(got, "3 صور على الأكثر") {
		t.Errorf("fourth photo: %q, want at most 3", got)
	}
	f.send(t, locationMessage("wamid.5", from, 26.5650, 50.0119, "مدرسة القطيف", "شارع الملك عبدالعزيز، القطيف"))

	c := f.only(t, phone)
	if c.Location == nil || c.Location.Lat == nil || *c.Location.Lat != 26.5650 || *c.Location.Lng != 50.0119 ||
		!strings.Contains(c.Location.Landmark, "مدرسة القطيف") {
		t.Errorf("location %+v, want the point sent and its name", c.Location)
	}
	var photos []string
	for _, e := range c.Timeline {
		if e.Kind == "photos" {
			photos = append(photos, e.Photos...)
		}
	}
	if len(photos) != 3 {
		t.Fatalf("photos on the timeline %v, want 3", photos)
	}
	if n := f.storedPhotos(t); n != 4 {
		// The fourth was kept before the draft refused it: an orphan
		// nobody can reach, as on /report.
		t.Errorf("%d files stored, want 4", n)
	}
	kept, err := f.media.Get(context.Background(), photos[0])
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(kept, original) || bytes.Contains(kept, []byte("GPS")) {
		t.Error("the photo was kept as sent, with its EXIF position: want it re-encoded")
	}
	if _, err := jpeg.Decode(bytes.NewReader(kept)); err != nil {
		t.Errorf("kept photo is not a JPEG: %v", err)
	}
	reqs := f.graph.requests()
	if len(reqs) == 0 || reqs[0] != "/m1 Bearer "+graphToken || reqs[1] != "/files/m1 Bearer "+graphToken {
		t.Errorf("Graph API requests %v, want GET /m1 then its url, with the token", reqs)
	}
}

func TestNonImageIsRefused(t *testing.T) {
	f := start(t)
	const from, phone = "966501234567", "0501234567"
	f.graph.serve("fake", []byte("<html><script>alert(1)</script></html>"))
	got := f.send(t, imageMessage("wamid.1", from, "fake", "بلاغ 1 حفرة"))
	if !strings.Contains(got, "ليست صورة JPEG أو PNG") {
		t.Errorf("reply %q, want the photo refused", got)
	}
	if n := f.storedPhotos(t); n != 0 {
		t.Errorf("%d files stored, want none", n)
	}
	// No report was started: "0" is not the answer to a question.
	f.send(t, textMessage("wamid.2", from, "0"))
	if cs := f.cases(t, phone); len(cs) != 0 {
		t.Errorf("%d cases opened, want none", len(cs))
	}
	// An image with nowhere to go is not even fetched.
	before := len(f.graph.requests())
	if got := f.send(t, imageMessage("wamid.3", from, "fake", "")); !strings.Contains(got, "شامل") {
		t.Errorf("stray image: %q, want help", got)
	}
	if n := len(f.graph.requests()); n != before {
		t.Errorf("a stray image was fetched (%d requests)", n-before)
	}
}

func TestLocationAndPhotoAfterTheReport(t *testing.T) {
	f := start(t)
	const from, phone = "966501234567", "0501234567"
	f.graph.serve("late", photoJPEG(t, 200))
	f.send(t, textMessage("wamid.1", from, "بلاغ 1 تسرب مياه"))
	f.send(t, textMessage("wamid.2", from, "تخطي"))
	c := f.only(t, phone)
	if c.Location != nil {
		t.Fatalf("location %+v before it was sent", c.Location)
	}
	if got := f.send(t, locationMessage("wamid.3", from, 26.55, 50.01, "", "")); !strings.Contains(got, c.Number) {
		t.Errorf("location reply %q, want the case number", got)
	}
	if got := f.send(t, imageMessage("wamid.4", from, "late", "")); !strings.Contains(got, c.Number) {
		t.Errorf("photo reply %q, want the case number", got)
	}
	c = f.only(t, phone)
	if c.Location == nil || c.Location.Lat == nil || *c.Location.Lat != 26.55 || *c.Location.Lng != 50.01 {
		t.Errorf("location %+v, want 26.55, 50.01", c.Location)
	}
	if c.Status != protocol.CaseReceived {
		t.Errorf("status %s after the citizen's location, want still received: no one has started on it", c.Status)
	}
	last := c.Timeline[len(c.Timeline)-1]
	if last.Kind != "photos" || len(last.Photos) != 1 {
		t.Errorf("last entry %+v, want the late photo", last)
	}
	if got := f.send(t, locationMessage("wamid.5", "966500000001", 26.55, 50.01, "", "")); !strings.Contains(got, "ابدأ بلاغاً") {
		t.Errorf("location from a stranger: %q, want how to send one", got)
	}
}

func TestAnswerWithPhoto(t *testing.T) {
	f := start(t)
	ctx := context.Background()
	const from, phone = "966501234567", "0501234567"
	f.send(t, textMessage("wamid.1", from, "بلاغ 1 حفرة"))
	f.send(t, textMessage("wamid.2", from, "0"))
	c := f.only(t, phone)
	by := store.By{Actor: "sara", Desk: "1", Now: time.Now()}
	if _, err := f.h.Store.RequestInfo(ctx, "qatif", c.Number, by, "أرسل صورة للحفرة", time.Now().Add(72*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// A day later the conversation is forgotten; the case still awaits.
	if err := f.h.Redis.Client().Del(ctx, "whatsapp:chat:+966501234567").Err(); err != nil {
		t.Fatal(err)
	}
	f.graph.serve("answer", photoJPEG(t, 90))
	if got := f.send(t, imageMessage("wamid.3", from, "answer", "هذه الحفرة")); !strings.Contains(got, "وصل ردك") {
		t.Errorf("reply %q, want the answer acknowledged", got)
	}
	c = f.only(t, phone)
	last := c.Timeline[len(c.Timeline)-1]
	if last.Kind != protocol.EntryCitizenReply || last.Text != "هذه الحفرة" || len(last.Photos) != 1 || c.Status == protocol.CaseAwaitingCitizen {
		t.Errorf("status %s, last entry %+v; want the citizen's reply with the photo", c.Status, last)
	}
	if _, err := f.media.Get(ctx, last.Photos[0]); err != nil {
		t.Errorf("the answer's photo is not stored: %v", err)
	}
}
