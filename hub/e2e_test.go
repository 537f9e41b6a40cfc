package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// hubProcess is the real hub binary, run the way an operator runs it.
type hubProcess struct {
	t    *testing.T
	bin  string
	args []string
	cmd  *exec.Cmd
	log  bytes.Buffer
	url  string
}

func buildHub(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hub")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("build hub: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func (h *hubProcess) start() {
	h.t.Helper()
	h.log.Reset()
	h.cmd = exec.Command(h.bin, h.args...)
	h.cmd.Stdout, h.cmd.Stderr = &h.log, &h.log
	if err := h.cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	// The hub's log is not read here: the hub writes it meanwhile.
	wait.Succeeds(h.t, 20*time.Second, "the hub to be ready", func() error {
		res, err := http.Get(h.url + "/readyz")
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

func (h *hubProcess) kill() {
	h.cmd.Process.Kill()
	h.cmd.Wait()
}

// The hub is killed with SIGKILL in the middle of a load and restarted:
// every acknowledged ticket is still there, none is duplicated, and
// requests retried with their idempotency key after the restart never make
// a second ticket.
func TestHubKilledMidLoadLosesAndDuplicatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the hub binary")
	}
	redis := redistest.Start(t)
	h, addr := startHub(t, redis)
	device := addDevice(t, h.bin, redis.URL(), "kiosk")
	display := watch(t, "ws://"+addr+"/ws", addDevice(t, h.bin, redis.URL(), "display"))

	const kiosks, perKiosk = 8, 60
	var acked sync.Map // idempotency key → ticket id
	var sent atomic.Int64
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for k := range kiosks {
		wg.Go(func() {
			for i := range perKiosk {
				key := fmt.Sprintf("k%d-%d", k, i)
				sent.Add(1)
				// Retry the same request until the hub answers it.
				for ctx.Err() == nil {
					id, err := issue(ctx, h.url, device.Token, key)
					if err == nil {
						acked.Store(key, id)
						break
					}
					time.Sleep(20 * time.Millisecond) // the retry's pace
				}
			}
		})
	}
	// Kill the hub once the load is well under way, then bring it back.
	wait.Until(t, 60*time.Second, "a third of the tickets", func() bool { return count(&acked) >= kiosks*perKiosk/3 })
	h.kill()
	killedAt := count(&acked)
	time.Sleep(200 * time.Millisecond) // on purpose: the kiosks find no hub meanwhile
	h.start()
	wg.Wait()
	if ctx.Err() != nil {
		t.Fatal("the load did not finish")
	}
	if killedAt == kiosks*perKiosk {
		t.Fatal("the hub was killed after the load ended: the test proved nothing")
	}

	// Every request has exactly one ticket, every ticket a distinct number.
	ids := map[string]string{}
	acked.Range(func(key, id any) bool {
		if other, dup := ids[id.(string)]; dup {
			t.Errorf("requests %s and %s got the same ticket %s", other, key, id)
		}
		ids[id.(string)] = key.(string)
		return true
	})
	rdb := redis.Client()
	day := time.Now().In(mustLoad(t, "Asia/Riyadh")).Format("2006-01-02")
	stored, err := rdb.ZRange(context.Background(), "{b:qatif}:day:"+day+":tickets", 0, -1).Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != int(sent.Load()) || len(stored) != len(ids) {
		t.Fatalf("%d requests, %d acknowledged tickets, %d stored tickets", sent.Load(), len(ids), len(stored))
	}
	for _, id := range stored {
		if _, ok := ids[id]; !ok {
			t.Errorf("stored ticket %s was never acknowledged to anyone", id)
		}
	}
	t.Logf("killed after %d of %d tickets", killedAt, len(ids))

	// The display reconnected by itself and saw every ticket, with no gap
	// and no repeat in the events.
	pos, err := rdb.Get(context.Background(), "{b:qatif}:offset").Int64()
	if err != nil {
		t.Fatal(err)
	}
	display.waitFor(t, pos)
	display.mu.Lock()
	defer display.mu.Unlock()
	if len(display.gaps) > 0 {
		t.Errorf("the display's events had gaps or repeats: %v", display.gaps)
	}
	for _, id := range stored {
		if !display.seen[id] {
			t.Errorf("the display never saw ticket %s", id)
		}
	}
}

func addDevice(t *testing.T, bin, redisURL, kind string) struct{ Token string } {
	t.Helper()
	out, err := exec.Command(bin, "device", "add", "--branch", "qatif", "--kind", kind, "--json",
		"--redis-url", redisURL, "--catalogue", "catalogues/qatif.yaml").Output()
	if err != nil {
		t.Fatal(err)
	}
	var device struct{ Token string }
	if err := json.Unmarshal(out, &device); err != nil {
		t.Fatal(err)
	}
	return device
}

// watcher is a hall display's view of the branch: the tickets it has seen
// and any break in the order of events.
type watcher struct {
	mu     sync.Mutex
	seen   map[string]bool
	last   int64
	gaps   []string
	client *client.Client
	// onEvent, if set, also receives each event (under the lock).
	onEvent func(protocol.Event)
}

func watch(t *testing.T, url string, device struct{ Token string }) *watcher {
	t.Helper()
	w := &watcher{seen: map[string]bool{}}
	c, err := client.Dial(context.Background(), client.Config{
		URL: url, Token: device.Token, Branch: "qatif", Subscribe: true,
		OnSnapshot: func(s protocol.Snapshot) {
			w.mu.Lock()
			defer w.mu.Unlock()
			w.last = s.Position.Offset
			for _, tk := range s.Waiting {
				w.seen[tk.ID] = true
			}
		},
		OnEvent: func(ev protocol.Event) {
			w.mu.Lock()
			defer w.mu.Unlock()
			if ev.Offset != w.last+1 {
				w.gaps = append(w.gaps, fmt.Sprintf("%d after %d", ev.Offset, w.last))
			}
			w.last = ev.Offset
			if ev.Ticket != nil {
				w.seen[ev.Ticket.ID] = true
			}
			if w.onEvent != nil {
				w.onEvent(ev)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	w.client = c
	return w
}

// waitFor waits until the watcher has seen the event at offset.
func (w *watcher) waitFor(t *testing.T, offset int64) {
	t.Helper()
	wait.Succeeds(t, 15*time.Second, "the display to catch up", func() error {
		w.mu.Lock()
		last := w.last
		w.mu.Unlock()
		if last < offset {
			return fmt.Errorf("the display is at offset %d, the branch at %d", last, offset)
		}
		return nil
	})
}

func count(m *sync.Map) int {
	n := 0
	m.Range(func(_, _ any) bool { n++; return true })
	return n
}

func mustLoad(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func issue(ctx context.Context, base, token, key string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/branches/qatif/tickets",
		strings.NewReader(`{"service":"road-defect"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("status %d: %s", res.StatusCode, body)
	}
	var out protocol.IssuedTicket
	if err := json.Unmarshal(body, &out); err != nil {
		return "", err
	}
	return out.Ticket.ID, nil
}

func startHub(t *testing.T, redis *redistest.Server) (*hubProcess, string) {
	t.Helper()
	addr := freeAddr(t)
	h := &hubProcess{t: t, bin: buildHub(t), url: "http://" + addr,
		args: []string{"serve", "--listen", addr, "--redis-url", redis.URL(), "--catalogue", "catalogues/qatif.yaml"}}
	h.start()
	t.Cleanup(h.kill)
	return h, addr
}

// /readyz follows the store: 503 with a reason while Redis is down, 200
// again once it is back (the hub reloads its scripts). SIGTERM stops the
// hub cleanly.
func TestReadinessAndGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the hub binary")
	}
	redis := redistest.Start(t)
	h, _ := startHub(t, redis)

	redis.Kill()
	res, err := http.Get(h.url + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "redis") {
		t.Fatalf("readyz with Redis down: %d %s", res.StatusCode, body)
	}
	if res, err := http.Get(h.url + "/healthz"); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("healthz with Redis down: %v %v", res, err)
	}
	redis.Restart()
	redis.Client().ScriptFlush(context.Background()) // as after a failover
	wait.Succeeds(t, 10*time.Second, "readyz to recover", func() error {
		res, err := http.Get(h.url + "/readyz")
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", res.StatusCode)
		}
		return nil
	})

	h.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- h.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("hub exited with %v after SIGTERM\n%s", err, h.log.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("hub did not stop within 15 s of SIGTERM")
	}
	if !strings.Contains(h.log.String(), "shutting down") {
		t.Errorf("no shutdown in the log:\n%s", h.log.String())
	}
}

// The whole path through the real hub: a kiosk's ticket, an officer's call
// next over the WebSocket, and the hall display seeing the call; a retried
// call is answered from memory, not acted on twice.
func TestDeskCallReachesTheDisplay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the hub binary")
	}
	redis := redistest.Start(t)
	h, addr := startHub(t, redis)
	kiosk := addDevice(t, h.bin, redis.URL(), "kiosk")
	display := watch(t, "ws://"+addr+"/ws", addDevice(t, h.bin, redis.URL(), "display"))
	calls := make(chan protocol.Event, 10)
	display.mu.Lock()
	display.onEvent = func(ev protocol.Event) {
		if ev.Type == protocol.EventTicketCalled {
			calls <- ev
		}
	}
	display.mu.Unlock()

	out, err := exec.Command(h.bin, "user", "add", "--branch", "qatif", "--role", "officer", "--name", "Sara",
		"--username", "sara", "--json", "--redis-url", redis.URL(), "--catalogue", "catalogues/qatif.yaml").Output()
	if err != nil {
		t.Fatal(err)
	}
	var user struct{ Username, Password string }
	json.Unmarshal(out, &user)
	res, err := http.Post(h.url+"/api/v1/sessions", "application/json",
		strings.NewReader(`{"username":"sara","password":"`+user.Password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var session struct{ Token string }
	json.NewDecoder(res.Body).Decode(&session)
	res.Body.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	desk, err := client.Dial(ctx, client.Config{URL: "ws://" + addr + "/ws", Token: session.Token})
	if err != nil {
		t.Fatal(err)
	}
	defer desk.Close()
	id, err := issue(ctx, h.url, kiosk.Token, "k-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := desk.Do(ctx, protocol.ReqDeskOpen, protocol.DeskRef{Desk: "3"}, nil); err != nil {
		t.Fatal(err)
	}
	var first, again protocol.Ticket
	if err := desk.DoID(ctx, "call-1", protocol.ReqDeskCallNext, protocol.DeskRef{Desk: "3"}, &first); err != nil {
		t.Fatal(err)
	}
	if err := desk.DoID(ctx, "call-1", protocol.ReqDeskCallNext, protocol.DeskRef{Desk: "3"}, &again); err != nil || again.ID != first.ID {
		t.Fatalf("retried call next: %+v %v", again, err)
	}
	if first.ID != id || first.Desk != "3" {
		t.Fatalf("called %+v, want %s at desk 3", first, id)
	}
	select {
	case ev := <-calls:
		if ev.Ticket.ID != id || ev.Desk == nil || ev.Desk.ID != "3" || ev.Ticket.Number != "A-001" {
			t.Fatalf("the display saw %+v", ev)
		}
	case <-ctx.Done():
		t.Fatal("the display never saw the call")
	}
	select {
	case ev := <-calls:
		t.Fatalf("the retried call reached the display again: %+v", ev)
	case <-time.After(300 * time.Millisecond):
	}
}
