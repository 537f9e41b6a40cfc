//go:build ha

// Package hatest runs hubs the way a region would: real redis-servers, the
// shipped HAProxy configuration and hub processes, on free ports with
// temporary folders, and kills parts of it under load. It runs with
// `make test-ha` (go test -tags ha), not with `make test`.
package hatest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// A hub replica killed (SIGKILL) while a display and a kiosk are connected
// through HAProxy: both go on through the other replica within 2 s, every
// ticket the kiosk was given reaches the display once, in order, and the
// display resumes without a snapshot. Each replica is killed in turn, so
// the clients were on the killed one at least once.
func TestHubReplicaKilledBehindHAProxy(t *testing.T) {
	if _, err := exec.LookPath("haproxy"); err != nil {
		t.Fatalf("haproxy not installed (make test-ha installs it): %v", err)
	}
	root := hubtest.Root()
	bin := buildHub(t)
	redis := redistest.Start(t)
	ctx := context.Background()
	st := store.New(redis.Client())
	_, kioskToken, err := hubtest.AddDevice(ctx, st, "qatif", protocol.RoleKiosk, "")
	if err != nil {
		t.Fatal(err)
	}
	_, displayToken, err := hubtest.AddDevice(ctx, st, "qatif", protocol.RoleDisplay, "")
	if err != nil {
		t.Fatal(err)
	}

	lb := "127.0.0.1:" + strconv.Itoa(freePort(t))
	hubs := []*hubProcess{
		{t: t, bin: bin, addr: "127.0.0.1:" + strconv.Itoa(freePort(t)), redisURL: redis.URL(), publicURL: "http://" + lb},
		{t: t, bin: bin, addr: "127.0.0.1:" + strconv.Itoa(freePort(t)), redisURL: redis.URL(), publicURL: "http://" + lb},
	}
	for _, h := range hubs {
		h.start()
		t.Cleanup(h.kill)
	}
	proxy := exec.Command("haproxy", "-db", "-f", filepath.Join(root, "build", "haproxy.cfg"))
	proxy.Env = append(os.Environ(), "SHAMIL_LB_LISTEN="+lb, "SHAMIL_HUB1="+hubs[0].addr, "SHAMIL_HUB2="+hubs[1].addr)
	proxy.Stdout, proxy.Stderr = os.Stderr, os.Stderr
	if err := proxy.Start(); err != nil {
		t.Fatalf("start haproxy: %v", err)
	}
	t.Cleanup(func() { proxy.Process.Kill(); proxy.Wait() })
	for i := range hubs {
		waitInService(t, lb, i)
	}

	var d display
	dialCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	screen, err := client.Dial(dialCtx, client.Config{URL: "ws://" + lb + "/ws", Token: displayToken, Subscribe: true,
		OnEvent: d.event, OnSnapshot: d.snapshot})
	if err != nil {
		t.Fatal(err)
	}
	defer screen.Close()
	kiosk, err := client.Dial(dialCtx, client.Config{URL: "ws://" + lb + "/ws", Token: kioskToken})
	if err != nil {
		t.Fatal(err)
	}
	defer kiosk.Close()

	// A ticket every 20 ms through the balancer; each is retried with its
	// id until acknowledged.
	var issued []string
	var count atomic.Int64 // len(issued), for the test's own goroutine
	var longest time.Duration
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		last := time.Now()
		for {
			select {
			case <-stop:
				done <- nil
				return
			case <-time.After(20 * time.Millisecond):
			}
			reqCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
			var out protocol.IssuedTicket
			err := kiosk.Do(reqCtx, protocol.ReqTicketIssue, map[string]string{"service": "road-defect"}, &out)
			cancel()
			if err != nil {
				done <- fmt.Errorf("ticket %d: %w", len(issued)+1, err)
				return
			}
			issued = append(issued, out.Ticket.ID)
			count.Add(1)
			longest = max(longest, time.Since(last))
			last = time.Now()
		}
	}()
	// 50 tickets (about a second) go through before each kill and after
	// the last restart.
	moreTickets := func() {
		t.Helper()
		from := count.Load()
		wait.Until(t, 30*time.Second, "50 more tickets", func() bool { return count.Load() >= from+50 })
	}
	for i, h := range hubs {
		moreTickets()
		h.kill()
		time.Sleep(3 * time.Second) // on purpose: the other replica alone serves meanwhile
		h.start()
		waitInService(t, lb, i) // before the other one is killed
	}
	moreTickets()
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	t.Logf("%d tickets; the longest wait for one (refusal while a replica died): %.2f s", len(issued), longest.Seconds())
	if longest > 2*time.Second {
		t.Errorf("a ticket waited %v: want the other replica within 2 s", longest)
	}

	wait.Until(t, 10*time.Second, "the display to show the last ticket "+issued[len(issued)-1], func() bool { return d.seen(issued[len(issued)-1]) >= 0 })
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.snapshots != 1 {
		t.Errorf("the display took %d snapshots, want only the first: it resumes", d.snapshots)
	}
	for i, ev := range d.events[1:] {
		if ev.Offset != d.events[i].Offset+1 {
			t.Fatalf("display events jump from offset %d to %d", d.events[i].Offset, ev.Offset)
		}
	}
	prev := -1
	for _, id := range issued {
		at, ok := d.issued[id]
		if !ok || at <= prev {
			t.Fatalf("ticket %s missing from the display or out of order", id)
		}
		prev = at
	}
	t.Logf("display longest gap between events: %.2f s", d.longestGap.Seconds())
	if d.longestGap > 2500*time.Millisecond {
		t.Errorf("the display went %v without an event: want it back within 2 s", d.longestGap)
	}
}

// display records what a hall display receives.
type display struct {
	mu         sync.Mutex
	events     []protocol.Event
	issued     map[string]int // ticket id → index in events
	snapshots  int
	waiting    int // as the last event or snapshot said
	last       time.Time
	longestGap time.Duration
}

func (d *display) event(ev protocol.Event) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.last.IsZero() {
		d.longestGap = max(d.longestGap, time.Since(d.last))
	}
	d.last = time.Now()
	d.waiting = ev.Waiting
	if ev.Type == protocol.EventTicketIssued && ev.Ticket != nil {
		if d.issued == nil {
			d.issued = map[string]int{}
		}
		d.issued[ev.Ticket.ID] = len(d.events)
	}
	d.events = append(d.events, ev)
}

func (d *display) snapshot(s protocol.Snapshot) {
	d.mu.Lock()
	d.snapshots++
	d.waiting = s.WaitingCount
	d.mu.Unlock()
}

func (d *display) lastWaiting() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.waiting
}

func (d *display) seen(id string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	if at, ok := d.issued[id]; ok {
		return at
	}
	return -1
}

// hubProcess is a hub run as its own process, so it can be SIGKILLed.
type hubProcess struct {
	t                              *testing.T
	bin, addr, redisURL, publicURL string
	cmd                            *exec.Cmd
}

func (h *hubProcess) start() {
	h.t.Helper()
	h.cmd = exec.Command(h.bin, "serve", "--listen", h.addr, "--redis-url", h.redisURL,
		"--catalogue", hubtest.Catalogue(), "--data-dir", h.t.TempDir(), "--public-url", h.publicURL,
		"--trusted-proxies", "127.0.0.1", "--log-level", "warn")
	h.cmd.Stdout, h.cmd.Stderr = os.Stderr, os.Stderr
	if err := h.cmd.Start(); err != nil {
		h.t.Fatalf("start hub: %v", err)
	}
}

func (h *hubProcess) kill() {
	if h.cmd == nil {
		return
	}
	h.cmd.Process.Kill()
	h.cmd.Wait()
	h.cmd = nil
}

// waitInService waits until HAProxy at lb sends requests to hub i again:
// a request carrying its cookie is answered by it (HAProxy sets another
// cookie when it sends the request elsewhere).
func waitInService(t *testing.T, lb string, i int) {
	t.Helper()
	wait.Succeeds(t, 30*time.Second, fmt.Sprintf("HAProxy to send to hub %d", i+1), func() error {
		req, _ := http.NewRequest("GET", "http://"+lb+"/readyz", nil)
		req.Header.Set("Cookie", "SHAMIL_HUB=hub"+strconv.Itoa(i+1))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Set-Cookie") != "" {
			return fmt.Errorf("status %d, Set-Cookie %q", res.StatusCode, res.Header.Get("Set-Cookie"))
		}
		return nil
	})
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitReady waits until the hub at base answers /readyz.
func waitReady(t *testing.T, base string) {
	t.Helper()
	wait.Succeeds(t, 30*time.Second, base+" to be ready", func() error {
		res, err := http.Get(base + "/readyz")
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", res.StatusCode)
		}
		return nil
	})
}
