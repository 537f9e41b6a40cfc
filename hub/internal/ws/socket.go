package ws

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"
)

// socket is the network connection under a WebSocket. Two things set it
// apart from the plain one, both for the cost of a fan-out to thousands:
//
//   - A write that cannot complete at once calls blocked before it waits,
//     so the pooled writer that made it can hand its place on (see
//     writers).
//   - A write deadline reaches the socket only when it changes. gorilla/websocket
//     sets the deadline before every frame, at about a tenth of the cost of a
//     small write; the writer moves its deadline on only now and then (see
//     extendWriteDeadline), so nearly every call is a repeat.
//
// gorilla/websocket serialises its writes, and only the connection's writer
// writes (control frames included), so Write never runs twice at once.
type socket struct {
	net.Conn
	raw     syscall.RawConn
	blocked func() // set before the writer's first write

	// Write's arguments and results for writeNow, which is made once.
	pending  []byte
	written  int
	writeErr error
	writeNow func(fd uintptr) bool

	mu       sync.Mutex
	deadline time.Time // the write deadline the socket has
}

// sendBuffer is the kernel's send buffer of a WebSocket (Linux doubles it).
// Left to itself Linux grows it to 4 MiB; then a slow client has megabytes
// in the kernel, beyond the hub's reach, and the close frame that tells it
// it was too slow (4008) waits behind them until a write deadline drops the
// connection without one (1006). Kept small, what a client has not taken
// waits in its outbox, which the hub caps (events.MaxPending) and can
// replace with the close frame.
const sendBuffer = 128 << 10

func newSocket(nc net.Conn) (*socket, error) {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return nil, errors.New("ws: the connection has no socket")
	}
	if tc, ok := nc.(*net.TCPConn); ok {
		if err := tc.SetWriteBuffer(sendBuffer); err != nil {
			return nil, fmt.Errorf("ws: set the send buffer: %w", err)
		}
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil, err
	}
	s := &socket{Conn: nc, raw: raw}
	s.writeNow = func(fd uintptr) bool {
		s.written, s.writeErr = syscall.Write(int(fd), s.pending)
		return true // never wait for the socket here
	}
	return s, nil
}

// Write writes what the socket takes at once and, when that is not all,
// calls blocked and waits to write the rest.
func (s *socket) Write(b []byte) (int, error) {
	s.pending = b
	err := s.raw.Write(s.writeNow)
	n, werr := max(s.written, 0), s.writeErr
	s.pending = nil
	switch {
	case err != nil: // closed, or past the deadline
		return 0, err
	case werr != nil && werr != syscall.EAGAIN && werr != syscall.EINTR:
		return 0, &net.OpError{Op: "write", Net: "tcp", Addr: s.RemoteAddr(), Err: werr}
	case n == len(b):
		return n, nil
	}
	if s.blocked != nil {
		s.blocked()
	}
	m, err := s.Conn.Write(b[n:])
	return n + m, err
}

func (s *socket) SetWriteDeadline(t time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.Equal(s.deadline) {
		return nil
	}
	if err := s.Conn.SetWriteDeadline(t); err != nil {
		return err
	}
	s.deadline = t
	return nil
}

func (s *socket) SetDeadline(t time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.Conn.SetDeadline(t); err != nil {
		return err
	}
	s.deadline = t
	return nil
}

// hijacker hands the upgrader the connection as a socket.
type hijacker struct {
	http.ResponseWriter
	socket *socket
}

func (h *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	nc, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	if h.socket, err = newSocket(nc); err != nil {
		nc.Close()
		return nil, nil, err
	}
	return h.socket, brw, nil
}
