package main

import (
	"context"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/desktop/xvfbtest"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
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
	if n := pixels(t, d.Screenshot(t, "kiosk-checkin-wrong"), errorBackground); n < 10000 {
		t.Fatalf("no error shown for a wrong code (%d error-coloured pixels)", n)
	}
	if st := remoteState(t, h, taken.Ticket.ID, taken.AccessCode); st != protocol.TicketRemote {
		t.Fatalf("a wrong code changed the ticket to %s", st)
	}

	d.Type(t, taken.CheckInURL)
	d.Key(t, "Return")
	t.Cleanup(func() {
		if t.Failed() {
			d.Screenshot(t, "kiosk-checkin-failed")
		}
	})
	wait.Until(t, 10*time.Second, "the scan to check the ticket in", func() bool {
		return remoteState(t, h, taken.Ticket.ID, taken.AccessCode) == protocol.TicketWaiting
	})
	app.WaitLayout(t, "the welcome screen", func(l desktop.Layout) bool { return l.Screen == "checkin" && l.Part("error").Text == "" })
	if n := pixels(t, d.Screenshot(t, "kiosk-checkin"), errorBackground); n != 0 {
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
