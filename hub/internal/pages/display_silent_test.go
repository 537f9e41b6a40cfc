package pages_test

import (
	"net"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// blackhole is a TCP proxy in front of the hub that can silently stop
// forwarding on every connection open at that moment, as a dead network
// path does: no close, no reset, just nothing. New connections still pass.
type blackhole struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	links []*link
}

// link is one proxied connection; while frozen what either side sends is
// swallowed.
type link struct {
	frozen atomic.Bool
	a, b   net.Conn
}

func newBlackhole(t *testing.T, target string) *blackhole {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &blackhole{ln: ln, target: target}
	t.Cleanup(func() {
		ln.Close()
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, l := range p.links {
			l.a.Close()
			l.b.Close()
		}
	})
	go p.serve()
	return p
}

func (p *blackhole) serve() {
	for {
		a, err := p.ln.Accept()
		if err != nil {
			return
		}
		b, err := net.Dial("tcp", p.target)
		if err != nil {
			a.Close()
			continue
		}
		l := &link{a: a, b: b}
		p.mu.Lock()
		p.links = append(p.links, l)
		p.mu.Unlock()
		go l.pipe(a, b)
		go l.pipe(b, a)
	}
}

func (l *link) pipe(from, to net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := from.Read(buf)
		if err != nil {
			return
		}
		if !l.frozen.Load() {
			if _, err := to.Write(buf[:n]); err != nil {
				return
			}
		}
	}
}

// freeze black-holes every connection open now.
func (p *blackhole) freeze() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.links {
		l.frozen.Store(true)
	}
}

// A display whose connection dies silently (nothing is received, nothing
// is closed) notices by itself, reconnects and shows the call made
// meanwhile, announcing it; nobody reloads the page.
func TestDisplaySilentConnection(t *testing.T) {
	h := hubtest.Start(t)
	display := h.Device(t, protocol.RoleDisplay)
	kiosk := h.Device(t, protocol.RoleKiosk)
	for range 2 {
		h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"road-defect"}`, 201, nil)
	}
	sara := openDesk(t, h, "sara", "1")
	hubURL, err := url.Parse(h.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newBlackhole(t, hubURL.Host)

	ctx := browsertest.New(t, 1280, 720)
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+proxy.ln.Addr().String()+"/display/qatif?token="+display)); err != nil {
		t.Fatal(err)
	}
	waitCaughtUp(t, ctx)
	t1 := sara.callNext(t)
	waitBoard(t, ctx, "first call", func(b board) bool { return b.Current == t1.Number && len(b.Announced) == 2 })

	proxy.freeze()
	frozen := time.Now()
	sara.post(t, "tickets/"+t1.ID+"/serve", "")
	sara.post(t, "tickets/"+t1.ID+"/complete", "")
	t2 := sara.callNext(t)

	// Quiet for 20 s, the page gives the connection up; well before that
	// it must not pretend to know about the new call.
	time.Sleep(5 * time.Second) // on purpose: time passes and nothing may change
	if b := waitBoard(t, ctx, "frozen", func(board) bool { return true }); b.Current != t1.Number {
		t.Fatalf("through a dead connection the display shows %+v", b)
	}
	time.Sleep(time.Until(frozen.Add(20 * time.Second))) // on purpose: the page's own 20 s of patience
	b := waitBoard(t, ctx, "recovered", func(b board) bool { return b.Current == t2.Number && !b.Banner && len(b.Announced) == 4 })
	want := append(announcement(t1.Number, "مكتب ١", "Desk 1"), announcement(t2.Number, "مكتب ١", "Desk 1")...)
	if !slices.Equal(b.Announced, want) || !hasRow(b.Previous, t1.Number, "مكتب ١", "Desk 1") || b.Waiting != "0" {
		t.Fatalf("after the silent drop the display shows %+v, want announced %q", b, want)
	}
}
