package ws

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/events"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

const (
	// authWait is how long a new connection has to send its auth request.
	authWait = 10 * time.Second
	// pongWait is how long the hub waits for any frame (a pong at least)
	// before it gives a connection up.
	pongWait = 60 * time.Second
	// pingPeriod leaves a pong time to arrive before pongWait runs out.
	pingPeriod = pongWait * 9 / 10
	// writeWait bounds every write; a client that does not read for this
	// long is gone. It is generous: a browser may pause a background tab,
	// and a client that reads again within it still gets the close frame
	// it is due (4008 for a slow one) rather than a dropped connection.
	// What waits for it meanwhile is capped: events.MaxPending in its
	// outbox, sendBuffer in the kernel.
	writeWait = 30 * time.Second
	// requestTimeout bounds the work for one request.
	requestTimeout = 10 * time.Second
	// MaxFrame is the largest frame a client may send. Requests are small;
	// a bigger frame is an error or an attack.
	MaxFrame = 64 << 10
	// packLimit is about how many bytes the writer packs into one frame.
	packLimit = 64 << 10
)

var newline = []byte{'\n'}

// errTooLarge is a client frame over MaxFrame.
var errTooLarge = errors.New("frame over the limit")

// closeError ends a connection with a close frame.
type closeError struct {
	code int
	text string
}

func (e closeError) Error() string { return fmt.Sprintf("close %d: %s", e.code, e.text) }

// conn is one WebSocket session. ServeHTTP authenticates it; then one
// reader goroutine reads and answers requests one at a time, in order.
// Writing is the outbox's: when something is queued in an idle outbox, the
// connection's writer (flush) is queued with the server's writers, which
// write until the outbox is empty, so an idle connection holds only its
// reader. Everything written goes through the outbox, control frames
// included (pings from a timer, pongs and the closing handshake from the
// reader), so that only the writer writes.
type conn struct {
	srv    *Server
	ws     *websocket.Conn
	out    *events.Outbox
	sub    atomic.Pointer[events.Subscription] // set before it can ask for a snapshot
	ping   *time.Timer
	pooled atomic.Bool                // the writer runs on a pooled goroutine (see writers)
	who    atomic.Pointer[credential] // set from the auth request on

	// writeDeadline is the write deadline set last; only the writer uses it.
	writeDeadline time.Time
}

// credential is who a connection authenticated as, and with which token.
type credential struct {
	principal string // device id or username
	hash      string // auth.HashToken of the token
}

func newConn(s *Server, wsc *websocket.Conn, sock *socket) *conn {
	c := &conn{srv: s, ws: wsc}
	c.out = events.NewOutbox(func() { s.writers.wake(c) })
	sock.blocked = c.willWait
	wsc.SetPingHandler(func(data string) error {
		c.out.Control(events.Control{Kind: websocket.PongMessage, Data: []byte(data)})
		return nil
	})
	wsc.SetCloseHandler(func(code int, _ string) error {
		c.requestClose(code, "")
		return nil
	})
	return c
}

// willWait is the writer about to wait, for its socket (a client not
// reading) or for a snapshot from the store: a pooled goroutine hands its
// place on, so that the other connections' writes go on meanwhile.
func (c *conn) willWait() {
	if c.pooled.CompareAndSwap(true, false) {
		c.srv.writers.handOn()
	}
}

// requestClose ends the connection with a close frame after what is
// queued. The first request wins.
func (c *conn) requestClose(code int, text string) {
	c.out.End(closeError{code, text})
}

// closeNow closes a connection that never got going.
func (c *conn) closeNow(code int, text string) {
	c.writeClose(closeError{code, text})
	c.ws.Close()
}

// readLoop reads and answers requests until the connection ends.
func (c *conn) readLoop(p auth.Principal, sub *events.Subscription) {
	defer c.end(sub)
	c.ws.SetReadDeadline(time.Now().Add(pongWait))
	c.ws.SetPongHandler(func(string) error { return c.ws.SetReadDeadline(time.Now().Add(pongWait)) })
	c.ping = time.AfterFunc(pingPeriod, c.sendPing)
	budget := newBudget(time.Now())
	for {
		frame, err := c.readFrame()
		if errors.Is(err, errTooLarge) {
			c.fail("", words.MessageTooLarge.Error(protocol.CodeTooLarge),
				websocket.CloseMessageTooBig)
		}
		if err != nil {
			return
		}
		now := time.Now()
		c.ws.SetReadDeadline(now.Add(pongWait))
		req, err := decodeRequest(frame)
		if ok, wait := budget.take(now); !ok {
			c.out.Push(errorReply(req.ID, rateLimited(wait)))
			continue
		}
		if err == nil && req.Type == protocol.ReqAuth {
			err = words.AlreadyAuthed.Error(protocol.CodeBadRequest)
		}
		if err != nil {
			c.out.Push(errorReply(req.ID, err.(*protocol.Error)))
			continue
		}
		if req.Type == protocol.ReqPing {
			c.out.Push(marshal(protocol.Message{Type: protocol.TypeReply, ID: req.ID, OK: true}))
			continue
		}
		c.out.Push(c.execute(p, req))
	}
}

// end closes the session: with the close already asked for, or a normal one.
func (c *conn) end(sub *events.Subscription) {
	if c.ping != nil {
		c.ping.Stop()
	}
	if sub != nil {
		sub.Close()
	}
	c.requestClose(websocket.CloseNormalClosure, "")
	c.srv.forget(c)
}

func (c *conn) sendPing() {
	c.out.Control(events.Control{Kind: websocket.PingMessage})
	c.ping.Reset(pingPeriod)
}

func (c *conn) execute(p auth.Principal, req protocol.Request) []byte {
	ctx, cancel := context.WithTimeout(c.srv.ctx, requestTimeout)
	defer cancel()
	data, err := c.srv.handler.Execute(ctx, p, req)
	if err != nil {
		var perr *protocol.Error
		if !errors.As(err, &perr) {
			c.srv.log.Error("request failed", "principal", p.ID, "type", req.Type, "id", req.ID, "error", err)
			perr = internalError()
		}
		return errorReply(req.ID, perr)
	}
	raw, err := json.Marshal(data)
	if err != nil {
		c.srv.log.Error("encode reply", "principal", p.ID, "type", req.Type, "id", req.ID, "error", err)
		return errorReply(req.ID, internalError())
	}
	return marshal(protocol.Message{Type: protocol.TypeReply, ID: req.ID, OK: true, Data: raw})
}

// authenticate handles the first message. On failure it has queued the
// error and the close.
func (c *conn) authenticate() (auth.Principal, *events.Subscription, bool) {
	c.ws.SetReadDeadline(time.Now().Add(authWait))
	frame, err := c.readFrame()
	switch {
	case errors.Is(err, errTooLarge):
		c.fail("", words.MessageTooLarge.Error(protocol.CodeTooLarge),
			websocket.CloseMessageTooBig)
		return auth.Principal{}, nil, false
	case err != nil:
		c.requestClose(protocol.CloseProtocolError, "auth expected first")
		return auth.Principal{}, nil, false
	}
	req, err := decodeRequest(frame)
	if err != nil {
		c.fail(req.ID, err.(*protocol.Error), protocol.CloseProtocolError)
		return auth.Principal{}, nil, false
	}
	var a protocol.AuthRequest
	switch {
	case req.Type != protocol.ReqAuth:
		c.fail(req.ID, words.FirstMessageAuth.Error(protocol.CodeBadRequest),
			protocol.CloseProtocolError)
		return auth.Principal{}, nil, false
	case json.Unmarshal(req.Data, &a) != nil:
		c.fail(req.ID, words.BadAuthData.FieldError("data"),
			protocol.CloseProtocolError)
		return auth.Principal{}, nil, false
	case a.Version != protocol.Version:
		c.fail(req.ID, words.BadVersion.Error(protocol.CodeBadVersion), protocol.CloseBadVersion)
		return auth.Principal{}, nil, false
	}

	// Known before the check, so that a revocation arriving while it runs
	// still finds the connection (the credential is made invalid before the
	// notice is sent).
	_, deviceID := auth.ParseToken(a.Token)
	hash := auth.HashToken(a.Token)
	c.who.Store(&credential{principal: deviceID, hash: hash})
	ctx, cancel := context.WithTimeout(c.srv.ctx, requestTimeout)
	defer cancel()
	p, err := c.srv.handler.Authenticate(ctx, a.Token)
	if err != nil {
		var perr *protocol.Error
		if errors.As(err, &perr) {
			c.fail(req.ID, perr, protocol.CloseUnauthenticated)
		} else {
			c.srv.log.Error("authenticate", "error", err)
			c.fail(req.ID, unavailableError(), websocket.CloseTryAgainLater)
		}
		return auth.Principal{}, nil, false
	}
	c.who.Store(&credential{principal: p.ID, hash: hash})
	branch := a.Branch
	if branch == "" {
		branch = p.Branch
	}
	reply := protocol.AuthReply{Version: protocol.Version, Principal: p.ID, Name: p.Name, Role: p.Role, Branch: branch}
	var sub *events.Subscription
	if a.Subscribe {
		if !c.srv.handler.CanSubscribe(p, branch) {
			c.fail(req.ID, words.NotYourBranch.Error(protocol.CodeForbidden),
				protocol.CloseUnauthenticated)
			return auth.Principal{}, nil, false
		}
		if sub, err = c.srv.broker.Subscribe(ctx, branch, a.Resume, c.out); err != nil {
			c.srv.log.Error("subscribe", "branch", branch, "error", err)
			c.fail(req.ID, unavailableError(), websocket.CloseTryAgainLater)
			return auth.Principal{}, nil, false
		}
		c.sub.Store(sub)
		reply.Recovered = sub.Recovered()
	}
	raw, _ := json.Marshal(reply)
	c.out.Push(marshal(protocol.Message{Type: protocol.TypeReply, ID: req.ID, OK: true, Data: raw}))
	if sub != nil {
		if sub.Recovered() {
			sub.Resume(*a.Resume)
		} else if err := c.sendSnapshot(sub); err != nil {
			sub.Close()
			c.fail(req.ID, unavailableError(), websocket.CloseTryAgainLater)
			return auth.Principal{}, nil, false
		}
	}
	return p, sub, true
}

// fail queues an error reply and asks the writer to close with code.
func (c *conn) fail(id string, perr *protocol.Error, code int) {
	c.out.Push(errorReply(id, perr))
	c.requestClose(code, perr.Code)
}

// readFrame reads one message, never more than MaxFrame+1 bytes of it. The
// limit is applied here rather than with gorilla's SetReadLimit, which
// closes the connection itself before a too_large reply could be sent.
func (c *conn) readFrame() ([]byte, error) {
	_, r, err := c.ws.NextReader()
	if err != nil {
		return nil, err
	}
	frame, err := io.ReadAll(io.LimitReader(r, MaxFrame+1))
	if err != nil {
		return nil, err
	}
	if len(frame) > MaxFrame {
		return nil, errTooLarge
	}
	return frame, nil
}

// flush is the writer: it sends control frames and packs whatever is
// queued into frames until the outbox is idle, queues snapshots asked for,
// and sends the close frame.
func (c *conn) flush() {
	for {
		b := c.out.Take()
		if err := c.writeControls(b.Controls); err != nil {
			c.ws.Close() // the outbox stays busy: nothing more is written
			return
		}
		if err := c.write(b.Msgs); err != nil {
			c.ws.Close()
			return
		}
		switch {
		case b.End != nil:
			c.writeClose(b.End)
			c.ws.Close()
			return
		case b.Snapshot:
			c.willWait()
			if err := c.sendSnapshot(c.sub.Load()); err != nil {
				c.closeNow(websocket.CloseTryAgainLater, "snapshot unavailable")
				return
			}
		case b.Idle():
			return
		}
	}
}

func (c *conn) writeControls(controls []events.Control) error {
	for _, ctl := range controls {
		if err := c.ws.WriteControl(ctl.Kind, ctl.Data, time.Now().Add(writeWait)); err != nil {
			return err
		}
	}
	return nil
}

// sendSnapshot queues the branch's snapshot and lets the held events after
// it follow.
func (c *conn) sendSnapshot(sub *events.Subscription) error {
	ctx, cancel := context.WithTimeout(c.srv.ctx, requestTimeout)
	defer cancel()
	msg, pos, err := c.srv.snapshots.get(ctx, sub.Branch(), sub.Latest())
	if err != nil {
		c.srv.log.Error("snapshot for a subscriber", "branch", sub.Branch(), "error", err)
		return err
	}
	c.out.Push(msg)
	sub.Resume(pos)
	return nil
}

// write sends the messages newline-separated, in frames of about packLimit.
func (c *conn) write(msgs [][]byte) error {
	for len(msgs) > 0 {
		c.extendWriteDeadline()
		w, err := c.ws.NextWriter(websocket.TextMessage)
		if err != nil {
			return err
		}
		size := 0
		for i, m := range msgs {
			if i > 0 && size+len(m) > packLimit {
				msgs = msgs[i:]
				break
			}
			if i > 0 {
				w.Write(newline)
			}
			w.Write(m)
			size += len(m) + 1
			if i == len(msgs)-1 {
				msgs = nil
			}
		}
		if err := w.Close(); err != nil {
			return err
		}
	}
	return nil
}

// extendWriteDeadline lets a write take writeWait at least from now. Setting
// a deadline costs about as much as the rest of a small write, so with
// thousands of subscribers it is moved on only when less than writeWait is
// left: a client that takes nothing is dropped within 1.5 × writeWait.
func (c *conn) extendWriteDeadline() {
	now := time.Now()
	if c.writeDeadline.Sub(now) < writeWait {
		c.writeDeadline = now.Add(writeWait * 3 / 2)
		c.ws.SetWriteDeadline(c.writeDeadline)
	}
}

// writeClose sends the close frame for end: its own code, 4008 for a slow
// consumer, 1011 for anything else.
func (c *conn) writeClose(end error) {
	ce := closeError{websocket.CloseInternalServerErr, "internal error"}
	if errors.Is(end, events.ErrSlow) {
		c.srv.log.Warn("slow consumer disconnected", "remote", c.ws.RemoteAddr().String())
		ce = closeError{protocol.CloseSlowConsumer, "slow consumer: reconnect and resume"}
	}
	errors.As(end, &ce)
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(ce.code, ce.text), time.Now().Add(writeWait))
}

func errorReply(id string, perr *protocol.Error) []byte {
	return marshal(protocol.Message{Type: protocol.TypeReply, ID: id, Error: perr})
}

func internalError() *protocol.Error {
	return words.Internal.Error(protocol.CodeInternal)
}

func unavailableError() *protocol.Error {
	return words.Unavailable.Error(protocol.CodeUnavailable)
}

// marshal encodes a message; the protocol types always encode.
func marshal(m protocol.Message) []byte {
	b, err := json.Marshal(m)
	if err != nil {
		panic("ws: encode message: " + err.Error())
	}
	return b
}
