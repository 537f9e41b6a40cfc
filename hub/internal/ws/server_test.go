package ws_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shamil-municipal/shamil/hub/internal/events"
	"github.com/shamil-municipal/shamil/hub/internal/events/eventstest"
	"github.com/shamil-municipal/shamil/hub/internal/ws"
	"github.com/shamil-municipal/shamil/hub/internal/ws/wstest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// session is a raw client: it sends frames and reads messages one by one.
type session struct {
	t       *testing.T
	c       *websocket.Conn
	pending []protocol.Message
}

func dial(t *testing.T, hub *wstest.Hub, header http.Header) *session {
	t.Helper()
	c, resp, err := websocket.DefaultDialer.Dial(hub.URL, header)
	if err != nil {
		t.Fatalf("dial: %v (%v)", err, resp)
	}
	t.Cleanup(func() { c.Close() })
	return &session{t: t, c: c}
}

func (s *session) send(frame []byte) {
	s.t.Helper()
	if err := s.c.WriteMessage(websocket.TextMessage, frame); err != nil {
		s.t.Fatalf("send: %v", err)
	}
}

func (s *session) request(id, typ string, data any) {
	s.t.Helper()
	raw, _ := json.Marshal(data)
	frame, _ := json.Marshal(protocol.Request{ID: id, Type: typ, Data: raw})
	s.send(frame)
}

// next returns the next message, failing on a close or after 10 s.
func (s *session) next() protocol.Message {
	s.t.Helper()
	msg, err := s.read()
	if err != nil {
		s.t.Fatalf("read: %v", err)
	}
	return msg
}

func (s *session) read() (protocol.Message, error) {
	for len(s.pending) == 0 {
		s.c.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, frame, err := s.c.ReadMessage()
		if err != nil {
			return protocol.Message{}, err
		}
		for line := range bytes.SplitSeq(frame, []byte("\n")) {
			var msg protocol.Message
			if err := json.Unmarshal(line, &msg); err != nil {
				s.t.Fatalf("hub sent %q: %v", line, err)
			}
			s.pending = append(s.pending, msg)
		}
	}
	msg := s.pending[0]
	s.pending = s.pending[1:]
	return msg, nil
}

// reply reads the next message and checks it is the reply to id.
func (s *session) reply(id string) protocol.Message {
	s.t.Helper()
	msg := s.next()
	if msg.Type != protocol.TypeReply || msg.ID != id {
		s.t.Fatalf("got %+v, want the reply to %q", msg, id)
	}
	return msg
}

// errorReply reads the reply to id and checks its error code.
func (s *session) errorReply(id, code string) *protocol.Error {
	s.t.Helper()
	msg := s.reply(id)
	if msg.OK || msg.Error == nil || msg.Error.Code != code || msg.Error.Message == "" {
		s.t.Fatalf("reply %+v, want error %s", msg, code)
	}
	return msg.Error
}

// closed reads until the hub closes and checks the close code.
func (s *session) closed(code int) {
	s.t.Helper()
	for {
		_, err := s.read()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != code {
			s.t.Fatalf("connection ended with %v, want close code %d", err, code)
		}
		return
	}
}

func (s *session) auth(token string, subscribe bool, resume *protocol.Position) protocol.AuthReply {
	s.t.Helper()
	s.send(wstest.AuthFrame("a1", token, subscribe, resume))
	msg := s.reply("a1")
	var reply protocol.AuthReply
	if !msg.OK || json.Unmarshal(msg.Data, &reply) != nil {
		s.t.Fatalf("auth reply %+v", msg)
	}
	return reply
}

func TestRequests(t *testing.T) {
	hub := wstest.Start(t, ws.Options{})
	s := dial(t, hub, nil)
	got := s.auth(wstest.OfficerToken, false, nil)
	want := protocol.AuthReply{Version: protocol.Version, Principal: "sara", Name: "Sara", Role: protocol.RoleOfficer, Branch: wstest.Branch}
	if got != want {
		t.Fatalf("auth reply %+v, want %+v", got, want)
	}

	s.request("e1", wstest.ReqEcho, map[string]string{"hello": "مرحبا"})
	if msg := s.reply("e1"); !msg.OK || string(msg.Data) != `{"hello":"مرحبا"}` {
		t.Fatalf("echo reply %+v", msg)
	}
	for _, c := range []struct{ typ, code string }{
		{wstest.ReqFail, protocol.CodeNotFound},
		{wstest.ReqBreak, protocol.CodeInternal},
		{wstest.ReqStoreDown, protocol.CodeUnavailable},
		{"no.such", protocol.CodeUnknownType},
		{protocol.ReqAuth, protocol.CodeBadRequest},
	} {
		s.request("r-"+c.typ, c.typ, nil)
		if perr := s.errorReply("r-"+c.typ, c.code); c.code == protocol.CodeInternal && strings.Contains(perr.Message, "broke") {
			t.Fatalf("internal error leaks its cause: %+v", perr)
		}
	}

	// Bad frames are answered and the connection survives.
	for _, c := range []struct{ frame, id, field string }{
		{`{"id":"m1","type":`, "", ""},
		{`{"type":"test.echo"}`, "", "id"},
		{`{"id":"m3","type":["x"]}`, "m3", "type"},
	} {
		s.send([]byte(c.frame))
		if perr := s.errorReply(c.id, protocol.CodeBadRequest); perr.Field != c.field {
			t.Errorf("%s: field %q, want %q", c.frame, perr.Field, c.field)
		}
	}
	s.request("e2", wstest.ReqEcho, 1)
	if msg := s.reply("e2"); string(msg.Data) != "1" {
		t.Fatalf("echo after bad frames: %+v", msg)
	}
}

func TestSessionEndings(t *testing.T) {
	hub := wstest.Start(t, ws.Options{})
	big := bytes.Repeat([]byte("x"), ws.MaxFrame+1)
	authAs := func(token string, version int, branch string, subscribe bool) []byte {
		data, _ := json.Marshal(protocol.AuthRequest{Token: token, Version: version, Branch: branch, Subscribe: subscribe})
		frame, _ := json.Marshal(protocol.Request{ID: "a", Type: protocol.ReqAuth, Data: data})
		return frame
	}
	for _, c := range []struct {
		name   string
		frames [][]byte
		id     string // the id the error reply names
		code   string
		close  int
	}{
		{"request before auth", [][]byte{[]byte(`{"id":"a","type":"test.echo"}`)}, "a", protocol.CodeBadRequest, protocol.CloseProtocolError},
		{"malformed first frame", [][]byte{[]byte(`{"id":"a",`)}, "", protocol.CodeBadRequest, protocol.CloseProtocolError},
		{"auth data not an object", [][]byte{[]byte(`{"id":"a","type":"auth","data":"token"}`)}, "a", protocol.CodeBadRequest, protocol.CloseProtocolError},
		{"bad token", [][]byte{authAs("nope", 1, "", false)}, "a", protocol.CodeUnauthenticated, protocol.CloseUnauthenticated},
		{"other version", [][]byte{authAs(wstest.KioskToken, 2, "", false)}, "a", protocol.CodeBadVersion, protocol.CloseBadVersion},
		{"another branch", [][]byte{authAs(wstest.OutsiderToken, 1, wstest.Branch, true)}, "a", protocol.CodeForbidden, protocol.CloseUnauthenticated},
		{"oversize first frame", [][]byte{big}, "", protocol.CodeTooLarge, websocket.CloseMessageTooBig},
		{"oversize frame later", [][]byte{authAs(wstest.KioskToken, 1, "", false), big}, "", protocol.CodeTooLarge, websocket.CloseMessageTooBig},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := dial(t, hub, nil)
			for _, f := range c.frames {
				s.send(f)
			}
			if len(c.frames) > 1 {
				s.reply("a")
			}
			s.errorReply(c.id, c.code)
			s.closed(c.close)
		})
	}
}

// The client's control frames are answered by the connection's writer: a
// pong with the ping's data, and the closing handshake with its code.
func TestControlFrames(t *testing.T) {
	hub := wstest.Start(t, ws.Options{})
	s := dial(t, hub, nil)
	s.auth(wstest.KioskToken, false, nil)
	pongs := make(chan string, 1)
	s.c.SetPongHandler(func(data string) error {
		pongs <- data
		return nil
	})
	if err := s.c.WriteControl(websocket.PingMessage, []byte("are you there"), time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	// The hub reads frames in order, so the pong is queued before the reply.
	s.request("p", protocol.ReqPing, nil)
	s.reply("p")
	select {
	case data := <-pongs:
		if data != "are you there" {
			t.Fatalf("pong %q, want the ping's data", data)
		}
	default:
		t.Fatal("no pong before the reply to the request after the ping")
	}

	bye := websocket.FormatCloseMessage(4321, "leaving")
	if err := s.c.WriteControl(websocket.CloseMessage, bye, time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	s.closed(4321)
}

func TestOrigins(t *testing.T) {
	hub := wstest.Start(t, ws.Options{AllowedOrigins: []string{"https://desk.example.sa"}})
	host := strings.TrimPrefix(hub.HTTP.URL, "http://")
	for _, c := range []struct {
		origin string
		ok     bool
	}{
		{"", true},
		{"http://" + host, true},
		{"https://desk.example.sa", true},
		{"https://evil.example", false},
		{"https://desk.example.sa.evil.example", false},
	} {
		h := http.Header{}
		if c.origin != "" {
			h.Set("Origin", c.origin)
		}
		conn, resp, err := websocket.DefaultDialer.Dial(hub.URL, h)
		if c.ok != (err == nil) {
			t.Errorf("origin %q: err %v, want ok %v", c.origin, err, c.ok)
		}
		if !c.ok && (resp == nil || resp.StatusCode != http.StatusForbidden) {
			t.Errorf("origin %q: response %v, want 403", c.origin, resp)
		}
		if conn != nil {
			conn.Close()
		}
	}
}

func TestSubprotocol(t *testing.T) {
	hub := wstest.Start(t, ws.Options{})
	d := websocket.Dialer{Subprotocols: []string{"other", protocol.Subprotocol}}
	c, _, err := d.Dial(hub.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Subprotocol() != protocol.Subprotocol {
		t.Fatalf("subprotocol %q", c.Subprotocol())
	}
}

// events reads n messages and checks they are events with offsets from on.
func (s *session) events(from, n int64, epoch string) {
	s.t.Helper()
	for i := range n {
		msg := s.next()
		if msg.Type != protocol.TypeEvent || msg.Event.Offset != from+i || msg.Event.Epoch != epoch {
			s.t.Fatalf("message %d: %+v, want event %d of %s", i, msg, from+i, epoch)
		}
	}
}

func TestSubscribeAndResume(t *testing.T) {
	hub := wstest.Start(t, ws.Options{})
	var last protocol.Event
	for range 5 {
		last = hub.Append(t, protocol.EventTicketIssued)
	}
	epoch := last.Epoch

	// Fresh: a snapshot at offset 5, then live events.
	s := dial(t, hub, nil)
	if r := s.auth(wstest.KioskToken, true, nil); r.Recovered || r.Branch != wstest.Branch {
		t.Fatalf("auth reply %+v", r)
	}
	snap := s.next()
	if snap.Type != protocol.TypeSnapshot || snap.Snapshot.Position != (protocol.Position{Epoch: epoch, Offset: 5}) {
		t.Fatalf("got %+v, want a snapshot at 5", snap)
	}
	hub.Append(t, protocol.EventTicketCalled)
	s.events(6, 1, epoch)

	// Resuming from 3 gets 4..6 then live events.
	r := dial(t, hub, nil)
	if reply := r.auth(wstest.KioskToken, true, &protocol.Position{Epoch: epoch, Offset: 3}); !reply.Recovered {
		t.Fatal("resume from 3 not recovered")
	}
	r.events(4, 3, epoch)
	hub.Append(t, protocol.EventTicketDone)
	r.events(7, 1, epoch)
	s.events(7, 1, epoch)

	// Another epoch gets a snapshot.
	w := dial(t, hub, nil)
	if reply := w.auth(wstest.KioskToken, true, &protocol.Position{Epoch: "old", Offset: 3}); reply.Recovered {
		t.Fatal("resume with another epoch recovered")
	}
	if msg := w.next(); msg.Type != protocol.TypeSnapshot || msg.Snapshot.Position.Offset != 7 {
		t.Fatalf("got %+v, want a snapshot at 7", msg)
	}

	// A new epoch mid-session sends a fresh snapshot.
	eventstest.NewEpoch(t, hub.RDB, wstest.Branch)
	ev := hub.Append(t, protocol.EventTicketIssued)
	if msg := s.next(); msg.Type != protocol.TypeSnapshot || msg.Snapshot.Position.Epoch != ev.Epoch {
		t.Fatalf("got %+v, want a snapshot of the new epoch %s", msg, ev.Epoch)
	}
}

// A client that stops reading is disconnected once it falls MaxPending
// behind; meanwhile it holds up no one. With a single writer goroutine (one
// core), its write waiting for the socket must hand the writer's place on,
// or the other subscriber would see nothing until that write timed out.
func TestSlowConsumerIsDisconnected(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	hub := wstest.Start(t, ws.Options{})
	before := events.SlowConsumers.Value()
	// A client with a small receive buffer that stops reading.
	d := websocket.Dialer{NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err == nil {
			c.(*net.TCPConn).SetReadBuffer(64 << 10)
		}
		return c, err
	}}
	c, _, err := d.Dial(hub.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	slow := &session{t: t, c: c}
	slow.auth(wstest.KioskToken, true, nil)
	keeping := dial(t, hub, nil)
	keeping.auth(wstest.KioskToken, true, nil)
	slow.next()    // the snapshot
	keeping.next() // the snapshot

	// Far more than MaxPending plus what the sockets buffer; the other
	// subscriber reads as they come.
	const n = 20000
	epoch := hub.Append(t, protocol.EventTicketIssued).Epoch
	kept := make(chan error, 1)
	var read atomic.Int64 // events the other subscriber has read
	go func() {
		for i := range int64(n) {
			msg, err := keeping.read()
			if err == nil && (msg.Type != protocol.TypeEvent || msg.Event.Offset != 1+i || msg.Event.Epoch != epoch) {
				err = fmt.Errorf("message %d: %+v, want event %d", i, msg, 1+i)
			}
			if err != nil {
				kept <- err
				return
			}
			read.Store(i + 1)
		}
		kept <- nil
	}()
	// In batches the reader keeps up with, whatever the scheduler does on
	// one core: only the client that stopped reading falls behind.
	for appended := 1; appended < n; {
		batch := min(500, n-appended)
		eventstest.AppendMany(t, hub.RDB, wstest.Branch, batch)
		appended += batch
		wait.Succeeds(t, 20*time.Second, "the subscriber that reads", func() error {
			got := read.Load()
			if got >= int64(appended) {
				return nil
			}
			select {
			case err := <-kept:
				t.Fatalf("the subscriber that reads: %v", err)
			default:
			}
			return fmt.Errorf("got %d of %d events", got, appended)
		})
	}
	if err := <-kept; err != nil {
		t.Fatal(err)
	}
	slow.closed(protocol.CloseSlowConsumer)
	if events.SlowConsumers.Value() == before {
		t.Fatal("slow consumer not counted")
	}
}

func TestShutdownClosesWithCode(t *testing.T) {
	hub := wstest.Start(t, ws.Options{})
	s := dial(t, hub, nil)
	s.auth(wstest.KioskToken, false, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hub.Server.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	s.closed(protocol.CloseShutdown)
	if _, resp, err := websocket.DefaultDialer.Dial(hub.URL, nil); err == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("dial after shutdown: %v %v", err, resp)
	}
}

// A flood of requests from one connection is answered rate_limited past
// the connection's budget, with retry_after; waiting that long, the next
// request is carried out, and the connection stays open.
func TestRequestFloodIsRateLimited(t *testing.T) {
	hub := wstest.Start(t, ws.Options{})
	s := dial(t, hub, nil)
	s.auth(wstest.KioskToken, false, nil)
	const n = 5000
	frames := make([][]byte, n)
	for i := range frames {
		frames[i], _ = json.Marshal(protocol.Request{ID: fmt.Sprintf("f%d", i), Type: wstest.ReqEcho, Data: json.RawMessage("1")})
	}
	for _, f := range frames {
		s.send(f)
	}
	done, limited := 0, 0
	var retry float64
	for i := range n {
		msg := s.reply(fmt.Sprintf("f%d", i))
		switch {
		case msg.OK:
			done++
		case msg.Error != nil && msg.Error.Code == protocol.CodeRateLimited && msg.Error.RetryAfter > 0 && msg.Error.MessageAr != "":
			limited++
			retry = msg.Error.RetryAfter
		default:
			t.Fatalf("reply %+v: want ok or rate_limited with retry_after", msg)
		}
	}
	if limited == 0 || done >= n/2 {
		t.Fatalf("%d of %d flooded requests carried out, %d refused: want most refused", done, n, limited)
	}
	t.Logf("%d carried out, %d refused", done, limited)
	// After retry_after (polled: the machine may be slow), it works again.
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; ; i++ {
		time.Sleep(time.Duration(retry * float64(time.Second))) // on purpose: the wait the hub asked for
		id := fmt.Sprintf("after%d", i)
		s.request(id, wstest.ReqEcho, 1)
		if msg := s.reply(id); msg.OK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("still refused 10 s after the flood")
		}
	}
}

// A display that reads, but slowly, falls behind: it is closed with the
// promised 4008, not dropped (1006) while the close frame waits behind what
// the kernel holds for it.
func TestSlowDisplayGetsItsCloseCode(t *testing.T) {
	hub := wstest.Start(t, ws.Options{})
	d := websocket.Dialer{NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err == nil {
			c.(*net.TCPConn).SetReadBuffer(64 << 10)
		}
		return c, err
	}}
	c, _, err := d.Dial(hub.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	slow := &session{t: t, c: c}
	slow.auth(wstest.KioskToken, true, nil)
	slow.next() // the snapshot

	// 7 MB of events, far more than the hub queues for one client, in
	// pipelines small enough for a loaded machine.
	for range 4 {
		eventstest.AppendMany(t, hub.RDB, wstest.Branch, 5000)
	}
	// The display takes a frame (at most 64 KiB) every 500 ms: about
	// 128 KB/s, alive but too slow.
	deadline := time.Now().Add(60 * time.Second)
	for {
		c.SetReadDeadline(deadline)
		_, _, err := c.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != protocol.CloseSlowConsumer {
				t.Fatalf("the slow display's connection ended with %v, want close code %d", err, protocol.CloseSlowConsumer)
			}
			return
		}
		time.Sleep(500 * time.Millisecond) // the display's pace, not a wait for a condition
	}
}
