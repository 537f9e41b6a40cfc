// Package client is the Go client of the hub's WebSocket endpoint, used by
// the kiosk and desk apps, the tests and the load generator. It
// authenticates, reconnects by itself with backoff, resumes the branch's
// events from the last position it delivered, and resends unanswered
// requests with the same id (the hub's idempotency makes that safe).
package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

const (
	// readWait is how long the client waits for any frame; the hub pings
	// every 54 s.
	readWait = 70 * time.Second
	// writeWait bounds every write.
	writeWait = 10 * time.Second
	// backoffBase and backoffCap shape the wait between reconnects:
	// attempt n waits a random time up to min(backoffCap, backoffBase×2ⁿ).
	backoffBase = 200 * time.Millisecond
	backoffCap  = 10 * time.Second
	// maxFrame bounds a hub frame (a snapshot of a very busy branch).
	maxFrame = 16 << 20
)

// State is where the connection stands.
type State string

const (
	StateConnecting State = "connecting" // dialling or waiting to redial
	StateConnected  State = "connected"  // authenticated
	StateClosed     State = "closed"     // Close was called, or the hub refused the client for good
)

// ErrClosed is returned by calls on a client that Close closed.
var ErrClosed = errors.New("client closed")

// Config says where to connect and what to do with events. The callbacks
// run one at a time on the client's reading goroutine, in order; they must
// not block for long nor call Do (its reply would wait behind them).
type Config struct {
	URL string // ws://host:port/ws or wss://…
	// OtherURLs are more hub replicas (or load balancers) serving the same
	// store. A connection that fails moves on to the next address at once;
	// the client waits (backs off) only after every address failed.
	OtherURLs []string
	Token     string // device token or session token
	Branch    string // branch to subscribe to; empty: the principal's own
	Subscribe bool   // receive the branch's snapshot and events
	// OnEvent receives each event after the snapshot, in offset order.
	OnEvent func(protocol.Event)
	// OnSnapshot receives the branch's state: on the first connection, and
	// whenever the hub could not resume (the screen redraws from it).
	OnSnapshot func(protocol.Snapshot)
	// OnState receives each change of State.
	OnState func(State)
	// Logger; nil means slog.Default().
	Logger *slog.Logger
}

// Client is a connection to the hub that survives reconnects. It is safe
// for concurrent use.
type Client struct {
	cfg    Config
	log    *slog.Logger
	ctx    context.Context // ends at Close
	cancel context.CancelFunc
	done   chan struct{} // the connection loop ended

	writeMu sync.Mutex // one writer per connection

	mu      sync.Mutex
	at      int             // the address in use: URL, then OtherURLs
	conn    *websocket.Conn // nil while not connected
	pending map[string]*call
	pos     *protocol.Position // the last event or snapshot delivered
	state   State
	err     error         // why the client ended, once it has
	ended   chan struct{} // closed when err is set
}

// call is a request waiting for its reply.
type call struct {
	frame []byte
	reply chan protocol.Message
}

// Dial connects and authenticates. It retries failures the hub may get over
// (unreachable, restarting, store unavailable) until ctx ends, and returns
// at once when the hub refuses the client for good (a *protocol.Error such
// as unauthenticated, forbidden or bad_version).
func Dial(ctx context.Context, cfg Config) (*Client, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	c := &Client{cfg: cfg, log: log.With("hub", cfg.URL), done: make(chan struct{}),
		pending: map[string]*call{}, state: StateConnecting, ended: make(chan struct{})}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	conn, rest, err := c.reconnect(ctx)
	if err != nil {
		c.cancel()
		return nil, fmt.Errorf("connect to %s: %w", cfg.URL, err)
	}
	c.connected(conn, rest)
	go c.run(conn)
	return c, nil
}

// run reads from conn, and from each new connection after it drops.
func (c *Client) run(conn *websocket.Conn) {
	defer close(c.done)
	for {
		stop := context.AfterFunc(c.ctx, func() { conn.Close() }) // Close ends the read
		err := c.read(conn)
		stop()
		c.mu.Lock()
		c.conn = nil
		c.mu.Unlock()
		conn.Close()
		if c.ctx.Err() != nil {
			return
		}
		if permanent(err) {
			c.end(err)
			return
		}
		c.log.Info("connection lost; reconnecting", "error", err)
		c.setState(StateConnecting)
		var rest []protocol.Message
		if conn, rest, err = c.reconnect(c.ctx); err != nil {
			if c.ctx.Err() == nil {
				c.end(err)
			}
			return
		}
		c.connected(conn, rest)
	}
}

// reconnect connects with backoff until it succeeds, ctx ends or the hub
// refuses the client for good.
func (c *Client) reconnect(ctx context.Context) (*websocket.Conn, []protocol.Message, error) {
	for attempt := 0; ; attempt++ {
		conn, rest, err := c.connect(ctx)
		if err == nil {
			return conn, rest, nil
		}
		if permanent(err) {
			return nil, nil, err
		}
		c.log.Debug("connect failed", "attempt", attempt, "address", c.url(), "error", err)
		c.mu.Lock()
		c.at = (c.at + 1) % (1 + len(c.cfg.OtherURLs))
		next := c.at
		c.mu.Unlock()
		if next != 0 {
			continue // another replica may be up: no wait
		}
		round := attempt / (1 + len(c.cfg.OtherURLs))
		wait := min(backoffCap, backoffBase<<min(round, 16))
		// Full jitter: clients dropped together do not come back together.
		t := time.NewTimer(mrand.N(wait))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, nil, fmt.Errorf("%w (last error: %v)", ctx.Err(), err)
		case <-c.ctx.Done():
			t.Stop()
			return nil, nil, ErrClosed
		case <-t.C:
		}
	}
}

// connect dials and authenticates once. rest holds the messages that came
// after the auth reply in the same frame.
func (c *Client) connect(ctx context.Context) (*websocket.Conn, []protocol.Message, error) {
	dialer := websocket.Dialer{HandshakeTimeout: 10 * time.Second, Subprotocols: []string{protocol.Subprotocol}}
	conn, _, err := dialer.DialContext(ctx, c.url(), nil)
	if err != nil {
		return nil, nil, err
	}
	conn.SetReadLimit(maxFrame)
	c.mu.Lock()
	resume := c.pos
	c.mu.Unlock()
	data, _ := json.Marshal(protocol.AuthRequest{Token: c.cfg.Token, Version: protocol.Version,
		Branch: c.cfg.Branch, Subscribe: c.cfg.Subscribe, Resume: resume})
	id := NewID()
	frame, _ := json.Marshal(protocol.Request{ID: id, Type: protocol.ReqAuth, Data: data})
	conn.SetWriteDeadline(time.Now().Add(writeWait))
	if err := conn.WriteMessage(websocket.TextMessage, frame); err != nil {
		conn.Close()
		return nil, nil, err
	}
	conn.SetReadDeadline(time.Now().Add(writeWait))
	msgs, err := readMessages(conn)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	if reply := msgs[0]; reply.Type != protocol.TypeReply || reply.ID != id {
		conn.Close()
		return nil, nil, fmt.Errorf("the hub answered auth with %s %q", reply.Type, reply.ID)
	} else if reply.Error != nil {
		conn.Close()
		return nil, nil, reply.Error
	}
	return conn, msgs[1:], nil
}

// url is the address to connect to now.
func (c *Client) url() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at == 0 {
		return c.cfg.URL
	}
	return c.cfg.OtherURLs[c.at-1]
}

// connected makes conn current, resends the unanswered requests and
// delivers what came with the auth reply.
func (c *Client) connected(conn *websocket.Conn, rest []protocol.Message) {
	c.mu.Lock()
	c.conn = conn
	frames := make([][]byte, 0, len(c.pending))
	for _, cl := range c.pending {
		frames = append(frames, cl.frame)
	}
	c.mu.Unlock()
	c.setState(StateConnected)
	for _, f := range frames {
		c.write(conn, f) // a failure shows in the read loop
	}
	for _, m := range rest {
		c.handle(m)
	}
}

// read delivers messages from conn until it fails.
func (c *Client) read(conn *websocket.Conn) error {
	conn.SetPingHandler(func(data string) error {
		conn.SetReadDeadline(time.Now().Add(readWait))
		return conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(writeWait))
	})
	for {
		conn.SetReadDeadline(time.Now().Add(readWait))
		msgs, err := readMessages(conn)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			c.handle(m)
		}
	}
}

// readMessages reads one frame and splits it into its messages.
func readMessages(conn *websocket.Conn) ([]protocol.Message, error) {
	_, frame, err := conn.ReadMessage()
	if err != nil {
		return nil, err
	}
	var msgs []protocol.Message
	for line := range bytes.SplitSeq(frame, []byte("\n")) {
		var m protocol.Message
		if err := json.Unmarshal(line, &m); err != nil {
			return nil, fmt.Errorf("decode a message from the hub: %w", err)
		}
		msgs = append(msgs, m)
	}
	return msgs, nil
}

func (c *Client) handle(m protocol.Message) {
	switch {
	case m.Type == protocol.TypeReply:
		c.mu.Lock()
		cl := c.pending[m.ID]
		delete(c.pending, m.ID)
		c.mu.Unlock()
		if cl != nil {
			cl.reply <- m
		}
	case m.Type == protocol.TypeEvent && m.Event != nil:
		if c.cfg.OnEvent != nil {
			c.cfg.OnEvent(*m.Event)
		}
		c.setPosition(protocol.Position{Epoch: m.Event.Epoch, Offset: m.Event.Offset})
	case m.Type == protocol.TypeSnapshot && m.Snapshot != nil:
		if c.cfg.OnSnapshot != nil {
			c.cfg.OnSnapshot(*m.Snapshot)
		}
		c.setPosition(m.Snapshot.Position)
	}
}

func (c *Client) setPosition(p protocol.Position) {
	c.mu.Lock()
	c.pos = &p
	c.mu.Unlock()
}

func (c *Client) write(conn *websocket.Conn, frame []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	conn.SetWriteDeadline(time.Now().Add(writeWait))
	return conn.WriteMessage(websocket.TextMessage, frame)
}

// Do sends a request with a new random id and waits for its reply; see DoID.
func (c *Client) Do(ctx context.Context, typ string, data, out any) error {
	return c.DoID(ctx, NewID(), typ, data, out)
}

// DoID sends a request with the caller's id and waits for its reply, which
// it decodes into out (when not nil). An error reply is a *protocol.Error.
// When the connection drops first, the request is sent again, with the
// same id, once reconnected, until ctx ends. A kiosk chooses the id itself
// so that a retry after its own restart is still recognised by the hub.
func (c *Client) DoID(ctx context.Context, id, typ string, data, out any) error {
	var raw json.RawMessage
	if data != nil {
		var err error
		if raw, err = json.Marshal(data); err != nil {
			return fmt.Errorf("encode %s request: %w", typ, err)
		}
	}
	frame, _ := json.Marshal(protocol.Request{ID: id, Type: typ, Data: raw})
	cl := &call{frame: frame, reply: make(chan protocol.Message, 1)}
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return c.err
	}
	if c.pending[id] != nil {
		c.mu.Unlock()
		return fmt.Errorf("request id %q is already waiting for a reply", id)
	}
	c.pending[id] = cl
	conn := c.conn
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
	}()
	if conn != nil {
		c.write(conn, frame) // on failure the reconnect resends it
	}
	select {
	case m := <-cl.reply:
		if m.Error != nil {
			return m.Error
		}
		if out != nil && len(m.Data) > 0 {
			if err := json.Unmarshal(m.Data, out); err != nil {
				return fmt.Errorf("decode %s reply: %w", typ, err)
			}
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-c.ended:
		return c.err
	}
}

// Position is the place in the branch's events of the last event or
// snapshot delivered; the zero Position before any.
func (c *Client) Position() protocol.Position {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pos == nil {
		return protocol.Position{}
	}
	return *c.pos
}

// State is where the connection stands.
func (c *Client) State() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

// Err is why the client closed: ErrClosed after Close, or the hub's refusal.
// It is nil while the client is open.
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Close closes the connection and stops reconnecting; waiting calls return
// ErrClosed. Do not call it from a callback.
func (c *Client) Close() error {
	c.mu.Lock()
	conn := c.conn
	c.mu.Unlock()
	if conn != nil {
		conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	}
	c.cancel()
	<-c.done
	c.end(ErrClosed)
	return nil
}

// end closes the client for good with err (the first one wins).
func (c *Client) end(err error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.err = err
	close(c.ended)
	c.mu.Unlock()
	if !errors.Is(err, ErrClosed) {
		c.log.Error("the hub refused the client; not reconnecting", "error", err)
	}
	c.setState(StateClosed)
}

func (c *Client) setState(s State) {
	c.mu.Lock()
	changed := c.state != s
	c.state = s
	c.mu.Unlock()
	if changed && c.cfg.OnState != nil {
		c.cfg.OnState(s)
	}
}

// permanent reports a refusal that retrying with the same token and
// version cannot change.
func permanent(err error) bool {
	var perr *protocol.Error
	if errors.As(err, &perr) {
		switch perr.Code {
		case protocol.CodeUnavailable, protocol.CodeInternal, protocol.CodeRateLimited:
			return false
		}
		return true
	}
	var ce *websocket.CloseError
	return errors.As(err, &ce) && (ce.Code == protocol.CloseUnauthenticated || ce.Code == protocol.CloseRevoked ||
		ce.Code == protocol.CloseBadVersion)
}

// NewID is a random request id: 16 hex digits.
func NewID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
