package kiosk

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestCheckPhone(t *testing.T) {
	for in, want := range map[string]string{"": "", "0501234567": "+966501234567", "+966 50 123 4567": "+966501234567"} {
		if got, err := CheckPhone(in); err != nil || got != want {
			t.Errorf("CheckPhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"0401234567", "050123456", "+96650123456789", "phone"} {
		_, err := CheckPhone(in)
		var perr *protocol.Error
		if !errors.As(err, &perr) || perr.Code != CodeBadPhone || perr.Field != "phone" {
			t.Fatalf("CheckPhone(%q): %v, want a bad_phone error", in, err)
		}
		// The visitor reads how to write it, in either language.
		if !strings.Contains(perr.Message, "05XXXXXXXX") || !strings.Contains(perr.MessageAr, "05XXXXXXXX") ||
			!strings.Contains(perr.MessageAr, "رقم جوال") {
			t.Fatalf("messages do not explain the format: %q / %q", perr.Message, perr.MessageAr)
		}
	}
}

func TestSettingsCheck(t *testing.T) {
	good := Settings{Hub: " http://10.0.0.5:8080/ ", Token: "abc", Language: "ar", StaffPIN: "2468"}
	if err := good.Check(); err != nil || good.Hub != "http://10.0.0.5:8080" {
		t.Fatalf("good settings: %v, hub %q", err, good.Hub)
	}
	if ws := good.WebSocket(); ws != "ws://10.0.0.5:8080/ws" {
		t.Fatalf("WebSocket() = %q", ws)
	}
	for field, change := range map[string]func(*Settings){
		"hub":       func(s *Settings) { s.Hub = "10.0.0.5" },
		"token":     func(s *Settings) { s.Token = "" },
		"printer":   func(s *Settings) { s.Printer = "a b" },
		"language":  func(s *Settings) { s.Language = "fr" },
		"staff_pin": func(s *Settings) { s.StaffPIN = "12a4" },
	} {
		s := good
		change(&s)
		var perr *protocol.Error
		if err := s.Check(); !errors.As(err, &perr) || perr.Field != field || perr.MessageAr == "" || perr.Message == "" {
			t.Errorf("bad %s: %v", field, err)
		}
	}
	if good.CheckPIN("2468") != nil || good.CheckPIN("1357") == nil {
		t.Fatal("CheckPIN accepts the wrong PIN or refuses the right one")
	}
}

// start runs a kiosk against h until the test ends and waits until it is online.
func start(t *testing.T, h *hubtest.Hub, p Printer) *Kiosk {
	t.Helper()
	k := New(Settings{Hub: h.URL, Token: h.Device(t, protocol.RoleKiosk), Language: "ar"}, p, quiet)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { k.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	wait.Until(t, 10*time.Second, "the kiosk online", func() bool { return k.Status().Online })
	if cat := k.Catalogue(); cat == nil || len(cat.Services) == 0 {
		t.Fatal("online without a catalogue")
	}
	return k
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// A request whose answer was lost is sent again with the same id, and the
// hub gives back the same ticket: one visitor, one ticket.
func TestRetryAfterALostAnswerGivesOneTicket(t *testing.T) {
	h := hubtest.Start(t)
	spool := t.TempDir()
	k := start(t, h, Printer{Spool: spool})
	r := Request{Service: k.Catalogue().Services[0].Code, Phone: "0501234567", Lang: "ar"}

	lost, cancel := context.WithCancel(context.Background())
	cancel() // the request goes out, but the kiosk stops listening for its answer
	var perr *protocol.Error
	if _, err := k.TakeTicket(lost, r); !errors.As(err, &perr) || perr.Code != CodeNoAnswer || perr.MessageAr == "" {
		t.Fatalf("lost answer: %v, want no_answer", err)
	}
	first, err := k.TakeTicket(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := h.Store.Snapshot(context.Background(), "qatif", first.Ticket.Day, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if snap.WaitingCount != 1 {
		t.Fatalf("%d tickets waiting after a retried request, want 1", snap.WaitingCount)
	}

	// The receipt landed in the spool folder and shows the ticket.
	path := filepath.Join(spool, first.Ticket.ID+".pdf")
	if first.PrintedTo != path || first.PrintError != "" {
		t.Fatalf("printed to %q (error %q), want %s", first.PrintedTo, first.PrintError, path)
	}
	if text := pdfText(t, path); !strings.Contains(text, first.Ticket.Number) {
		t.Fatalf("the receipt does not show %s:\n%s", first.Ticket.Number, text)
	}
	if s := k.Status(); s.Spool != spool || s.LastTicket != first.Ticket.Number {
		t.Fatalf("status %+v", s)
	}

	// Once answered, the same choice again is a new visitor.
	second, err := k.TakeTicket(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if second.Ticket.ID == first.Ticket.ID {
		t.Fatalf("a new request got the old ticket %s", first.Ticket.Number)
	}
}

func TestOfflineKioskTakesNoTicket(t *testing.T) {
	// A "hub" that hangs up on every connection counts the kiosk's dials.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var dials atomic.Int64
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			dials.Add(1)
			c.Close()
		}
	}()
	k := New(Settings{Hub: "http://" + l.Addr().String(), Token: "x", Language: "ar"}, Printer{Spool: t.TempDir()}, quiet)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { k.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	wait.Until(t, 20*time.Second, "a few failed dials", func() bool { return dials.Load() >= 3 })
	if s := k.Status(); s.Online || s.Refused != "" {
		t.Fatalf("status %+v, want offline and still trying", s)
	}
	_, err = k.TakeTicket(context.Background(), Request{Service: "x"})
	var perr *protocol.Error
	if !errors.As(err, &perr) || perr.Code != CodeOffline || !strings.Contains(perr.MessageAr, "غير متاحة") {
		t.Fatalf("offline ticket: %v, want offline", err)
	}
}

func TestRefusedTokenIsReported(t *testing.T) {
	h := hubtest.Start(t)
	k := New(Settings{Hub: h.URL, Token: "not-a-token", Language: "ar"}, Printer{}, quiet)
	k.Run(context.Background()) // returns: the refusal is final
	if s := k.Status(); s.Online || !strings.Contains(s.Refused, protocol.CodeUnauthenticated) {
		t.Fatalf("status %+v, want refused", s)
	}
}

func script(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lp")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// A printer error keeps the ticket; staff see the error and reprint.
func TestPrinterErrorKeepsTheTicketForReprint(t *testing.T) {
	h := hubtest.Start(t)
	k := start(t, h, Printer{Queue: "front", Command: script(t, `echo "lp: The printer or class does not exist." >&2; exit 1`)})
	ticket, err := k.TakeTicket(context.Background(), Request{Service: k.Catalogue().Services[0].Code, Priority: true, Lang: "en"})
	if err != nil {
		t.Fatalf("a printer error lost the ticket: %v", err)
	}
	if ticket.Ticket.Number == "" || ticket.Ticket.Lane != protocol.LanePriority || !strings.Contains(ticket.PrintError, "does not exist") {
		t.Fatalf("ticket %+v", ticket)
	}
	if s := k.Status(); s.PrintError != ticket.PrintError || s.LastTicket != ticket.Ticket.Number {
		t.Fatalf("staff do not see the error: %+v", s)
	}

	printed := filepath.Join(t.TempDir(), "printed.pdf")
	k.printer.Command = script(t, `[ "$1 $2" = "-d front" ] || exit 3; cat > `+printed)
	again, err := k.Reprint(context.Background())
	if err != nil || again.PrintError != "" || again.Ticket.ID != ticket.Ticket.ID {
		t.Fatalf("reprint: %+v %v", again, err)
	}
	if text := pdfText(t, printed); !strings.Contains(text, ticket.Ticket.Number) {
		t.Fatalf("the reprint does not show %s", ticket.Ticket.Number)
	}
	if s := k.Status(); s.PrintError != "" || s.PrintedTo != "printer front" {
		t.Fatalf("status after the reprint: %+v", s)
	}
}

func TestReprintBeforeAnyTicket(t *testing.T) {
	k := New(Settings{}, Printer{}, quiet)
	var perr *protocol.Error
	if _, err := k.Reprint(context.Background()); !errors.As(err, &perr) || perr.Code != CodeNothing {
		t.Fatalf("reprint: %v", err)
	}
}
