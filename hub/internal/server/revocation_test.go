package server_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/internal/ws/wstest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// live is an authenticated WebSocket session.
type live struct {
	t *testing.T
	c *websocket.Conn
}

func connect(t *testing.T, h *hubtest.Hub, token string) *live {
	t.Helper()
	d := websocket.Dialer{Subprotocols: []string{protocol.Subprotocol}}
	c, _, err := d.Dial(h.WS, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.WriteMessage(websocket.TextMessage, wstest.AuthFrame("a1", token, false, nil)); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, frame, err := c.ReadMessage(); err != nil || !strings.Contains(string(frame), `"ok":true`) {
		t.Fatalf("auth: %s %v", frame, err)
	}
	return &live{t: t, c: c}
}

// endsWith waits (up to a generous 5 s; the notice is pushed, not polled)
// for the hub to close the connection with code.
func (l *live) endsWith(code int) {
	l.t.Helper()
	l.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, _, err := l.c.ReadMessage()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != code {
			l.t.Fatalf("connection ended with %v, want close code %d", err, code)
		}
		return
	}
}

// answers checks the connection still works: a ping gets its reply.
func (l *live) answers() {
	l.t.Helper()
	if err := l.c.WriteMessage(websocket.TextMessage, []byte(`{"id":"p1","type":"ping"}`)); err != nil {
		l.t.Fatalf("ping: %v", err)
	}
	l.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, frame, err := l.c.ReadMessage(); err != nil || !strings.Contains(string(frame), `"p1"`) {
		l.t.Fatalf("ping reply: %s %v", frame, err)
	}
}

// Signing out ends the WebSocket sessions opened with that session token,
// on every hub replica; revoking a device ends its sessions. Other
// credentials of the same person keep working.
func TestRevocationEndsLiveConnections(t *testing.T) {
	a := hubtest.Start(t)
	b := a.Replica(t)
	user, password, err := hubtest.AddUser(context.Background(), a.Store, "qatif", protocol.RoleOfficer, "Sara", "sara")
	if err != nil {
		t.Fatal(err)
	}
	var first, second struct{ Token string }
	signIn := `{"username":"` + user + `","password":"` + password + `"}`
	a.Do(t, "POST", "/api/v1/sessions", "", signIn, http.StatusCreated, &first)
	a.Do(t, "POST", "/api/v1/sessions", "", signIn, http.StatusCreated, &second)
	session := first.Token
	kiosk := a.Device(t, protocol.RoleKiosk)

	onA, onB := connect(t, a, session), connect(t, b, session)
	secondOnB := connect(t, b, second.Token)
	kioskOnB := connect(t, b, kiosk)

	a.Do(t, "DELETE", "/api/v1/sessions", session, "", http.StatusNoContent, nil)
	onA.endsWith(protocol.CloseRevoked)
	onB.endsWith(protocol.CloseRevoked)
	secondOnB.answers()
	kioskOnB.answers()

	id := strings.SplitN(kiosk, ".", 2)[0]
	if err := a.Store.RevokeDevice(context.Background(), id, store.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	kioskOnB.endsWith(protocol.CloseRevoked)
	secondOnB.answers()
}
