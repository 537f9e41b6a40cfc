package desk

import (
	"bytes"
	"context"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// lossyProxy forwards TCP to the hub and, once armed, cuts the connection
// instead of passing on the hub's bytes that contain marker: the hub has
// acted, the officer's app never hears of it.
type lossyProxy struct {
	ln     net.Listener
	target string
	marker []byte
	armed  atomic.Bool
	cuts   atomic.Int32
}

func startProxy(t *testing.T, target, marker string) *lossyProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &lossyProxy{ln: ln, target: target, marker: []byte(marker)}
	go p.serve()
	t.Cleanup(func() { ln.Close() })
	return p
}

func (p *lossyProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		h, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		go func() { io.Copy(h, c); h.Close() }()
		go func() {
			buf := make([]byte, 64<<10)
			for {
				n, err := h.Read(buf)
				if n > 0 && p.armed.Load() && bytes.Contains(buf[:n], p.marker) {
					p.armed.Store(false)
					p.cuts.Add(1)
					c.Close()
					h.Close()
					return
				}
				if n > 0 {
					if _, werr := c.Write(buf[:n]); werr != nil {
						break
					}
				}
				if err != nil {
					break
				}
			}
			c.Close()
		}()
	}
}

// The reply to "call next" is lost when the connection drops; the client
// reconnects and sends the request again with the same id, and the hub
// answers with the first call: one visitor called, not two.
func TestCallNextAcrossADrop(t *testing.T) {
	h := hubtest.Start(t)
	kiosk := h.Device(t, protocol.RoleKiosk)
	s := signIn(t, h, "sara", "Sara")
	proxy := startProxy(t, strings.TrimPrefix(h.URL, "http://"), `"state":"called"`)
	s.Hub = "http://" + proxy.ln.Addr().String()
	st := connect(t, s)
	if _, err := st.Claim(context.Background(), "1"); err != nil {
		t.Fatal(err)
	}
	first := issue(t, h, kiosk, "road-defect")
	issue(t, h, kiosk, "road-defect")

	proxy.armed.Store(true)
	got, err := st.CallNext(context.Background())
	if err != nil || got.ID != first.Ticket.ID {
		t.Fatalf("call next across a drop = %+v, %v", got, err)
	}
	if proxy.cuts.Load() != 1 {
		t.Fatal("the connection was never cut: the test proved nothing")
	}
	var snap protocol.Snapshot
	h.Do(t, "GET", "/api/v1/branches/qatif/queue", kiosk, "", 200, &snap)
	if snap.WaitingCount != 1 {
		t.Fatalf("%d waiting after the drop, want 1", snap.WaitingCount)
	}
	wait.Until(t, 10*time.Second, "the board shows the call after the reconnect", func() bool {
		cur, ok := st.Current()
		return ok && cur.ID == first.Ticket.ID && cur.State == protocol.TicketCalled
	})
}
