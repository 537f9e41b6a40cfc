package api

import (
	"bytes"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// A sign-in the store cannot serve (here: nothing listens where Redis
// should be; on Cluster it was CROSSSLOT) answers 503 and is logged, so the
// cause is on the hub's log and not only "unavailable" on the client.
func TestSignInStoreErrorIsLogged(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // a port nobody listens on
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	t.Cleanup(func() { rdb.Close() })
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	api := &API{actions: actions.New(store.New(rdb), nil, "", log), log: log}
	rec := httptest.NewRecorder()
	api.signIn(rec, httptest.NewRequest("POST", "/api/v1/sessions", strings.NewReader(`{"username":"sara","password":"x"}`)))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", rec.Code)
	}
	if !strings.Contains(logged.String(), "sign in") || !strings.Contains(logged.String(), "connect") {
		t.Fatalf("log %q: want the sign-in's store error", logged.String())
	}
}
