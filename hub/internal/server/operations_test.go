package server

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/config"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// start runs a hub with extra options until the test ends and returns
// its address.
func start(t *testing.T, log *slog.Logger, args ...string) (addr string, st *store.Store) {
	t.Helper()
	rdb := redistest.Start(t)
	cfg, err := config.Parse(append([]string{"--listen", "127.0.0.1:0", "--redis-url", rdb.URL(),
		"--catalogue", "../../catalogues/qatif.yaml", "--data-dir", t.TempDir()}, args...), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- Run(ctx, cfg, log, ready) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("hub did not start: %v", err)
	}
	return addr, store.New(rdb.Client())
}

// syncBuffer is a log destination written by the hub's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) lines() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s.b.String()), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(l), &rec) == nil {
			out = append(out, rec)
		}
	}
	return out
}

// Each request's log line carries the id its client sent: X-Request-Id
// (echoed back) or Idempotency-Key on REST, the request's id on the
// WebSocket and REST alike for the action it carries out.
func TestRequestLogCarriesTheClientsID(t *testing.T) {
	var logs syncBuffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	addr, st := start(t, log)
	d, token, err := actions.NewDevice("qatif", protocol.RoleKiosk, "")
	if err == nil {
		err = st.CreateDevice(context.Background(), d, store.AuditEntry{})
	}
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/healthz", nil)
	req.Header.Set("X-Request-Id", "probe-7")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("X-Request-Id"); got != "probe-7" {
		t.Errorf("X-Request-Id echoed as %q", got)
	}
	req, _ = http.NewRequest("POST", "http://"+addr+"/api/v1/branches/qatif/tickets", strings.NewReader(`{"service":"road-defect"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", "kiosk-1-0042")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("issue: %d", res.StatusCode)
	}

	want := map[string]bool{"http request probe-7": false, "http request kiosk-1-0042": false, "request kiosk-1-0042": false}
	for _, rec := range logs.lines() {
		key, _ := rec["msg"].(string)
		id, _ := rec["request_id"].(string)
		if _, ok := want[key+" "+id]; ok {
			want[key+" "+id] = true
		}
	}
	for line, seen := range want {
		if !seen {
			t.Errorf("no JSON log line %q in\n%s", line, logs.b.String())
		}
	}
}
