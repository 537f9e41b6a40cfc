//go:build ha

package hatest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// Sentinel (a master, two replicas, three sentinels) under 200 tickets a
// second through two hubs: one replica is frozen 2 s before the master is
// SIGKILLed. No acknowledged ticket is lost, no number is given twice, the
// display ends with exactly the tickets issued, and the hubs carry on by
// themselves. The seconds of refusal are reported.
func TestSentinelFailoverUnderLoad(t *testing.T) {
	bin := buildHub(t)
	master := redistest.Start(t)
	replicas := []*redistest.Server{redistest.Start(t), redistest.Start(t)}
	host, port, _ := net.SplitHostPort(master.Addr)
	ctx := context.Background()
	if err := master.Client().ConfigSet(ctx, "repl-diskless-sync-delay", "0").Err(); err != nil {
		t.Fatal(err)
	}
	for _, r := range replicas {
		if err := r.Client().ReplicaOf(ctx, host, port).Err(); err != nil {
			t.Fatal(err)
		}
	}
	var sentinels []string
	for range 3 {
		sentinels = append(sentinels, startSentinel(t, master.Addr))
	}
	url := "redis+sentinel://" + sentinels[0] + "," + sentinels[1] + "," + sentinels[2] + "/shamil"
	rdb := redis.NewFailoverClient(&redis.FailoverOptions{MasterName: "shamil", SentinelAddrs: sentinels})
	t.Cleanup(func() { rdb.Close() })
	st := store.New(rdb)
	_, kioskToken, err := hubtest.AddDevice(ctx, st, "qatif", protocol.RoleKiosk, "")
	if err != nil {
		t.Fatal(err)
	}
	_, displayToken, err := hubtest.AddDevice(ctx, st, "qatif", protocol.RoleDisplay, "")
	if err != nil {
		t.Fatal(err)
	}
	var hubs []*hubProcess
	for range 2 {
		h := &hubProcess{t: t, bin: bin, addr: "127.0.0.1:" + strconv.Itoa(freePort(t)), redisURL: url, publicURL: "http://shamil.test"}
		h.start()
		t.Cleanup(h.kill)
		waitReady(t, "http://"+h.addr)
		hubs = append(hubs, h)
	}

	var d display
	dialCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	screen, err := client.Dial(dialCtx, client.Config{URL: "ws://" + hubs[1].addr + "/ws", Token: displayToken,
		Subscribe: true, OnEvent: d.event, OnSnapshot: d.snapshot})
	if err != nil {
		t.Fatal(err)
	}
	defer screen.Close()
	kiosk, err := client.Dial(dialCtx, client.Config{URL: "ws://" + hubs[0].addr + "/ws", Token: kioskToken})
	if err != nil {
		t.Fatal(err)
	}
	defer kiosk.Close()

	// Four kiosks' worth, each a ticket every 20 ms: 200 a second. A
	// ticket refused (unavailable) is retried with its request id.
	var mu sync.Mutex
	numbers, cases := map[string]string{}, map[string]string{}
	var acked []string
	var refused time.Duration // the longest time with no ticket acknowledged
	lastAck := time.Now()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
				id := client.NewID()
				var out protocol.IssuedTicket
				for {
					reqCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
					err := kiosk.DoID(reqCtx, id, protocol.ReqTicketIssue, map[string]string{"service": "road-defect"}, &out)
					cancel()
					if err == nil {
						break
					}
					if pe, ok := err.(*protocol.Error); !ok || pe.Code != protocol.CodeUnavailable {
						errs <- err
						return
					}
					time.Sleep(50 * time.Millisecond) // the retry's pace
				}
				mu.Lock()
				refused = max(refused, time.Since(lastAck))
				lastAck = time.Now()
				if other, ok := numbers[out.Ticket.Number]; ok && other != out.Ticket.ID {
					errs <- fmt.Errorf("number %s given to %s and %s", out.Ticket.Number, other, out.Ticket.ID)
				}
				if other, ok := cases[out.Case]; ok && other != out.Ticket.ID {
					errs <- fmt.Errorf("case %s given to %s and %s", out.Case, other, out.Ticket.ID)
				}
				numbers[out.Ticket.Number], cases[out.Case] = out.Ticket.ID, out.Ticket.ID
				acked = append(acked, out.Ticket.ID)
				mu.Unlock()
			}
		})
	}
	ackedAfter := func(from int) func() bool {
		return func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= from }
	}
	wait.Until(t, 30*time.Second, "200 tickets before the failover", ackedAfter(200))
	replicas[0].Freeze()
	time.Sleep(2 * time.Second) // on purpose: the frozen replica falls 2 s behind, as a lagging one would
	master.Kill()
	failedAt := time.Now()
	// The sentinels promote the replica that kept up; the frozen one comes
	// back and follows it.
	wait.Until(t, 60*time.Second, "the failover", func() bool {
		role, _ := replicas[1].Client().Do(ctx, "ROLE").Slice()
		return len(role) > 0 && role[0] == "master"
	})
	t.Logf("promoted after %.1f s", time.Since(failedAt).Seconds())
	replicas[0].Thaw()
	mu.Lock()
	thawed := len(acked)
	mu.Unlock()
	wait.Until(t, 60*time.Second, "200 tickets after the failover", ackedAfter(thawed+200))
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("%d tickets acknowledged; refusals for %.1f s (no ticket acknowledged)", len(acked), refused.Seconds())

	// Every acknowledged ticket is in the store, and nothing else waits.
	for _, id := range acked {
		if _, err := st.Ticket(ctx, "qatif", id); err != nil {
			t.Fatalf("acknowledged ticket %s lost: %v", id, err)
		}
	}
	waiting, err := rdb.ZCard(ctx, "{b:qatif}:waiting").Result()
	if err != nil || int(waiting) != len(acked) {
		t.Fatalf("%d waiting in the store (%v), want the %d acknowledged", waiting, err, len(acked))
	}
	// The display ends where the store is.
	wait.Succeeds(t, 15*time.Second, "the display to end where the store is", func() error {
		if n := d.lastWaiting(); n != len(acked) {
			return fmt.Errorf("the display shows %d waiting, want %d", n, len(acked))
		}
		return nil
	})
}

func buildHub(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hub")
	if out, err := exec.Command("go", "build", "-o", bin, filepath.Join(hubtest.Root(), "hub")).CombinedOutput(); err != nil {
		t.Fatalf("build the hub: %v\n%s", err, out)
	}
	return bin
}

// startSentinel runs a redis-sentinel watching master as "shamil" (down
// after 2 s) and returns its address.
func startSentinel(t *testing.T, master string) string {
	t.Helper()
	dir := t.TempDir()
	addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	host, port, _ := net.SplitHostPort(addr)
	mhost, mport, _ := net.SplitHostPort(master)
	conf := filepath.Join(dir, "sentinel.conf")
	os.WriteFile(conf, []byte(fmt.Sprintf("port %s\nbind %s\ndir %s\n"+
		"sentinel monitor shamil %s %s 2\nsentinel down-after-milliseconds shamil 2000\n"+
		"sentinel failover-timeout shamil 10000\nsentinel parallel-syncs shamil 1\n",
		port, host, dir, mhost, mport)), 0o600)
	cmd := exec.Command("redis-server", conf, "--sentinel")
	if err := cmd.Start(); err != nil {
		t.Fatalf("start sentinel: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	c := redis.NewSentinelClient(&redis.Options{Addr: addr})
	defer c.Close()
	wait.Succeeds(t, 10*time.Second, "sentinel "+addr+" to answer", func() error { return c.Ping(context.Background()).Err() })
	return addr
}
