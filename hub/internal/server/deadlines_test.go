package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// A body trickled in a byte at a time is cut off at its route's deadline;
// an upload of the same pace within its longer deadline is read whole.
func TestTrickledBodyIsCutOff(t *testing.T) {
	const jsonWait, uploadWait = 300 * time.Millisecond, 20 * time.Second
	srv := httptest.NewServer(readDeadlines(jsonWait, uploadWait, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "cut off", http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, "read %d bytes", len(body))
	})))
	t.Cleanup(srv.Close)

	// JSON: 100 bytes at one every 50 ms would take 5 s; the hub answers
	// once the 300 ms are up, and closes the connection.
	status, closed := trickle(t, srv, "application/json", 100)
	if status != http.StatusBadRequest || !closed {
		t.Fatalf("a trickled JSON body: status %d, connection closed %v; want 400 and closed", status, closed)
	}
	// An upload at that pace (1 s in all) is within its deadline.
	if status, _ := trickle(t, srv, "multipart/form-data; boundary=x", 20); status != http.StatusOK {
		t.Fatalf("an upload within its deadline: status %d, want 200", status)
	}
}

// trickle posts a body of n bytes, one every 50 ms, and returns the
// answer's status and whether it came, with the connection closing, before
// the body was all sent.
func trickle(t *testing.T, srv *httptest.Server, contentType string, n int) (status int, cutOff bool) {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: hub\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", contentType, n)
	var sent atomic.Int64
	go func() {
		for range n {
			if _, err := conn.Write([]byte("a")); err != nil {
				return
			}
			sent.Add(1)
			time.Sleep(50 * time.Millisecond) // the client's pace, not a wait for a condition
		}
	}()
	// Generous: the trickle itself would take n × 50 ms.
	conn.SetReadDeadline(time.Now().Add(time.Duration(n)*50*time.Millisecond + 30*time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	res.Body.Close()
	return res.StatusCode, res.Close && sent.Load() < int64(n)
}
