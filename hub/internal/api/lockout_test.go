package api_test

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// signInFrom posts a sign-in from a client at the loopback address ip and
// returns the status.
func signInFrom(t *testing.T, h *hubtest.Hub, ip, username, password string) int {
	t.Helper()
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	client := &http.Client{Transport: &http.Transport{DialContext: dialer.DialContext}}
	defer client.CloseIdleConnections()
	res, err := client.Post(h.URL+"/api/v1/sessions", "application/json",
		strings.NewReader(`{"username":"`+username+`","password":"`+password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// Wrong passwords from one address lock that address out, not the officer
// at their own desk.
func TestSignInLockoutIsPerAddress(t *testing.T) {
	h := hubtest.Start(t)
	user, password, err := hubtest.AddUser(context.Background(), h.Store, "qatif", protocol.RoleOfficer, "Ali", "ali")
	if err != nil {
		t.Fatal(err)
	}
	for range actions.MaxSignInFailures + 5 {
		if status := signInFrom(t, h, "127.0.0.2", user, "wrong-password"); status != http.StatusUnauthorized && status != http.StatusTooManyRequests {
			t.Fatalf("a wrong password: %d", status)
		}
	}
	if status := signInFrom(t, h, "127.0.0.2", user, password); status != http.StatusTooManyRequests {
		t.Fatalf("the right password from the guessing address: %d, want 429", status)
	}
	if status := signInFrom(t, h, "127.0.0.1", user, password); status != http.StatusCreated {
		t.Fatalf("the right password from the officer's desk: %d, want 201", status)
	}
}
