package cli

import (
	"context"
	"encoding/json"
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

// against runs an admin command against a running hub's store.
func against(t *testing.T, h *hubtest.Hub, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return run(t, append(args, "--redis-url", h.Redis.URL(), "--catalogue", hubtest.Catalogue())...)
}

// decodeOne reads the one JSON value a --json command printed.
func decodeOne(t *testing.T, out string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(v); err != nil || dec.More() {
		t.Fatalf("want one JSON value, got %q (%v)", out, err)
	}
}

// liveSocket opens an authenticated WebSocket session on the hub.
func liveSocket(t *testing.T, h *hubtest.Hub, token string) *websocket.Conn {
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
	return c
}

// closedWith waits for the hub to close c with code. The revocation is
// pushed, so it comes within a second; the wait is generous for a loaded
// machine.
func closedWith(t *testing.T, c *websocket.Conn, code int) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, _, err := c.ReadMessage()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != code {
			t.Fatalf("connection ended with %v, want close code %d", err, code)
		}
		return
	}
}

// wsRefused checks a new WebSocket sign-in with token is refused.
func wsRefused(t *testing.T, h *hubtest.Hub, token string) {
	t.Helper()
	d := websocket.Dialer{Subprotocols: []string{protocol.Subprotocol}}
	c, _, err := d.Dial(h.WS, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.WriteMessage(websocket.TextMessage, wstest.AuthFrame("a1", token, false, nil))
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, frame, err := c.ReadMessage(); err == nil && strings.Contains(string(frame), `"ok":true`) {
		t.Fatalf("a revoked credential signed in on the WebSocket: %s", frame)
	}
}

// hub device revoke: the kiosk's live connection closes with 4004, its
// token is refused on REST and WebSocket, the list says revoked, and the
// audit log says who did it. An unknown id is an error and changes nothing.
func TestDeviceRevokeCommand(t *testing.T) {
	h := hubtest.Start(t)
	kiosk := h.Device(t, protocol.RoleKiosk)
	other := h.Device(t, protocol.RoleKiosk)
	id, _, _ := strings.Cut(kiosk, ".")
	conn := liveSocket(t, h, kiosk)
	otherConn := liveSocket(t, h, other)

	out, errOut, code := against(t, h, "device", "revoke", "--id", id, "--json")
	if code != 0 {
		t.Fatalf("device revoke: exit %d: %s", code, errOut)
	}
	var got map[string]any
	decodeOne(t, out, &got)
	if got["id"] != id || got["revoked"] != true {
		t.Fatalf("device revoke printed %v", got)
	}
	closedWith(t, conn, protocol.CloseRevoked)
	h.Do(t, "GET", "/api/v1/catalogue", kiosk, "", http.StatusUnauthorized, nil)
	wsRefused(t, h, kiosk)
	h.Do(t, "GET", "/api/v1/catalogue", other, "", http.StatusOK, nil)
	otherConn.SetReadDeadline(time.Now().Add(10 * time.Second))
	otherConn.WriteMessage(websocket.TextMessage, []byte(`{"id":"p1","type":"ping"}`))
	if _, frame, err := otherConn.ReadMessage(); err != nil || !strings.Contains(string(frame), `"p1"`) {
		t.Fatalf("the other kiosk's connection: %s %v", frame, err)
	}

	out, _, code = against(t, h, "device", "list", "--json")
	var devices []store.Device
	decodeOne(t, out, &devices)
	if code != 0 || len(devices) != 2 {
		t.Fatalf("device list: exit %d, %+v", code, devices)
	}
	for _, d := range devices {
		if d.Revoked != (d.ID == id) {
			t.Errorf("device list: %+v", d)
		}
	}
	if out, _, _ := against(t, h, "device", "list"); !strings.Contains(out, id) || !strings.Contains(out, "revoked") {
		t.Errorf("device list as text: %q", out)
	}

	before := auditEntries(t, h)
	for _, bad := range []string{"kiosk-000000", "nonsense"} {
		if _, errOut, code := against(t, h, "device", "revoke", "--id", bad); code != 1 || !strings.Contains(errOut, "No such device") {
			t.Errorf("revoke %s: exit %d, %q", bad, code, errOut)
		}
	}
	if _, errOut, code := against(t, h, "device", "revoke"); code != 1 || !strings.Contains(errOut, "--id is required") {
		t.Errorf("revoke without --id: exit %d, %q", code, errOut)
	}
	after := auditEntries(t, h)
	if len(after) != len(before) {
		t.Errorf("a refused revocation was audited: %+v", after[len(before):])
	}
	last := before[len(before)-1]
	if last.Action != "device_revoke" || last.Target != id || !strings.HasPrefix(last.Actor, "cli:") || last.Addr != "local" {
		t.Errorf("audit entry %+v", last)
	}
}

func auditEntries(t *testing.T, h *hubtest.Hub) []store.AuditEntry {
	t.Helper()
	out, errOut, code := against(t, h, "audit", "--json")
	if code != 0 {
		t.Fatalf("audit: exit %d: %s", code, errOut)
	}
	var entries []store.AuditEntry
	decodeOne(t, out, &entries)
	return entries
}

// signIn posts a sign-in and returns its status and token.
func signIn(t *testing.T, h *hubtest.Hub, username, password string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	res, err := http.Post(h.URL+"/api/v1/sessions", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var session struct{ Token string }
	json.NewDecoder(res.Body).Decode(&session)
	return res.StatusCode, session.Token
}

// hub user disable closes the person's live connections (4004) and refuses
// their sessions and sign-ins; enable lets them sign in again, but not with
// the old session; reset-password ends the sessions and replaces the
// password. The last enabled admin cannot be disabled. Every change and
// sign-in is in the audit log.
func TestUserCommands(t *testing.T) {
	h := hubtest.Start(t)
	ctx := context.Background()
	if _, _, err := hubtest.AddUser(ctx, h.Store, "qatif", protocol.RoleAdmin, "Root", "root"); err != nil {
		t.Fatal(err)
	}
	_, password, err := hubtest.AddUser(ctx, h.Store, "qatif", protocol.RoleOfficer, "Sara", "sara")
	if err != nil {
		t.Fatal(err)
	}
	_, session := signIn(t, h, "sara", password)
	conn := liveSocket(t, h, session)

	out, errOut, code := against(t, h, "user", "disable", "--username", "sara", "--json")
	if code != 0 || !strings.Contains(out, `"disabled":true`) {
		t.Fatalf("user disable: exit %d, %q %q", code, out, errOut)
	}
	closedWith(t, conn, protocol.CloseRevoked)
	h.Do(t, "GET", "/api/v1/catalogue", session, "", http.StatusUnauthorized, nil)
	wsRefused(t, h, session)
	if status, _ := signIn(t, h, "sara", password); status != http.StatusUnauthorized {
		t.Fatalf("a disabled user signed in: %d", status)
	}
	out, _, _ = against(t, h, "user", "list", "--json")
	var users []store.User
	decodeOne(t, out, &users)
	if len(users) != 2 || users[0].Username != "root" || users[0].Disabled || !users[1].Disabled {
		t.Fatalf("user list: %+v", users)
	}

	if _, errOut, code := against(t, h, "user", "enable", "--username", "sara"); code != 0 {
		t.Fatalf("user enable: %s", errOut)
	}
	h.Do(t, "GET", "/api/v1/catalogue", session, "", http.StatusUnauthorized, nil)
	status, session := signIn(t, h, "sara", password)
	if status != http.StatusCreated {
		t.Fatalf("sign in after enable: %d", status)
	}
	conn = liveSocket(t, h, session)

	out, _, code = against(t, h, "user", "reset-password", "--username", "sara", "--json")
	var reset map[string]string
	decodeOne(t, out, &reset)
	if code != 0 || reset["username"] != "sara" || len(reset["password"]) < 12 {
		t.Fatalf("reset-password: exit %d, %v", code, reset)
	}
	closedWith(t, conn, protocol.CloseRevoked)
	h.Do(t, "GET", "/api/v1/catalogue", session, "", http.StatusUnauthorized, nil)
	if status, _ := signIn(t, h, "sara", password); status != http.StatusUnauthorized {
		t.Fatalf("the old password still works: %d", status)
	}
	status, session = signIn(t, h, "sara", reset["password"])
	if status != http.StatusCreated {
		t.Fatalf("the new password: %d", status)
	}
	conn = liveSocket(t, h, session)
	if _, errOut, code := against(t, h, "user", "end-sessions", "--username", "sara"); code != 0 {
		t.Fatalf("end-sessions: %s", errOut)
	}
	closedWith(t, conn, protocol.CloseRevoked)
	h.Do(t, "GET", "/api/v1/catalogue", session, "", http.StatusUnauthorized, nil)
	if status, _ := signIn(t, h, "sara", reset["password"]); status != http.StatusCreated {
		t.Fatalf("sign in after end-sessions: %d", status)
	}

	before := auditEntries(t, h)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"user", "disable", "--username", "root"}, "last enabled admin"},
		{[]string{"user", "disable", "--username", "nobody"}, `No such user: "nobody"`},
		{[]string{"user", "enable", "--username", "nobody"}, `No such user: "nobody"`},
		{[]string{"user", "reset-password", "--username", "nobody"}, `No such user: "nobody"`},
		{[]string{"user", "disable"}, "--username is required"},
	} {
		if _, errOut, code := against(t, h, c.args...); code != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q, want %q", c.args, code, errOut, c.want)
		}
	}
	if u, _ := h.Store.ListUsers(ctx, "qatif"); u[0].Disabled {
		t.Fatal("the last admin was disabled")
	}
	if after := auditEntries(t, h); len(after) != len(before) {
		t.Errorf("refused changes were audited: %+v", after[len(before):])
	}

	var actions []string
	for _, e := range before {
		if e.Target == "sara" || e.Actor == "sara" {
			actions = append(actions, e.Action)
			if e.Addr == "" || e.At.IsZero() {
				t.Errorf("audit entry without address or time: %+v", e)
			}
		}
	}
	want := "signin user_disable signin_failed user_enable signin user_reset_password signin_failed signin user_end_sessions signin"
	if strings.Join(actions, " ") != want {
		t.Errorf("audit of sara:\n got %s\nwant %s", strings.Join(actions, " "), want)
	}
}

// hub apikey list and revoke: a revoked key no longer opens Open311; an
// unknown id is an error.
func TestAPIKeyRevokeCommand(t *testing.T) {
	h := hubtest.Start(t)
	ctx := context.Background()
	key, info, err := hubtest.AddAPIKey(ctx, h.Store, "qatif", "FixMyStreet")
	if err != nil {
		t.Fatal(err)
	}
	out, _, code := against(t, h, "apikey", "list", "--json")
	var keys []store.APIKey
	decodeOne(t, out, &keys)
	if code != 0 || len(keys) != 1 || keys[0].ID != info.ID || keys[0].Revoked {
		t.Fatalf("apikey list: %+v", keys)
	}
	if _, errOut, code := against(t, h, "apikey", "revoke", "--id", info.ID); code != 0 {
		t.Fatalf("apikey revoke: %s", errOut)
	}
	if _, err := h.Store.CheckAPIKey(ctx, key); err == nil {
		t.Fatal("a revoked key still works")
	}
	out, _, _ = against(t, h, "apikey", "list")
	if !strings.Contains(out, info.ID) || !strings.Contains(out, "revoked") {
		t.Errorf("apikey list as text: %q", out)
	}
	for _, bad := range []string{"0123456789abcdef", "x"} {
		if _, errOut, code := against(t, h, "apikey", "revoke", "--id", bad); code != 1 || !strings.Contains(errOut, "No such API key") {
			t.Errorf("revoke %s: exit %d, %q", bad, code, errOut)
		}
	}
	if _, errOut, code := against(t, h, "audit", "--since", "yesterday"); code != 1 || !strings.Contains(errOut, "--since") {
		t.Errorf("audit --since yesterday: exit %d, %q", code, errOut)
	}
}
