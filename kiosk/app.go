package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os/exec"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
	"github.com/shamil-municipal/shamil/kiosk/internal/kiosk"
)

// App is bound to the page (window.go.main.App). It only translates: the
// work is in kiosk/internal/kiosk. Errors reach the page as the JSON of a
// protocol.Error, so it can show either language.
type App struct {
	log     *slog.Logger
	file    desktop.File
	started time.Time
	ready   sync.Once

	ctx      context.Context // Wails's, from startup
	mu       sync.Mutex
	settings kiosk.Settings
	kiosk    *kiosk.Kiosk       // nil until set up
	stop     context.CancelFunc // ends the kiosk's connection
}

// Setup is what the page needs before its first screen.
type Setup struct {
	Configured bool   `json:"configured"`
	Language   string `json:"language"`
}

func newApp(log *slog.Logger, file desktop.File, started time.Time) *App {
	return &App{log: log, file: file, started: started}
}

func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	var s kiosk.Settings
	ok, err := a.file.Load(&s)
	if err == nil && ok {
		err = s.Check()
	}
	if err != nil {
		a.log.Error("settings unusable; showing the set-up screen", "file", a.file.Path, "error", err)
		return
	}
	if ok {
		a.run(s)
	}
}

func (a *App) shutdown(context.Context) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stop != nil {
		a.stop()
	}
}

// run (re)starts the kiosk with s.
func (a *App) run(s kiosk.Settings) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stop != nil {
		a.stop()
	}
	lp, _ := exec.LookPath("lp")
	a.settings = s
	a.kiosk = kiosk.New(s, kiosk.Printer{Queue: s.Printer, Spool: kiosk.SpoolDir(a.file), Command: lp}, a.log)
	ctx, cancel := context.WithCancel(context.Background())
	a.stop = cancel
	go a.kiosk.Run(ctx)
}

func (a *App) current() (*kiosk.Kiosk, kiosk.Settings) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.kiosk, a.settings
}

// Layout logs where the start screen's tiles and buttons are, each time
// they move (see desktop.Layout).
func (a *App) Layout(l desktop.Layout) { l.Log(a.log) }

// Ready is called by the page once it is interactive; it logs the
// start-to-interactive time.
func (a *App) Ready() {
	a.ready.Do(func() {
		a.log.Info("kiosk ready", "start_to_interactive_ms", time.Since(a.started).Milliseconds())
	})
}

// Setup says whether the kiosk is set up, and its default language.
func (a *App) Setup() Setup {
	k, s := a.current()
	if k == nil {
		return Setup{Language: "ar"}
	}
	return Setup{Configured: true, Language: s.Language}
}

// Enrol saves the set-up and connects. Once the kiosk is set up, only
// staff (with the PIN) may change it.
func (a *App) Enrol(pin string, s kiosk.Settings) error {
	if k, old := a.current(); k != nil {
		if err := old.CheckPIN(pin); err != nil {
			return toPage(err)
		}
	}
	if err := s.Check(); err != nil {
		return toPage(err)
	}
	if err := a.file.Save(s); err != nil {
		return toPage(err)
	}
	a.run(s)
	return nil
}

// Status is polled by the page.
func (a *App) Status() kiosk.Status {
	k, _ := a.current()
	if k == nil {
		return kiosk.Status{}
	}
	return k.Status()
}

// Catalogue is the hub's catalogue, nil before the first connection.
func (a *App) Catalogue() *protocol.Catalogue {
	k, _ := a.current()
	if k == nil {
		return nil
	}
	return k.Catalogue()
}

// TakeTicket issues a ticket and prints its receipt.
func (a *App) TakeTicket(r kiosk.Request) (*kiosk.Ticket, error) {
	k, _ := a.current()
	if k == nil {
		return nil, toPage(errors.New("not set up"))
	}
	t, err := k.TakeTicket(context.Background(), r)
	return t, toPage(err)
}

// CheckIn checks in the visitor whose remote ticket's QR code the scanner
// typed.
func (a *App) CheckIn(scanned string) (*kiosk.CheckedIn, error) {
	k, _ := a.current()
	if k == nil {
		return nil, toPage(errors.New("not set up"))
	}
	in, err := k.CheckIn(context.Background(), scanned)
	return in, toPage(err)
}

// Staff checks the PIN behind the staff gesture.
func (a *App) Staff(pin string) error {
	_, s := a.current()
	return toPage(s.CheckPIN(pin))
}

// Reprint prints the last receipt again (staff only).
func (a *App) Reprint(pin string) (*kiosk.Ticket, error) {
	k, s := a.current()
	if err := s.CheckPIN(pin); err != nil {
		return nil, toPage(err)
	}
	t, err := k.Reprint(context.Background())
	return t, toPage(err)
}

// Leave closes the app, leaving kiosk mode (staff only).
func (a *App) Leave(pin string) error {
	_, s := a.current()
	if err := s.CheckPIN(pin); err != nil {
		return toPage(err)
	}
	a.log.Info("staff closed the kiosk")
	runtime.Quit(a.ctx)
	return nil
}

// toPage turns err into the JSON of a protocol.Error.
func toPage(err error) error {
	if err == nil {
		return nil
	}
	var perr *protocol.Error
	if !errors.As(err, &perr) {
		perr = words.SomethingWentWrong.Fill(err.Error()).Error(protocol.CodeInternal)
	}
	data, _ := json.Marshal(perr)
	return errors.New(string(data))
}
