package main

import (
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
	"github.com/shamil-municipal/shamil/kiosk/internal/kiosk"
)

// The real app, built and run under Xvfb against a real hub: a tap on a
// service and on "take a ticket" issues one, whose receipt lands in the
// spool folder.
func TestKioskTakesATicket(t *testing.T) {
	xvfbtest.Require(t)
	h := hubtest.Start(t)
	d, settings := startKiosk(t, h)
	d.Screenshot(t, "kiosk-start")

	d.Click(t, tileX, tileY)
	time.Sleep(500 * time.Millisecond)
	d.Screenshot(t, "kiosk-details")
	d.Click(t, takeX, takeY)

	spool := kiosk.SpoolDir(settings)
	var receipt string
	deadline := time.Now().Add(15 * time.Second)
	for receipt == "" {
		if time.Now().After(deadline) {
			d.Screenshot(t, "kiosk-no-ticket")
			t.Fatalf("no receipt in %s", spool)
		}
		if files, _ := filepath.Glob(filepath.Join(spool, "*.pdf")); len(files) > 0 {
			receipt = files[0]
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // the ticket screen draws
	d.Screenshot(t, "kiosk-ticket")
	out, err := exec.Command("pdftotext", receipt, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	number := strings.TrimSuffix(filepath.Base(receipt), ".pdf") // the ticket id: qatif-YYYYMMDD-A001
	number = number[strings.LastIndex(number, "-")+1:]
	if !strings.Contains(string(out), number[:1]+"-"+number[1:]) {
		t.Fatalf("the receipt does not show ticket %s:\n%s", number, out)
	}
	if info, _ := os.Stat(filepath.Dir(settings.Path)); info.Mode().Perm() != 0o700 {
		t.Fatalf("the settings folder is %v", info.Mode().Perm())
	}
}

// Where the test taps on a 1280×800 screen: the first service tile (the
// right-hand column in Arabic), and on the details screen the phone field,
// the take-a-ticket button and back.
const (
	tileX, tileY   = 1100, 400
	phoneX, phoneY = 640, 558
	takeX, takeY   = 700, 667
	backX, backY   = 349, 667
)

// startKiosk runs the real app on a 1280×800 display, set up for h's qatif
// branch, and waits until its start screen shows the catalogue. It returns
// the display and the app's settings file.
func startKiosk(t *testing.T, h *hubtest.Hub) (*xvfbtest.Display, desktop.File) {
	t.Helper()
	bin := xvfbtest.Build(t, "./kiosk")
	d := xvfbtest.StartDisplay(t, 1280, 800)
	app := d.App(t, bin)
	settings := desktop.File{Path: filepath.Join(app.ConfigHome, "shamil", "kiosk.json")}
	if err := settings.Save(kiosk.Settings{Hub: h.URL, Token: h.Device(t, protocol.RoleKiosk), Language: "ar", StaffPIN: "2468"}); err != nil {
		t.Fatal(err)
	}
	app.Start(t)
	app.WaitOutput(t, "kiosk ready", 30*time.Second)
	if m := regexp.MustCompile(`start_to_interactive_ms=(\d+)`).FindStringSubmatch(app.Output()); m != nil {
		t.Logf("start to interactive: %s ms", m[1])
	}
	time.Sleep(1500 * time.Millisecond) // the page polls the connection every second
	return d, settings
}
