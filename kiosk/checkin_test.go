package main

import (
	"context"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/desktop/xvfbtest"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
	"github.com/shamil-municipal/shamil/kiosk/internal/kiosk"
)

// The real app under Xvfb, with xdotool as the barcode scanner: a wrong code
// shows the hub's error, and the QR code of a ticket taken on /queue checks
// the visitor in and shows the welcome screen.
func TestKioskChecksInARemoteTicket(t *testing.T) {
	xvfbtest.Require(t)
	h := hubtest.Start(t)

	// A walk-in first, so the remote ticket has someone ahead.
	c, err := client.Dial(context.Background(), client.Config{URL: h.WS, Token: h.Device(t, protocol.RoleKiosk), Branch: "qatif"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var walkIn protocol.IssuedTicket
	if err := c.Do(context.Background(), protocol.ReqTicketIssue, protocol.IssueTicket{Service: "road-defect"}, &walkIn); err != nil {
		t.Fatal(err)
	}
	var taken struct {
		Ticket     protocol.Ticket `json:"ticket"`
		AccessCode string          `json:"access_code"`
		CheckInURL string          `json:"check_in_url"`
	}
	h.Do(t, "POST", "/api/v1/branches/qatif/remote-tickets", "",
		`{"service":"road-defect","phone":"0501234567"}`, http.StatusCreated, &taken)

	d, app, _ := startKiosk(t, h, 1920, 1080)

	// Typed into the phone-number field, the same text is not a scan.
	tap(t, app, firstTile(t, app))
	tap(t, app, "d-phone")
	d.Type(t, taken.CheckInURL)
	d.Key(t, "Return")
	time.Sleep(time.Second) // on purpose: time for a scan to be (wrongly) taken
	d.Screenshot(t, "kiosk-checkin-phone-field")
	if st := remoteState(t, h, taken.Ticket.ID, taken.AccessCode); st != protocol.TicketRemote {
		t.Fatalf("text typed into the phone field checked the ticket in (%s)", st)
	}
	tap(t, app, "back")
	firstTile(t, app)
	d.Click(t, 640, 150) // the "choose a service" line: takes the focus, presses nothing

	wrong, err := url.Parse(taken.CheckInURL)
	if err != nil {
		t.Fatal(err)
	}
	q := wrong.Query()
	q.Set("code", "AAAAA-AAAAA")
	wrong.RawQuery = q.Encode()
	d.Type(t, wrong.String())
	d.Key(t, "Return")
	app.WaitLayout(t, "the error for a wrong code", func(l desktop.Layout) bool {
		text := l.Part("error").Text
		return text != "" && !strings.Contains(text, "جارٍ تسجيل حضورك")
	})
	// The page has painted it; the X server's screen may show it a moment
	// later on a loaded machine.
	var n int
	if !wait.For(5*time.Second, func() bool { n = pixels(t, d.Screenshot(t, "kiosk-checkin-wrong"), errorBackground); return n >= 10000 }) {
		t.Fatalf("no error shown for a wrong code (%d error-coloured pixels)", n)
	}
	if st := remoteState(t, h, taken.Ticket.ID, taken.AccessCode); st != protocol.TicketRemote {
		t.Fatalf("a wrong code changed the ticket to %s", st)
	}

	t.Cleanup(func() {
		if t.Failed() {
			d.Screenshot(t, "kiosk-checkin-failed")
		}
	})
	scan(t, d, taken.CheckInURL, "the scan to check the ticket in", func() bool {
		return remoteState(t, h, taken.Ticket.ID, taken.AccessCode) == protocol.TicketWaiting
	})
	app.WaitLayout(t, "the welcome screen", func(l desktop.Layout) bool { return l.Screen == "checkin" && l.Part("error").Text == "" })
	if !wait.For(5*time.Second, func() bool { n = pixels(t, d.Screenshot(t, "kiosk-checkin"), errorBackground); return n == 0 }) {
		t.Fatalf("the welcome screen still shows the error (%d error-coloured pixels)", n)
	}
}

// errorBackground is the error box's fill in kiosk.css.
var errorBackground = color.RGBA{0xfd, 0xe8, 0xe7, 0xff}

// pixels counts the pixels of colour c in the PNG at path.
func pixels(t *testing.T, path string, c color.RGBA) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) == c {
				n++
			}
		}
	}
	return n
}

// remoteState is the ticket's state as the citizen's /queue page sees it.
func remoteState(t *testing.T, h *hubtest.Hub, id, code string) protocol.TicketState {
	t.Helper()
	var st struct {
		Ticket protocol.Ticket `json:"ticket"`
	}
	h.Do(t, "GET", "/api/v1/remote-tickets/"+id+"?code="+code, "", "", http.StatusOK, &st)
	return st.Ticket.State
}

// The real app under Xvfb on a portrait kiosk: the QR code of an
// appointment whose visitor comes later than the grace is scanned; the
// visitor gets an ordinary ticket, and both the screen and the receipt
// say so in plain words.
func TestKioskChecksInALateAppointment(t *testing.T) {
	xvfbtest.Require(t)
	riyadh, _ := time.LoadLocation("Asia/Riyadh")
	now := time.Now().In(riyadh)
	slot := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, riyadh) // today's first minute
	if now.Sub(slot) < 20*time.Minute {
		t.Skip("no slot of today is yet later than the grace")
	}
	h := hubtest.Start(t)
	booking, code := h.Book(t, slot, "")
	scanned := "http://shamil.test/book/qatif?" + url.Values{"booking": {booking.ID}, "code": {code}}.Encode()

	d, app, settings := startKiosk(t, h, 1080, 1920)
	d.Click(t, 540, 150) // the "choose a service" line: takes the focus, presses nothing
	checkedIn := func(l desktop.Layout) bool { return l.Screen == "checkin" && l.Part("c-notice").Bottom > 0 }
	scan(t, d, scanned, "the check-in screen with the notice", func() bool { return checkedIn(app.Layout(t)) })
	l := app.WaitLayout(t, "the check-in screen with the notice", checkedIn)
	notice := l.Part("c-notice").Text
	if !strings.Contains(notice, "فأُعطيت تذكرة عادية") || !strings.Contains(notice, "so you have an ordinary ticket") {
		t.Errorf("the notice reads %q", notice)
	}
	if number := l.Part("c-number").Text; !strings.HasPrefix(number, "A-") {
		t.Errorf("the late visitor's number is %q, want an ordinary A- ticket", number)
	}
	if !l.Inside(l.Part("c-notice")) {
		t.Errorf("the notice at %+v is not inside the %d×%d screen", l.Part("c-notice"), l.Width, l.Height)
	}

	spool := kiosk.SpoolDir(settings)
	var receipt string
	for deadline := time.Now().Add(15 * time.Second); receipt == ""; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no receipt in %s", spool)
		}
		if files, _ := filepath.Glob(filepath.Join(spool, "*.pdf")); len(files) > 0 {
			receipt = files[0]
		}
	}
	out, err := exec.Command("pdftotext", receipt, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(strings.Fields(string(out)), " "); !strings.Contains(text, "so you have an ordinary ticket") ||
		!strings.Contains(text, l.Part("c-number").Text) {
		t.Errorf("the receipt does not give the ticket and the notice:\n%s", out)
	}
	d.Screenshot(t, "kiosk-checkin-late")
}

// scan types text as the barcode reader does, then Enter, and scans again
// (as a visitor would) while took does not hold after a few seconds: on a
// loaded machine a key can reach the page more than the reader's gap after
// the one before, and the page then rightly takes the burst for typing.
// Three scans that all fail are a failure.
func scan(t *testing.T, d *xvfbtest.Display, text, what string, took func() bool) {
	t.Helper()
	for range 3 {
		d.Type(t, text)
		d.Key(t, "Return")
		if wait.For(8*time.Second, took) {
			return
		}
		t.Logf("%s: not taken, scanning again", what)
	}
	t.Fatalf("three scans and still not %s", what)
}
