// Command loadgen puts a running hub under load through the Go client, the
// way kiosks and desks use it, and prints throughput and latency
// percentiles. build/bench.sh (make bench) runs it; see the README's
// "Benchmarks" for the figures.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func run() error {
	hub := flag.String("hub", "http://127.0.0.1:8080", "hub address")
	kioskToken := flag.String("kiosk-token", "", "a kiosk device token")
	officers := flag.String("officers", "", "comma-separated username:password of officers, one desk each")
	kiosks := flag.Int("kiosks", 16, "kiosk connections issuing tickets")
	rate := flag.Float64("rate", 0, "tickets per second over all kiosks; 0 is as fast as they can")
	duration := flag.Duration("duration", 10*time.Second, "how long to issue tickets")
	idle := flag.Int("idle", 0, "instead of a load: open this many idle subscribed connections and report the hub's memory per connection (needs -hub-pid)")
	hubPID := flag.Int("hub-pid", 0, "the hub's (or with -naive the naive server's) process id, to read its memory and CPU time")
	subscribers := flag.Int("subscribers", 0, "instead of a load: this many subscribers watch while the -officers' desks call -rate tickets a second; reports the call-to-subscriber latency, missed calls and hub memory per subscriber (needs -display-token and -hub-pid)")
	displayToken := flag.String("display-token", "", "a display device token, for -subscribers")
	naive := flag.String("naive", "", "with -subscribers: measure the naive chat-pattern server at this address (loadgen -serve-naive) instead of the hub")
	serveNaiveAddr := flag.String("serve-naive", "", "run the naive chat-pattern fan-out server on this address (the baseline for -subscribers -naive)")
	branches := flag.Int("branches", 0, "instead of a load: a display and a kiosk on each of this many branches (b0001…), one ticket a second each, through the -hub replicas (comma-separated); reports issue latency, tickets missed on the displays, and hub memory and Redis connections per branch (needs -redis-url and -hub-pids)")
	baseline := flag.Int("baseline-branches", 5, "with -branches: the same load on this many branches first, in the same run")
	redisURL := flag.String("redis-url", "", "with -branches: the hubs' Redis, to enrol the branches' devices")
	hubPIDs := flag.String("hub-pids", "", "with -branches: the -hub replicas' process ids, comma-separated")
	writeCatalogue := flag.String("write-catalogue", "", "write a catalogue with -branches copies of -catalogue's first branch to this file, and exit")
	catalogue := flag.String("catalogue", "hub/catalogues/qatif.yaml", "with -write-catalogue: the catalogue to copy")
	flag.Parse()
	if *serveNaiveAddr != "" {
		return serveNaive(*serveNaiveAddr)
	}
	if *writeCatalogue != "" {
		return writeBranches(*catalogue, *writeCatalogue, *branches)
	}
	if *branches > 0 {
		var pids []int
		for _, p := range strings.Split(*hubPIDs, ",") {
			pid, err := strconv.Atoi(p)
			if err != nil {
				return fmt.Errorf("-hub-pids %q: %w", *hubPIDs, err)
			}
			pids = append(pids, pid)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*(*duration)+10*time.Minute)
		defer cancel()
		return manyBranches(ctx, strings.Split(*hub, ","), *redisURL, pids, *branches, *baseline, *duration)
	}
	if *subscribers > 0 && *naive != "" {
		ctx, cancel := context.WithTimeout(context.Background(), *duration+5*time.Minute)
		defer cancel()
		if *hubPID == 0 {
			return errors.New("-naive needs -hub-pid, the naive server's process id")
		}
		return naiveFanout(ctx, *naive, *subscribers, *rate, *duration, *hubPID)
	}
	if *kioskToken == "" {
		return errors.New("-kiosk-token is required")
	}
	wsURL := "ws" + strings.TrimPrefix(*hub, "http") + "/ws"
	ctx, cancel := context.WithTimeout(context.Background(), *duration+5*time.Minute)
	defer cancel()
	if *idle > 0 {
		return idleConnections(ctx, wsURL, *kioskToken, *idle, *hubPID)
	}
	if *subscribers > 0 {
		if *displayToken == "" || *officers == "" || *rate <= 0 || *hubPID == 0 {
			return errors.New("-subscribers needs -display-token, -officers, -rate and -hub-pid")
		}
		return hubFanout(ctx, *hub, wsURL, *kioskToken, *displayToken, strings.Split(*officers, ","), *subscribers, *rate, *duration, *hubPID)
	}

	var desks []*desk
	if *officers != "" {
		for i, cred := range strings.Split(*officers, ",") {
			d, err := openDesk(ctx, *hub, wsURL, cred, fmt.Sprint(i+1))
			if err != nil {
				return err
			}
			desks = append(desks, d)
		}
	}
	conns := make([]*client.Client, *kiosks)
	for i := range conns {
		c, err := client.Dial(ctx, client.Config{URL: wsURL, Token: *kioskToken})
		if err != nil {
			return fmt.Errorf("connect kiosk %d: %w", i, err)
		}
		defer c.Close()
		conns[i] = c
	}

	deskCtx, stopDesks := context.WithCancel(ctx)
	var deskWG sync.WaitGroup
	for _, d := range desks {
		deskWG.Go(func() { d.serve(deskCtx) })
	}

	issued := make([][]time.Duration, *kiosks)
	var failures sync.Map
	start := time.Now()
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Go(func() {
			var interval time.Duration
			if *rate > 0 {
				interval = time.Duration(float64(time.Second) * float64(*kiosks) / *rate)
			}
			next := time.Now()
			for n := 0; time.Since(start) < *duration; n++ {
				if interval > 0 {
					next = next.Add(interval)
					time.Sleep(time.Until(next))
				}
				t0 := time.Now()
				var out protocol.IssuedTicket
				err := c.Do(ctx, protocol.ReqTicketIssue, protocol.IssueTicket{Service: "road-defect"}, &out)
				if err != nil {
					failures.Store(err.Error(), true)
					continue
				}
				issued[i] = append(issued[i], time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	stopDesks()
	deskWG.Wait()

	all := slices.Concat(issued...)
	fmt.Printf("issue ticket: %d in %.1fs = %.0f/s  p50 %s  p90 %s  p99 %s  max %s\n",
		len(all), elapsed.Seconds(), float64(len(all))/elapsed.Seconds(),
		pct(all, 50), pct(all, 90), pct(all, 99), pct(all, 100))
	var calls []time.Duration
	for _, d := range desks {
		calls = append(calls, d.latencies...)
	}
	if len(desks) > 0 {
		fmt.Printf("call next:    %d in %.1fs = %.0f/s  p50 %s  p90 %s  p99 %s  max %s\n",
			len(calls), elapsed.Seconds(), float64(len(calls))/elapsed.Seconds(),
			pct(calls, 50), pct(calls, 90), pct(calls, 99), pct(calls, 100))
	}
	failures.Range(func(k, _ any) bool { fmt.Println("failure:", k); return true })
	return nil
}

// pct is the p-th percentile of ds (sorted in place).
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := (len(ds)*p + 99) / 100
	return ds[max(0, min(i, len(ds))-1)].Round(10 * time.Microsecond)
}

// desk is an officer at a desk: call next, serve, complete, again.
type desk struct {
	c         *client.Client
	id        string
	latencies []time.Duration
}

func openDesk(ctx context.Context, hub, wsURL, cred, id string) (*desk, error) {
	user, password, _ := strings.Cut(cred, ":")
	body, _ := json.Marshal(map[string]string{"username": user, "password": password})
	res, err := http.Post(hub+"/api/v1/sessions", "application/json", strings.NewReader(string(body)))
	if err != nil {
		return nil, fmt.Errorf("sign in %s: %w", user, err)
	}
	defer res.Body.Close()
	var session struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&session); err != nil || session.Token == "" {
		return nil, fmt.Errorf("sign in %s: status %d", user, res.StatusCode)
	}
	c, err := client.Dial(ctx, client.Config{URL: wsURL, Token: session.Token})
	if err != nil {
		return nil, fmt.Errorf("connect desk %s: %w", id, err)
	}
	if err := c.Do(ctx, protocol.ReqDeskOpen, protocol.DeskRef{Desk: id}, nil); err != nil {
		return nil, fmt.Errorf("open desk %s: %w", id, err)
	}
	return &desk{c: c, id: id}, nil
}

func (d *desk) serve(ctx context.Context) {
	defer d.c.Close()
	for ctx.Err() == nil {
		t0 := time.Now()
		var t protocol.Ticket
		err := d.c.Do(ctx, protocol.ReqDeskCallNext, protocol.DeskRef{Desk: d.id}, &t)
		if errors.Is(err, &protocol.Error{Code: protocol.CodeQueueEmpty}) {
			time.Sleep(5 * time.Millisecond)
			continue
		}
		if err != nil {
			return
		}
		d.latencies = append(d.latencies, time.Since(t0))
		for _, step := range []string{protocol.ReqTicketServe, protocol.ReqTicketComplete} {
			if err := d.c.Do(ctx, step, protocol.TicketRef{Ticket: t.ID}, nil); err != nil {
				return
			}
		}
	}
}

// idleConnections opens n subscribed connections that then stay idle, and
// reports how much the hub's resident memory grew per connection.
func idleConnections(ctx context.Context, wsURL, token string, n, pid int) error {
	if pid == 0 {
		return errors.New("-idle needs -hub-pid")
	}
	before, err := rss(pid)
	if err != nil {
		return err
	}
	conns := make([]*client.Client, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := range n {
		c, err := client.Dial(ctx, client.Config{URL: wsURL, Token: token, Subscribe: true, Branch: "qatif"})
		if err != nil {
			return fmt.Errorf("connection %d: %w", i, err)
		}
		conns = append(conns, c)
	}
	time.Sleep(3 * time.Second) // let the hub settle
	after, err := rss(pid)
	if err != nil {
		return err
	}
	fmt.Printf("idle connections: %d  hub RSS %d KB -> %d KB  = %.1f KB per connection\n",
		n, before/1024, after/1024, float64(after-before)/1024/float64(n))
	return nil
}

// cpuTime reads the CPU time a process has used, user and system, from
// /proc (in clock ticks of 10 ms).
func cpuTime(pid int) (time.Duration, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read hub CPU time: %w", err)
	}
	// The fields after the command name, which is in parentheses.
	_, rest, _ := strings.Cut(string(stat), ") ")
	f := strings.Fields(rest)
	var user, system int64
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	fmt.Sscan(f[11], &user)
	fmt.Sscan(f[12], &system)
	return time.Duration(user+system) * 10 * time.Millisecond, nil
}

// rss reads a process's resident memory in bytes from /proc.
func rss(pid int) (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read hub memory: %w", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb * 1024, nil
		}
	}
	return 0, errors.New("no VmRSS in /proc status")
}
