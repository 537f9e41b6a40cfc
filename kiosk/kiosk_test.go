package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/desktop/xvfbtest"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
	"github.com/shamil-municipal/shamil/kiosk/internal/kiosk"
)

// The real app, built and run under Xvfb against a real hub: a tap on a
// service and on "take a ticket" issues one, whose receipt lands in the
// spool folder.
func TestKioskTakesATicket(t *testing.T) {
	xvfbtest.Require(t)
	h := hubtest.Start(t)
	d, app, settings := startKiosk(t, h, 1920, 1080)
	d.Screenshot(t, "kiosk-start")

	// Large text, high contrast: fewer, larger tiles, all still in sight.
	usual := len(tiles(app.Layout(t)))
	tap(t, app, "contrast")
	large := app.WaitLayout(t, "large text", func(l desktop.Layout) bool { return l.Part("contrast").Text == "true" })
	if n := len(tiles(large)); n == 0 || n >= usual {
		t.Errorf("large text shows %d tiles a page, the usual screen %d", n, usual)
	}
	for _, p := range tiles(large) {
		if !large.Inside(p) {
			t.Errorf("with large text, %s at %+v is not inside the screen", p.ID, p)
		}
	}
	d.Screenshot(t, "kiosk-large-text") // the layout is sent once painted
	tap(t, app, "contrast")
	app.WaitLayout(t, "the usual text", func(l desktop.Layout) bool { return l.Part("contrast").Text == "false" })

	tap(t, app, firstTile(t, app))
	app.WaitLayout(t, "the details screen", func(l desktop.Layout) bool { return l.Screen == "details" })
	// The mobile number by touch alone, on the keypad, a stray digit
	// taken back. (Arabic-Indic digits: TestKioskPhoneShowsWesternDigits
	// in hub/internal/pages.)
	for _, key := range []string{"key-0", "key-5", "key-0", "key-9", "key-back", "key-1", "key-2", "key-3", "key-4", "key-5", "key-6", "key-7"} {
		tap(t, app, key)
	}
	d.Screenshot(t, "kiosk-details")
	tap(t, app, "take")

	spool := kiosk.SpoolDir(settings)
	var receipt string
	t.Cleanup(func() {
		if t.Failed() {
			d.Screenshot(t, "kiosk-no-ticket")
		}
	})
	wait.Until(t, 15*time.Second, "a receipt in "+spool, func() bool {
		files, _ := filepath.Glob(filepath.Join(spool, "*.pdf"))
		if len(files) > 0 {
			receipt = files[0]
		}
		return receipt != ""
	})
	app.WaitLayout(t, "the ticket screen", func(l desktop.Layout) bool { return l.Screen == "ticket" })
	d.Screenshot(t, "kiosk-ticket")
	out, err := exec.Command("pdftotext", receipt, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSuffix(filepath.Base(receipt), ".pdf") // the receipt is named by the ticket's id
	ticket, err := h.Store.Ticket(context.Background(), "qatif", id)
	if err != nil {
		t.Fatalf("the receipt %s names no ticket: %v", receipt, err)
	}
	if !strings.Contains(string(out), ticket.Number) {
		t.Fatalf("the receipt does not show ticket %s:\n%s", ticket.Number, out)
	}
	// The case on the receipt has the number tapped on the keypad.
	caseNumber := regexp.MustCompile(`QTF-\d{4}-\d{6}`).FindString(string(out))
	var c protocol.Case
	h.Do(t, "GET", "/api/v1/branches/qatif/cases/"+caseNumber, h.User(t, protocol.RoleAdmin, "huda", "Huda"), "", 200, &c)
	if !strings.HasSuffix(c.Phone, "501234567") {
		t.Errorf("case %q has the mobile number %q, want the one tapped, 0501234567", caseNumber, c.Phone)
	}
	if info, _ := os.Stat(filepath.Dir(settings.Path)); info.Mode().Perm() != 0o700 {
		t.Fatalf("the settings folder is %v", info.Mode().Perm())
	}
}

// startKiosk runs the real app on a display of the given size, set up for
// h's qatif branch, and waits until its start screen shows the catalogue.
// It returns the display, the app and the app's settings file.
func startKiosk(t *testing.T, h *hubtest.Hub, width, height int) (*xvfbtest.Display, *xvfbtest.App, desktop.File) {
	t.Helper()
	d, app, settings := launchKiosk(t, h.URL, h.Device(t, protocol.RoleKiosk), width, height)
	firstTile(t, app)
	return d, app, settings
}

// launchKiosk runs the real app on a display of the given size, set up
// for the hub at url, until it says it is ready.
func launchKiosk(t *testing.T, url, token string, width, height int) (*xvfbtest.Display, *xvfbtest.App, desktop.File) {
	t.Helper()
	bin := xvfbtest.Build(t, "./kiosk")
	d := xvfbtest.StartDisplay(t, width, height)
	app := d.App(t, bin)
	settings := desktop.File{Path: filepath.Join(app.ConfigHome, "shamil", "kiosk.json")}
	if err := settings.Save(kiosk.Settings{Hub: url, Token: token, Language: "ar", StaffPIN: "2468"}); err != nil {
		t.Fatal(err)
	}
	app.Start(t)
	app.WaitOutput(t, "kiosk ready", 30*time.Second)
	if m := regexp.MustCompile(`start_to_interactive_ms=(\d+)`).FindStringSubmatch(app.Output()); m != nil {
		t.Logf("start to interactive: %s ms", m[1])
	}
	return d, app, settings
}

// firstTile waits until the start screen shows enabled tiles (the hub
// reached) and returns the first one's id.
func firstTile(t *testing.T, app *xvfbtest.App) string {
	t.Helper()
	l := app.WaitLayout(t, "the start screen's tiles", func(l desktop.Layout) bool {
		return l.Screen == "start" && len(tiles(l)) > 0 && l.Part("connection").Bottom == 0
	})
	return tiles(l)[0].ID
}

// tiles are the service tiles of a layout.
func tiles(l desktop.Layout) []desktop.Part {
	var out []desktop.Part
	for _, p := range l.Parts {
		if strings.HasPrefix(p.ID, "tile-") {
			out = append(out, p)
		}
	}
	return out
}

// tap taps the middle of the part id of the app's current screen.
func tap(t *testing.T, app *xvfbtest.App, id string) {
	t.Helper()
	l := app.WaitLayout(t, id+" on the screen", func(l desktop.Layout) bool { return l.Inside(l.Part(id)) })
	p := l.Part(id)
	app.Display.Click(t, (p.Left+p.Right)/2, (p.Top+p.Bottom)/2)
}
