package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// SIGHUP makes a running hub process reload its catalogue (the default
// action, ending the process, is not taken): the new file is served, and
// a subscribed display is told. Bad and orphaning files are refused the
// same way from /admin (package reload's test).
func TestHangUpReloadsTheCatalogue(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the hub binary")
	}
	original, err := os.ReadFile("catalogues/qatif.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "qatif.yaml")
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(string(original))
	redis := redistest.Start(t)
	addr := freeAddr(t)
	h := &hubProcess{t: t, bin: buildHub(t), url: "http://" + addr,
		args: []string{"serve", "--listen", addr, "--redis-url", redis.URL(), "--catalogue", path}}
	h.start()
	t.Cleanup(h.kill)

	told := make(chan string, 4)
	ctx := context.Background()
	display, err := client.Dial(ctx, client.Config{URL: "ws://" + addr + "/ws", Token: addDevice(t, h.bin, redis.URL(), "display").Token,
		Subscribe: true, OnEvent: func(ev protocol.Event) {
			if ev.Type == protocol.EventCatalogueChanged {
				told <- ev.Catalogue
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer display.Close()
	municipality := func() string {
		t.Helper()
		var cat protocol.Catalogue
		if err := display.Do(ctx, protocol.ReqCatalogue, nil, &cat); err != nil {
			t.Fatal(err)
		}
		return cat.Municipality.En
	}

	write(strings.Replace(string(original), "en: Qatif Governorate Municipality\n", "en: Qatif Municipality\n", 1))
	if err := h.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	select {
	case <-told:
	case <-time.After(20 * time.Second):
		t.Fatal("the display was not told of the new catalogue")
	}
	if got := municipality(); got != "Qatif Municipality" {
		t.Fatalf("after SIGHUP the hub serves %q", got)
	}
	if h.cmd.ProcessState != nil {
		t.Fatal("the hub ended at SIGHUP")
	}
}
