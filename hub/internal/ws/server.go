// Package ws is the hub's WebSocket endpoint (/ws): it upgrades the
// connection, authenticates it, attaches it to the branch's live events and
// passes requests to a Handler. docs/protocol.md describes the session.
package ws

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/gorilla/websocket"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/events"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Options configure a Server.
type Options struct {
	// AllowedOrigins are the browser origins (e.g. "https://desk.example.sa")
	// allowed besides the hub's own host. Requests without an Origin header
	// (the native apps) are always allowed. Empty: only the hub's own host.
	AllowedOrigins []string
	// Logger; nil means slog.Default().
	Logger *slog.Logger
	// Connected, if set, is told of each authenticated connection and
	// returns the func to call when it ends (package metrics counts them,
	// package presence records the devices online).
	Connected func(auth.Principal) (ended func())
}

// Server serves /ws. It is an http.Handler.
type Server struct {
	handler   Handler
	broker    *events.Broker
	snapshots *snapshots
	writers   *writers
	log       *slog.Logger
	allowed   []string
	upgrader  websocket.Upgrader
	connected func(auth.Principal) (ended func()) // Options.Connected

	ctx    context.Context // the parent of every request's context; ends at Shutdown
	cancel context.CancelFunc

	mu       sync.Mutex
	conns    map[*conn]struct{}
	shutdown bool
	wg       sync.WaitGroup
}

// writeBuffers is shared by every connection: a connection holds a write
// buffer only while it writes a frame, so an idle one holds none.
var writeBuffers sync.Pool

// NewServer returns the /ws endpoint.
func NewServer(h Handler, b *events.Broker, opts Options) *Server {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{handler: h, broker: b, snapshots: newSnapshots(h), writers: newWriters(), log: log, allowed: opts.AllowedOrigins,
		connected: opts.Connected,
		ctx:       ctx, cancel: cancel, conns: map[*conn]struct{}{}}
	s.upgrader = websocket.Upgrader{
		// Small buffers keep an idle connection cheap; frames larger than
		// the read buffer are read in several steps.
		ReadBufferSize:  256,
		WriteBufferSize: 4096,
		WriteBufferPool: &writeBuffers,
		Subprotocols:    []string{protocol.Subprotocol},
		CheckOrigin:     s.checkOrigin,
	}
	return s
}

// checkOrigin allows native apps (no Origin), pages served by the hub
// itself, and the configured origins.
func (s *Server) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err == nil && strings.EqualFold(u.Host, r.Host) {
		return true
	}
	if slices.Contains(s.allowed, origin) {
		return true
	}
	s.log.Info("websocket origin refused", "origin", origin, "remote", r.RemoteAddr)
	return false
}

// ServeHTTP upgrades the request and authenticates it, then hands reading
// to a fresh goroutine and returns. The deep calls of the handshake (HTTP,
// auth, subscribing, the first snapshot) so grow only this goroutine's
// stack, which ends here; an idle connection holds just its reader.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	closing := s.shutdown
	s.mu.Unlock()
	if closing {
		http.Error(w, "the hub is shutting down", http.StatusServiceUnavailable)
		return
	}
	h := &hijacker{ResponseWriter: w}
	wsc, err := s.upgrader.Upgrade(h, r, nil)
	if err != nil {
		return // the upgrader has answered with the HTTP error
	}
	c := newConn(s, wsc, h.socket)
	s.mu.Lock()
	if s.shutdown {
		s.mu.Unlock()
		c.closeNow(protocol.CloseShutdown, "hub shutting down")
		return
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	p, sub, ok := c.authenticate()
	if !ok {
		c.end(nil)
		return
	}
	ended := func() {}
	if s.connected != nil {
		ended = s.connected(p)
	}
	go func() { defer ended(); c.readLoop(p, sub) }()
}

func (s *Server) forget(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.wg.Done()
}

// Revoke ends, with CloseRevoked, the connections opened with a credential
// that is no longer valid (store.WatchRevocations calls it).
func (s *Server) Revoke(r auth.Revocation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		if who := c.who.Load(); who != nil && r.Ends(who.principal, who.hash) {
			c.requestClose(protocol.CloseRevoked, "credential revoked: sign in again")
		}
	}
}

// Shutdown refuses new connections and closes every open one with
// CloseShutdown, after what was queued for it. It returns when all have
// ended, or ctx's error when ctx ends first.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.shutdown = true
	for c := range s.conns {
		c.requestClose(protocol.CloseShutdown, "hub shutting down")
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		s.cancel()
		return nil
	case <-ctx.Done():
		s.cancel() // ends what is left
		return ctx.Err()
	}
}
