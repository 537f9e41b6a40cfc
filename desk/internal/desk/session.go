package desk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// Session is an officer's sign-in: the hub's session token and who it is.
type Session struct {
	Hub       string    `json:"hub"` // http://host:port
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	Username  string    `json:"username"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Branch    string    `json:"branch"`
}

// Valid reports whether the session can still be used at now.
func (s Session) Valid(now time.Time) bool {
	return s.Token != "" && now.Before(s.ExpiresAt)
}

// WebSocketURL is the hub's /ws address.
func (s Session) WebSocketURL() string {
	u := strings.TrimSuffix(s.Hub, "/")
	switch {
	case strings.HasPrefix(u, "https://"):
		u = "wss://" + strings.TrimPrefix(u, "https://")
	case strings.HasPrefix(u, "http://"):
		u = "ws://" + strings.TrimPrefix(u, "http://")
	}
	return u + "/ws"
}

var httpClient = &http.Client{Timeout: 15 * time.Second}

// SignIn exchanges an officer's username and password for a session.
// A refusal is a *protocol.Error with both languages.
func SignIn(ctx context.Context, hub, username, password string) (Session, error) {
	if _, err := url.ParseRequestURI(hub); err != nil || !strings.HasPrefix(hub, "http") {
		return Session{}, words.HubAddressForm.FieldError("hub")
	}
	if strings.TrimSpace(username) == "" || password == "" {
		return Session{}, words.EnterUsernamePassword.FieldError("username")
	}
	body, _ := json.Marshal(map[string]string{"username": strings.TrimSpace(username), "password": password})
	var s Session
	if err := call(ctx, http.MethodPost, hub, "", body, &s); err != nil {
		return Session{}, fmt.Errorf("sign in as %s: %w", username, err)
	}
	if s.Role != string(protocol.RoleOfficer) && s.Role != string(protocol.RoleAdmin) {
		return Session{}, words.DeskOfficersOnly.Error(protocol.CodeForbidden)
	}
	s.Hub = strings.TrimSuffix(hub, "/")
	return s, nil
}

// SignOut ends the session on the hub.
func SignOut(ctx context.Context, s Session) error {
	if err := call(ctx, http.MethodDelete, s.Hub, s.Token, nil, nil); err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	return nil
}

// call sends one request to /api/v1/sessions.
func call(ctx context.Context, method, hub, token string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(hub, "/")+"/api/v1/sessions", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := httpClient.Do(req)
	if err != nil {
		return protocol.NewError(protocol.CodeUnavailable, words.HubUnreachable.En+": "+err.Error(), words.HubUnreachable.Ar)
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		var e struct{ Error *protocol.Error }
		if json.NewDecoder(res.Body).Decode(&e) == nil && e.Error != nil {
			return e.Error
		}
		return fmt.Errorf("hub answered %s", res.Status)
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return fmt.Errorf("decode the hub's answer: %w", err)
	}
	return nil
}

// HubError returns the hub's error inside err, if any.
func HubError(err error) *protocol.Error {
	var perr *protocol.Error
	if errors.As(err, &perr) {
		return perr
	}
	return nil
}
