package client_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/internal/ws"
	"github.com/shamil-municipal/shamil/hub/internal/ws/wstest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// proxy forwards TCP to the hub; the test cuts its connections to play a
// network failure, and can refuse new ones for a while.
type proxy struct {
	ln     net.Listener
	target string

	mu     sync.Mutex
	conns  []net.Conn
	refuse bool
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go p.serve()
	return p
}

func (p *proxy) serve() {
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		refuse := p.refuse
		p.mu.Unlock()
		if refuse {
			in.Close()
			continue
		}
		out, err := net.Dial("tcp", p.target)
		if err != nil {
			in.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, in, out)
		p.mu.Unlock()
		go func() { io.Copy(out, in); out.Close() }()
		go func() { io.Copy(in, out); in.Close() }()
	}
}

// cut drops every connection through the proxy.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) setRefuse(r bool) {
	p.mu.Lock()
	p.refuse = r
	p.mu.Unlock()
}

func (p *proxy) url() string { return "ws://" + p.ln.Addr().String() + "/ws" }

func dial(t *testing.T, cfg client.Config) *client.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, cfg)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestRequestReply(t *testing.T) {
	hub := wstest.Start(t, ws.Options{})
	c := dial(t, client.Config{URL: hub.URL, Token: wstest.OfficerToken})
	if c.State() != client.StateConnected {
		t.Fatalf("state %s", c.State())
	}
	ctx := context.Background()
	var out map[string]string
	if err := c.Do(ctx, wstest.ReqEcho, map[string]string{"a": "ب"}, &out); err != nil || out["a"] != "ب" {
		t.Fatalf("echo: %v %v", out, err)
	}
	err := c.Do(ctx, wstest.ReqFail, nil, nil)
	var perr *protocol.Error
	if !errors.As(err, &perr) || perr.Code != protocol.CodeNotFound || perr.Field != "ticket" {
		t.Fatalf("error reply: %v", err)
	}
	var n int
	if err := c.DoID(ctx, "my-id", wstest.ReqCount, nil, &n); err != nil || n != 1 {
		t.Fatalf("count: %d %v", n, err)
	}
	if err := c.DoID(ctx, "my-id", wstest.ReqCount, nil, &n); err != nil || n != 1 {
		t.Fatalf("the same id again: %d %v, want the remembered 1", n, err)
	}
	c.Close()
	if err := c.Do(ctx, wstest.ReqEcho, 1, nil); !errors.Is(err, client.ErrClosed) || c.State() != client.StateClosed {
		t.Fatalf("after Close: %v, state %s", err, c.State())
	}
}

func TestDialRefusedDoesNotRetry(t *testing.T) {
	hub := wstest.Start(t, ws.Options{})
	for _, c := range []struct {
		token, branch, code string
	}{
		{"wrong", "", protocol.CodeUnauthenticated},
		{wstest.OutsiderToken, wstest.Branch, protocol.CodeForbidden},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		start := time.Now()
		_, err := client.Dial(ctx, client.Config{URL: hub.URL, Token: c.token, Branch: c.branch, Subscribe: true})
		cancel()
		var perr *protocol.Error
		if !errors.As(err, &perr) || perr.Code != c.code {
			t.Fatalf("dial with %s: %v, want %s", c.token, err, c.code)
		}
		if time.Since(start) > 2*time.Second {
			t.Fatalf("dial with %s took %v: it retried", c.token, time.Since(start))
		}
	}
}

// recorder keeps what a subscribed client delivered.
type recorder struct {
	mu        sync.Mutex
	events    []protocol.Event
	snapshots []protocol.Snapshot
	states    []client.State
}

func (r *recorder) config(url string) client.Config {
	return client.Config{URL: url, Token: wstest.KioskToken, Subscribe: true,
		OnEvent:    func(e protocol.Event) { r.mu.Lock(); r.events = append(r.events, e); r.mu.Unlock() },
		OnSnapshot: func(s protocol.Snapshot) { r.mu.Lock(); r.snapshots = append(r.snapshots, s); r.mu.Unlock() },
		OnState:    func(s client.State) { r.mu.Lock(); r.states = append(r.states, s); r.mu.Unlock() },
	}
}

// waitEvents waits until n events were delivered and returns them.
func (r *recorder) waitEvents(t *testing.T, n int) []protocol.Event {
	t.Helper()
	var got []protocol.Event
	wait.Succeeds(t, 10*time.Second, "the events", func() error {
		r.mu.Lock()
		got = append([]protocol.Event(nil), r.events...)
		r.mu.Unlock()
		if len(got) < n {
			return fmt.Errorf("%d events delivered, want %d", len(got), n)
		}
		return nil
	})
	return got
}

func TestReconnectResumesWithoutMissingEvents(t *testing.T) {
	hub := wstest.Start(t, ws.Options{})
	hub.Append(t, protocol.EventTicketIssued)
	p := newProxy(t, strings.TrimPrefix(hub.HTTP.URL, "http://"))
	var r recorder
	c := dial(t, r.config(p.url()))
	// The snapshot may follow the auth reply a little later; events from
	// before it are in it.
	wait.Until(t, 5*time.Second, "the snapshot", func() bool { return c.Position().Offset == 1 })
	hub.Append(t, protocol.EventTicketIssued)
	hub.Append(t, protocol.EventTicketCalled)
	r.waitEvents(t, 2)

	p.setRefuse(true)
	p.cut()
	for range 3 { // appended while the client is away
		hub.Append(t, protocol.EventTicketIssued)
	}
	p.setRefuse(false)
	hub.Append(t, protocol.EventTicketDone)

	got := r.waitEvents(t, 6)
	for i, ev := range got {
		if ev.Offset != int64(i+2) {
			t.Fatalf("event %d has offset %d: %v", i, ev.Offset, got)
		}
	}
	if pos := c.Position(); pos.Offset != 7 || pos.Epoch != got[0].Epoch {
		t.Fatalf("position %+v", pos)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.snapshots) != 1 || r.snapshots[0].Position.Offset != 1 {
		t.Fatalf("snapshots %+v, want only the first, at offset 1", r.snapshots)
	}
	if !strings.Contains(strings.Join(stateNames(r.states), " "), "connected connecting connected") {
		t.Fatalf("states %v", r.states)
	}
}

func stateNames(states []client.State) []string {
	s := make([]string, len(states))
	for i, st := range states {
		s[i] = string(st)
	}
	return s
}

// A request whose reply is lost with the connection is sent again with the
// same id and gets the one result.
func TestDoRetriedAcrossDrop(t *testing.T) {
	hub := wstest.Start(t, ws.Options{})
	p := newProxy(t, strings.TrimPrefix(hub.HTTP.URL, "http://"))
	c := dial(t, client.Config{URL: p.url(), Token: wstest.KioskToken})

	result := make(chan error, 1)
	var n int
	go func() { result <- c.Do(context.Background(), wstest.ReqBlock, nil, &n) }()
	<-hub.Handler.Started

	// The connection drops while the hub works; the hub finishes, but its
	// reply has nowhere to go.
	p.setRefuse(true)
	p.cut()
	close(hub.Handler.Release)
	wait.Until(t, 5*time.Second, "the hub to finish the request", func() bool { return hub.Handler.Count() == 1 })
	p.setRefuse(false)

	if err := <-result; err != nil || n != 1 {
		t.Fatalf("Do = %d, %v; want 1", n, err)
	}
	if got := hub.Handler.Count(); got != 1 {
		t.Fatalf("the hub carried the request out %d times", got)
	}
}

// With several hub addresses, a client whose hub replica dies moves on to
// the next one at once, resuming with no missed or repeated event.
func TestMovesToAnotherReplica(t *testing.T) {
	hub := wstest.Start(t, ws.Options{})
	target := strings.TrimPrefix(hub.HTTP.URL, "http://")
	dead, live := newProxy(t, target), newProxy(t, target)
	var r recorder
	cfg := r.config(dead.url())
	cfg.OtherURLs = []string{live.url()}
	hub.Append(t, protocol.EventTicketIssued)
	c := dial(t, cfg)
	wait.Until(t, 5*time.Second, "the snapshot", func() bool { return c.Position().Offset == 1 })
	hub.Append(t, protocol.EventTicketIssued)
	r.waitEvents(t, 1)

	dead.setRefuse(true) // this replica is gone for good
	dead.cut()
	start := time.Now()
	hub.Append(t, protocol.EventTicketCalled)
	got := r.waitEvents(t, 2)
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("back after %v, want within 2 s", took)
	}
	if got[0].Offset != 2 || got[1].Offset != 3 || len(got) != 2 {
		t.Fatalf("events %+v, want offsets 2 and 3", got)
	}
	if c.State() != client.StateConnected {
		t.Fatalf("state %s", c.State())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.snapshots) != 1 {
		t.Fatalf("%d snapshots, want only the first: the move resumes", len(r.snapshots))
	}
}
