// Package hubtest runs a whole hub inside a test: the real server, its
// pages, WebSocket and REST API, against a real redis-server with the Qatif
// catalogue. Page and app tests drive it like a municipality would. It is
// outside internal/ so the kiosk and desk apps' tests can use it too.
package hubtest

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/config"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/server"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Hub is a running hub.
type Hub struct {
	URL   string // http://127.0.0.1:port
	WS    string // ws://127.0.0.1:port/ws
	Redis *redistest.Server
	Store *store.Store

	catalogue string
}

// Root is the repository's root folder.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Catalogue is the catalogue the hubs of tests run with.
func Catalogue() string {
	return filepath.Join(Root(), "hub", "catalogues", "qatif.yaml")
}

// Start runs a hub with the Qatif catalogue until the test ends.
func Start(t testing.TB) *Hub {
	t.Helper()
	return StartWith(t, Catalogue())
}

// StartWith runs a hub with another catalogue until the test ends.
func StartWith(t testing.TB, catalogue string) *Hub {
	t.Helper()
	return startOn(t, redistest.Start(t), catalogue)
}

// Replica runs another hub on h's Redis and catalogue, as a second replica
// behind a load balancer would, until the test ends.
func (h *Hub) Replica(t testing.TB) *Hub {
	t.Helper()
	return startOn(t, h.Redis, h.catalogue)
}

func startOn(t testing.TB, redis *redistest.Server, catalogue string) *Hub {
	t.Helper()
	cfg, err := config.Parse([]string{
		"--listen", "127.0.0.1:0", "--redis-url", redis.URL(),
		"--catalogue", catalogue,
		"--public-url", "http://shamil.test", "--data-dir", t.TempDir(),
	}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	go func() { done <- server.Run(ctx, cfg, log, ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("hub did not start: %v", err)
	case <-time.After(20 * time.Second):
		cancel()
		t.Fatal("hub did not start within 20 s")
	}
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return &Hub{URL: "http://" + addr, WS: "ws://" + addr + "/ws", Redis: redis, Store: store.New(redis.Client()), catalogue: catalogue}
}

// Device enrols a kiosk or display and returns its token.
func (h *Hub) Device(t testing.TB, role protocol.Role) string {
	t.Helper()
	_, token, err := AddDevice(context.Background(), h.Store, "qatif", role, "")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// User enrols a person, signs them in and returns the session token.
func (h *Hub) User(t testing.TB, role protocol.Role, username, name string) string {
	t.Helper()
	user, password, err := AddUser(context.Background(), h.Store, "qatif", role, name, username)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]string{"username": user, "password": password})
	res, err := http.Post(h.URL+"/api/v1/sessions", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var session struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&session); err != nil || session.Token == "" {
		t.Fatalf("sign in %s: status %d %v", user, res.StatusCode, err)
	}
	return session.Token
}

// Do sends a REST request with a bearer token (and any headers, as name,
// value pairs) and decodes the JSON answer into out (if not nil). It fails
// the test on any status but want.
func (h *Hub) Do(t testing.TB, method, path, token, body string, want int, out any, headers ...string) {
	t.Helper()
	req, err := http.NewRequest(method, h.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, res.StatusCode, want, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
}
