package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"gopkg.in/yaml.v3"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/redisproc"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// writeBranches writes the catalogue at base with its first branch copied
// n times (b0001, b0002…), for the many-branches benchmark.
func writeBranches(base, out string, n int) error {
	raw, err := os.ReadFile(base)
	if err != nil {
		return fmt.Errorf("read the catalogue: %w", err)
	}
	// As YAML nodes, so every value is written back as it was read (a
	// date stays a date, not a time).
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil || len(doc.Content) == 0 {
		return fmt.Errorf("read the catalogue %s: %v", base, err)
	}
	branches := value(doc.Content[0], "branches")
	if branches == nil || len(branches.Content) == 0 {
		return fmt.Errorf("%s has no branches", base)
	}
	first, err := yaml.Marshal(branches.Content[0])
	if err != nil {
		return err
	}
	copies := make([]*yaml.Node, n)
	for i := range copies {
		var b yaml.Node
		if err := yaml.Unmarshal(first, &b); err != nil {
			return err
		}
		m := b.Content[0]
		value(m, "id").Value = branchID(i)
		value(m, "case_prefix").Value = casePrefix(i)
		// Generated test data, not a message: the copied branch's Arabic name.
		value(value(m, "name"), "ar").Value = "فرع " + strconv.Itoa(i+1)
		value(value(m, "name"), "en").Value = "Branch " + strconv.Itoa(i+1)
		copies[i] = m
	}
	branches.Content = copies
	raw, err = yaml.Marshal(&doc)
	if err != nil {
		return err
	}
	return os.WriteFile(out, raw, 0o644)
}

// value is the value of key in a YAML mapping node, or nil.
func value(mapping *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(mapping.Content); i += 2 {
		if mapping.Content[i].Value == key {
			return mapping.Content[i+1]
		}
	}
	return nil
}

func branchID(i int) string { return fmt.Sprintf("b%04d", i+1) }

// casePrefix is B followed by i in three letters: BAAA, BAAB…
func casePrefix(i int) string {
	return "B" + string(rune('A'+i/676%26)) + string(rune('A'+i/26%26)) + string(rune('A'+i%26))
}

// manyBranches is issue #13's benchmark: a display subscribed on each of
// n branches, a kiosk on each issuing one ticket a second, through the
// hubs (each display on one replica, its kiosk on the other); first with
// the first `baseline` branches, then with all n, in the same run. It
// reports the issue latency, the tickets whose event never reached their
// branch's display, and the hubs' memory and Redis connections per
// subscribed branch.
func manyBranches(ctx context.Context, hubs []string, redisURL string, pids []int, n, baseline int, duration time.Duration) error {
	if len(hubs) == 0 || redisURL == "" || len(pids) != len(hubs) {
		return errors.New("-branches needs -hub (one or more, comma-separated), -redis-url and -hub-pid for each hub")
	}
	rdb, err := redisproc.Dial(ctx, redisURL)
	if err != nil {
		return err
	}
	defer rdb.Close()
	st := store.New(rdb)
	branches := make([]branchLoad, n)
	for i := range branches {
		b := &branches[i]
		b.id = branchID(i)
		if b.kiosk, err = enrol(ctx, st, b.id, protocol.RoleKiosk); err != nil {
			return err
		}
		if b.display, err = enrol(ctx, st, b.id, protocol.RoleDisplay); err != nil {
			return err
		}
	}
	for _, size := range []int{min(baseline, n), n} {
		r, err := branchRun(ctx, hubs, rdb, pids, branches[:size], duration)
		if err != nil {
			return fmt.Errorf("%d branches: %w", size, err)
		}
		r.print()
	}
	return nil
}

type branchLoad struct {
	id, kiosk, display string
}

type branchResult struct {
	branches         int
	latencies        []time.Duration
	failures         int
	missed           int
	memoryPerBranch  float64       // KB of the hubs' RSS per subscribed branch
	redisConnsBranch float64       // Redis client connections per subscribed branch
	hubCPU           time.Duration // the hubs' CPU time while the tickets were issued
	otherCPU         time.Duration // Redis's and the load generator's meanwhile
	elapsed          time.Duration // how long the issuing took
}

func (r branchResult) print() {
	fmt.Printf("branches %d: issue %d tickets (%d failed)  p50 %s  p99 %s  max %s  p99-us %d\n",
		r.branches, len(r.latencies), r.failures, pct(r.latencies, 50), pct(r.latencies, 99), pct(r.latencies, 100), pct(r.latencies, 99).Microseconds())
	fmt.Printf("branches %d: %d tickets missed on their branch's display; hub memory %.1f KB and Redis connections %.3f per subscribed branch\n",
		r.branches, r.missed, r.memoryPerBranch, r.redisConnsBranch)
	if n := len(r.latencies); n > 0 {
		fmt.Printf("branches %d: hub CPU %.1f s while issuing = %.0f µs per ticket; Redis and the load generator %.1f s; %.2f of the 2 cores over %.0f s\n",
			r.branches, r.hubCPU.Seconds(), float64(r.hubCPU.Microseconds())/float64(n), r.otherCPU.Seconds(),
			(r.hubCPU+r.otherCPU).Seconds()/r.elapsed.Seconds()/2, r.elapsed.Seconds())
	}
}

func branchRun(ctx context.Context, hubs []string, rdb redis.UniversalClient, pids []int, branches []branchLoad, duration time.Duration) (branchResult, error) {
	r := branchResult{branches: len(branches)}
	memBefore, err := rssAll(pids)
	if err != nil {
		return r, err
	}
	connsBefore, err := redisClients(ctx, rdb)
	if err != nil {
		return r, err
	}
	// The displays, each on replica i, its kiosk on the next: a ticket
	// reaches its display through the store, not through one hub.
	var seen sync.Map // ticket id → true, as the displays see them
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var synced sync.WaitGroup
	displays := make([]*client.Client, len(branches))
	kiosks := make([]*client.Client, len(branches))
	defer func() {
		for _, c := range slices.Concat(displays, kiosks) {
			if c != nil {
				c.Close()
			}
		}
	}()
	err = parallel(len(branches), func(i int) error {
		b := branches[i]
		var once sync.Once
		synced.Add(1)
		c, err := client.Dial(ctx, client.Config{URL: wsURL(hubs, i), OtherURLs: others(hubs, i), Token: b.display, Branch: b.id, Subscribe: true, Logger: quiet,
			OnSnapshot: func(protocol.Snapshot) { once.Do(synced.Done) },
			OnEvent: func(e protocol.Event) {
				if e.Type == protocol.EventTicketIssued && e.Ticket != nil {
					seen.Store(e.Ticket.ID, true)
				}
			}})
		if err != nil {
			return fmt.Errorf("display of %s: %w", b.id, err)
		}
		displays[i] = c
		return nil
	})
	if err != nil {
		return r, err
	}
	allSynced := make(chan struct{})
	go func() { synced.Wait(); close(allSynced) }()
	select {
	case <-allSynced:
	case <-ctx.Done():
		return r, errors.New("the displays' snapshots never all arrived")
	}
	time.Sleep(2 * time.Second) // the hubs settle before their memory is read
	memAfter, err := rssAll(pids)
	if err != nil {
		return r, err
	}
	connsAfter, err := redisClients(ctx, rdb)
	if err != nil {
		return r, err
	}
	r.memoryPerBranch = float64(memAfter-memBefore) / 1024 / float64(len(branches))
	r.redisConnsBranch = float64(connsAfter-connsBefore) / float64(len(branches))

	err = parallel(len(branches), func(i int) error {
		c, err := client.Dial(ctx, client.Config{URL: wsURL(hubs, i+1), OtherURLs: others(hubs, i+1), Token: branches[i].kiosk, Logger: quiet})
		if err != nil {
			return fmt.Errorf("kiosk of %s: %w", branches[i].id, err)
		}
		kiosks[i] = c
		return nil
	})
	if err != nil {
		return r, err
	}
	// One ticket a second at each branch, the branches spread over the
	// second.
	latencies := make([][]time.Duration, len(branches))
	issued := make([][]string, len(branches))
	var failures atomic.Int64
	redisPID, err := redisProcess(ctx, rdb)
	if err != nil {
		return r, err
	}
	others := []int{redisPID, os.Getpid()}
	cpuBefore, err := cpuAll(pids)
	if err != nil {
		return r, err
	}
	otherBefore, err := cpuAll(others)
	if err != nil {
		return r, err
	}
	start := time.Now()
	var wg sync.WaitGroup
	for i, k := range kiosks {
		wg.Go(func() {
			next := start.Add(time.Duration(i) * time.Second / time.Duration(len(branches)))
			for ; next.Before(start.Add(duration)); next = next.Add(time.Second) {
				time.Sleep(time.Until(next))
				t0 := time.Now()
				var out protocol.IssuedTicket
				if err := k.Do(ctx, protocol.ReqTicketIssue, protocol.IssueTicket{Service: "road-defect"}, &out); err != nil {
					failures.Add(1)
					continue
				}
				latencies[i] = append(latencies[i], time.Since(t0))
				issued[i] = append(issued[i], out.Ticket.ID)
			}
		})
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	cpuAfter, err := cpuAll(pids)
	if err != nil {
		return r, err
	}
	otherAfter, err := cpuAll(others)
	if err != nil {
		return r, err
	}
	r.hubCPU, r.otherCPU = cpuAfter-cpuBefore, otherAfter-otherBefore
	r.latencies = slices.Concat(latencies...)
	r.failures = int(failures.Load())
	all := slices.Concat(issued...)
	missing := func() int {
		n := 0
		for _, id := range all {
			if _, ok := seen.Load(id); !ok {
				n++
			}
		}
		return n
	}
	// The last events are on their way: at most 15 s more.
	for deadline := time.Now().Add(15 * time.Second); missing() > 0 && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
	}
	r.missed = missing()
	return r, nil
}

// parallel runs f(0…n-1) on 16 goroutines and returns the first error.
func parallel(n int, f func(i int) error) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				if err := f(i); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func wsURL(hubs []string, i int) string {
	return "ws" + strings.TrimPrefix(hubs[i%len(hubs)], "http") + "/ws"
}

// others are the hubs after the i-th, for the client to move on to.
func others(hubs []string, i int) []string {
	var out []string
	for k := 1; k < len(hubs); k++ {
		out = append(out, wsURL(hubs, i+k))
	}
	return out
}

func rssAll(pids []int) (int64, error) {
	var sum int64
	for _, pid := range pids {
		n, err := rss(pid)
		if err != nil {
			return 0, err
		}
		sum += n
	}
	return sum, nil
}

func cpuAll(pids []int) (time.Duration, error) {
	var sum time.Duration
	for _, pid := range pids {
		d, err := cpuTime(pid)
		if err != nil {
			return 0, err
		}
		sum += d
	}
	return sum, nil
}

// redisProcess is the Redis server's process id (on this machine).
func redisProcess(ctx context.Context, rdb redis.UniversalClient) (int, error) {
	info, err := rdb.Info(ctx, "server").Result()
	if err != nil {
		return 0, fmt.Errorf("redis INFO server: %w", err)
	}
	for line := range strings.SplitSeq(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "process_id:"); ok {
			return strconv.Atoi(v)
		}
	}
	return 0, errors.New("no process_id in INFO server")
}

// redisClients is Redis's count of connected clients.
func redisClients(ctx context.Context, rdb redis.UniversalClient) (int, error) {
	info, err := rdb.Info(ctx, "clients").Result()
	if err != nil {
		return 0, fmt.Errorf("redis INFO clients: %w", err)
	}
	for line := range strings.SplitSeq(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "connected_clients:"); ok {
			return strconv.Atoi(v)
		}
	}
	return 0, errors.New("no connected_clients in INFO clients")
}

// enrol enrols a device of the role at branch, by actions' rules, and
// returns its token.
func enrol(ctx context.Context, st *store.Store, branch string, role protocol.Role) (token string, err error) {
	d, token, err := actions.NewDevice(branch, role, "")
	if err == nil {
		err = st.CreateDevice(ctx, d, store.AuditEntry{})
	}
	return token, err
}
