package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// fanout measures the live fan-out: subs subscribers watch the branch while
// desks call tickets at rate per second; every subscriber notes when each
// call reaches it. The latency of a call is from the moment its desk sent
// call-next to the moment a subscriber read the event.
//
// The tickets that can be called are known before the run, so what the
// readers record is free of pointers: with a million arrivals, the load
// generator's garbage collector would otherwise compete for the cores the
// hub is measured on.
type fanout struct {
	start   time.Time
	ids     map[string]int32 // the tickets that may be called; read-only during the run
	sent    []time.Duration  // by ids' index: when the call was asked for, 0 if never
	subs    []*subscriber
	stop    chan struct{} // ends the readers
	readers func()        // waits for them
}

func newFanout(ids []string) *fanout {
	f := &fanout{start: time.Now(), ids: make(map[string]int32, len(ids)), sent: make([]time.Duration, len(ids))}
	for i, id := range ids {
		f.ids[id] = int32(i)
	}
	return f
}

// subscriber is one watching connection and the calls it received.
type subscriber struct {
	fd   int    // the socket, read only through readAll's epoll
	tail []byte // the end of the last read, which may hold half a message
	got  []arrival
	lost bool // the hub closed the connection
}

type arrival struct {
	call int32 // the ticket's index in fanout.ids
	at   time.Duration
}

var (
	calledType = []byte(`"type":"ticket.called"`)
	calledTail = []byte(`.called"`)
	ticketID   = []byte(`"ticket":{"id":"`)
)

// scan notes every call event of a known ticket in data, read from the
// connection at at, and keeps what may be the start of one cut off by the
// read's end; joined is the reader's scratch buffer for that. It looks for
// the event's text in the raw stream, without decoding frames or JSON: the
// load generator shares the machine's cores with the hub, so its own work
// per delivery must be small.
func (s *subscriber) scan(data []byte, at time.Duration, ids map[string]int32, joined *[]byte) {
	if len(s.tail) > 0 {
		*joined = append(append((*joined)[:0], s.tail...), data...)
		data = *joined
	}
	for {
		i := indexCalled(data)
		if i < 0 {
			break
		}
		rest := data[i+len(calledType):]
		j := bytes.Index(rest, ticketID)
		k := -1
		if j >= 0 {
			k = bytes.IndexByte(rest[j+len(ticketID):], '"')
		}
		if k < 0 {
			s.tail = append(s.tail[:0], data[i:]...)
			return
		}
		if call, ok := ids[string(rest[j+len(ticketID):j+len(ticketID)+k])]; ok {
			s.got = append(s.got, arrival{call, at})
		}
		data = rest[j+len(ticketID)+k:]
	}
	keep := min(len(data), len(calledType)-1)
	s.tail = append(s.tail[:0], data[len(data)-keep:]...)
}

// indexCalled is bytes.Index(data, calledType), faster here: JSON is full of
// quotes, so a search for a needle that starts with one keeps stopping;
// the needle's rarer tail is found first and the rest checked.
func indexCalled(data []byte) int {
	for off := 0; ; {
		i := bytes.Index(data[off:], calledTail)
		if i < 0 {
			return -1
		}
		end := off + i + len(calledTail)
		if start := end - len(calledType); start >= 0 && bytes.Equal(data[start:end], calledType) {
			return start
		}
		off = end
	}
}

var subscriberDialer = websocket.Dialer{
	ReadBufferSize:   1024,
	WriteBufferSize:  512,
	Subprotocols:     []string{protocol.Subprotocol},
	HandshakeTimeout: 30 * time.Second,
}

// connectSubscribers opens n connections to wsURL, 64 at a time. With a
// token each authenticates and subscribes to branch, and counts as ready
// once its snapshot arrived; without (the naive server) once connected.
func (f *fanout) connectSubscribers(ctx context.Context, wsURL, token, branch string, n int) error {
	f.subs = make([]*subscriber, n)
	var wg sync.WaitGroup
	var failed atomic.Pointer[error]
	gate := make(chan struct{}, 64)
	for i := range n {
		gate <- struct{}{}
		wg.Go(func() {
			defer func() { <-gate }()
			s, err := f.connectOne(ctx, wsURL, token, branch)
			if err != nil {
				err = fmt.Errorf("subscriber %d: %w", i, err)
				failed.CompareAndSwap(nil, &err)
				return
			}
			f.subs[i] = s
		})
		if failed.Load() != nil {
			break
		}
	}
	wg.Wait()
	if p := failed.Load(); p != nil {
		return *p
	}
	f.stop = make(chan struct{})
	var err error
	f.readers, err = f.readAll(f.stop)
	return err
}

func (f *fanout) connectOne(ctx context.Context, wsURL, token, branch string) (*subscriber, error) {
	conn, _, err := subscriberDialer.DialContext(ctx, wsURL, nil)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if token != "" {
		auth, _ := json.Marshal(protocol.Request{ID: "auth", Type: protocol.ReqAuth, Data: mustJSON(protocol.AuthRequest{
			Token: token, Version: protocol.Version, Branch: branch, Subscribe: true})})
		if err := conn.WriteMessage(websocket.TextMessage, auth); err != nil {
			return nil, err
		}
		if err := awaitSnapshot(conn); err != nil {
			return nil, err
		}
	}
	return detach(conn)
}

// detach takes the socket away from Go's network poller: the subscriber
// keeps a duplicate of it, still non-blocking, and the connection is closed,
// which leaves the socket open. Otherwise every delivery would also wake the
// runtime's own epoll, for no goroutine, and double the load generator's
// cost per delivery on cores it shares with the hub.
func detach(conn *websocket.Conn) (*subscriber, error) {
	raw, err := conn.NetConn().(syscall.Conn).SyscallConn()
	if err != nil {
		return nil, err
	}
	s := &subscriber{fd: -1}
	if cerr := raw.Control(func(fd uintptr) { s.fd, err = syscall.Dup(int(fd)) }); cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return nil, fmt.Errorf("dup socket: %w", err)
	}
	return s, nil
}

// awaitSnapshot reads until the snapshot that follows the auth reply.
func awaitSnapshot(conn *websocket.Conn) error {
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	defer conn.SetReadDeadline(time.Time{})
	for {
		_, frame, err := conn.ReadMessage()
		if err != nil {
			return err
		}
		if bytes.Contains(frame, []byte(`"ok":false`)) {
			return fmt.Errorf("auth refused: %s", frame)
		}
		if bytes.Contains(frame, []byte(`"type":"snapshot"`)) {
			return nil
		}
	}
}

// pollPause is how long a reader sleeps when no socket is ready. Polling
// rather than blocking in epoll_wait spares the hub's writes the cost of
// waking a reader for each of them, a cost that TVs on their own machines
// would not put on the hub; it adds at most this much to a measured latency.
const pollPause = 500 * time.Microsecond

// readAll reads the subscribers' sockets with epoll in as many goroutines
// as the machine has cores, until stop is closed: a goroutine per
// connection costs the load generator more than the hub spends sending.
// The sockets stay registered with Go's poller too, which no goroutine
// waits on meanwhile.
func (f *fanout) readAll(stop <-chan struct{}) (wait func(), err error) {
	workers := runtime.NumCPU()
	var wg sync.WaitGroup
	for w := range workers {
		ep, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
		if err != nil {
			return nil, fmt.Errorf("epoll: %w", err)
		}
		byFD := map[int32]*subscriber{}
		for i := w; i < len(f.subs); i += workers {
			s := f.subs[i]
			byFD[int32(s.fd)] = s
			ev := syscall.EpollEvent{Events: syscall.EPOLLIN | syscall.EPOLLRDHUP, Fd: int32(s.fd)}
			if err := syscall.EpollCtl(ep, syscall.EPOLL_CTL_ADD, s.fd, &ev); err != nil {
				return nil, fmt.Errorf("epoll add: %w", err)
			}
		}
		wg.Go(func() {
			defer syscall.Close(ep)
			events := make([]syscall.EpollEvent, 256)
			buf := make([]byte, 64<<10)
			var joined []byte
			for {
				select {
				case <-stop:
					return
				default:
				}
				n, err := syscall.EpollWait(ep, events, 0)
				if err != nil && err != syscall.EINTR {
					return
				}
				if n <= 0 {
					time.Sleep(pollPause)
					continue
				}
				for _, ev := range events[:max(n, 0)] {
					s := byFD[ev.Fd]
					at := time.Since(f.start)
					for {
						m, err := syscall.Read(s.fd, buf)
						if m > 0 {
							s.scan(buf[:m], at, f.ids, &joined)
						}
						if m == 0 && err == nil {
							s.lost = true
							syscall.EpollCtl(ep, syscall.EPOLL_CTL_DEL, s.fd, nil)
						}
						if m < len(buf) || err != nil {
							break
						}
					}
				}
			}
		})
	}
	return wg.Wait, nil
}

// called notes that the call of ticket id was asked for at sent. Each
// ticket is called once, so callers never write the same element.
func (f *fanout) called(id string, sent time.Duration) error {
	i, ok := f.ids[id]
	if !ok {
		return fmt.Errorf("ticket %s was called but not issued by this run", id)
	}
	f.sent[i] = sent
	return nil
}

// report closes the subscribers and prints the latency percentiles, the
// calls missed and the subscribers lost.
func (f *fanout) report(name string) {
	close(f.stop)
	f.readers()
	for _, s := range f.subs {
		syscall.Close(s.fd)
	}
	calls := 0
	for _, sent := range f.sent {
		if sent > 0 {
			calls++
		}
	}
	var lat []time.Duration
	missed, lost := 0, 0
	seen := make([]bool, len(f.sent))
	for _, s := range f.subs {
		if s.lost {
			lost++
		}
		clear(seen)
		n := 0
		for _, a := range s.got {
			if sent := f.sent[a.call]; sent > 0 && !seen[a.call] {
				seen[a.call] = true
				lat = append(lat, a.at-sent)
				n++
			}
		}
		missed += calls - n
	}
	fmt.Printf("%s: %d subscribers, %d calls, %d deliveries  p50 %s  p90 %s  p99 %s  max %s  missed %d\n",
		name, len(f.subs), calls, len(lat), pct(lat, 50), pct(lat, 90), pct(lat, 99), pct(lat, 100), missed)
	if lost > 0 {
		fmt.Printf("%s: %d subscribers lost their connection during the run\n", name, lost)
	}
	fmt.Printf("%s p99 in µs: %d\n", name, pct(lat, 99).Microseconds())
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// hubFanout runs the fan-out against the hub: the subscribers watch qatif
// and the desks call tickets issued beforehand, rate per second in turn.
func hubFanout(ctx context.Context, hub, wsURL, kioskToken, displayToken string, officers []string, n int, rate float64, duration time.Duration, hubPID int) error {
	calls := int(rate*duration.Seconds()) + 1
	kiosk, err := client.Dial(ctx, client.Config{URL: wsURL, Token: kioskToken})
	if err != nil {
		return fmt.Errorf("connect kiosk: %w", err)
	}
	defer kiosk.Close()
	var ids []string
	for range calls + len(officers) {
		var issued protocol.IssuedTicket
		if err := kiosk.Do(ctx, protocol.ReqTicketIssue, protocol.IssueTicket{Service: "road-defect"}, &issued); err != nil {
			return fmt.Errorf("issue ticket: %w", err)
		}
		ids = append(ids, issued.Ticket.ID)
	}

	before, err := rss(hubPID)
	if err != nil {
		return err
	}
	f := newFanout(ids)
	if err := f.connectSubscribers(ctx, wsURL, displayToken, "qatif", n); err != nil {
		return err
	}
	time.Sleep(2 * time.Second) // let the hub settle
	after, err := rss(hubPID)
	if err != nil {
		return err
	}
	fmt.Printf("hub memory: %d subscribers  RSS %d KB -> %d KB  = %.1f KB per subscriber\n",
		n, before/1024, after/1024, float64(after-before)/1024/float64(n))

	// The officers sign in after the memory is measured: a password check
	// briefly takes 19 MiB (argon2id), which is no subscriber's.
	var desks []*desk
	for i, cred := range officers {
		d, err := openDesk(ctx, hub, wsURL, cred, fmt.Sprint(i+1))
		if err != nil {
			return err
		}
		defer d.c.Close()
		desks = append(desks, d)
	}

	// Each desk completes its ticket before its next call, so a desk is
	// free again when its turn comes.
	cpuBefore, err := cpuTime(hubPID)
	if err != nil {
		return err
	}
	interval := time.Duration(float64(time.Second) / rate)
	next := time.Now()
	var wg sync.WaitGroup
	var failures sync.Map
	busy := make([]sync.Mutex, len(desks))
	for i := range calls {
		next = next.Add(interval)
		time.Sleep(time.Until(next))
		k := i % len(desks)
		d := desks[k]
		wg.Go(func() {
			busy[k].Lock()
			defer busy[k].Unlock()
			sent := time.Since(f.start)
			var t protocol.Ticket
			if err := d.c.Do(ctx, protocol.ReqDeskCallNext, protocol.DeskRef{Desk: d.id}, &t); err != nil {
				failures.Store("call next: "+err.Error(), true)
				return
			}
			if err := f.called(t.ID, sent); err != nil {
				failures.Store(err.Error(), true)
				return
			}
			for _, step := range []string{protocol.ReqTicketServe, protocol.ReqTicketComplete} {
				if err := d.c.Do(ctx, step, protocol.TicketRef{Ticket: t.ID}, nil); err != nil {
					failures.Store(step+": "+err.Error(), true)
					return
				}
			}
		})
	}
	wg.Wait()
	time.Sleep(2 * time.Second) // the last deliveries
	cpuAfter, err := cpuTime(hubPID)
	if err != nil {
		return err
	}
	failures.Range(func(k, _ any) bool { fmt.Println("failure:", k); return true })
	f.report("hub")
	fmt.Printf("hub CPU during the calls: %.1f s\n", (cpuAfter - cpuBefore).Seconds())
	return nil
}

// naiveFanout runs the same subscribers and rate against naive, the
// chat-pattern server (see naive.go): each event is a POST the server
// broadcasts.
func naiveFanout(ctx context.Context, naive string, n int, rate float64, duration time.Duration, pid int) error {
	calls := int(rate*duration.Seconds()) + 1
	ids := make([]string, calls)
	for i := range ids {
		ids[i] = fmt.Sprintf("naive-%d", i)
	}
	f := newFanout(ids)
	if err := f.connectSubscribers(ctx, "ws"+strings.TrimPrefix(naive, "http")+"/ws", "", "", n); err != nil {
		return err
	}
	time.Sleep(2 * time.Second)
	cpuBefore, err := cpuTime(pid)
	if err != nil {
		return err
	}
	interval := time.Duration(float64(time.Second) / rate)
	next := time.Now()
	var wg sync.WaitGroup
	var failures sync.Map
	for i := range calls {
		next = next.Add(interval)
		time.Sleep(time.Until(next))
		wg.Go(func() {
			id := ids[i]
			f.called(id, time.Since(f.start))
			// The hub's desks send three events per call: called, serving
			// and done.
			for _, typ := range []string{protocol.EventTicketCalled, protocol.EventTicketServing, protocol.EventTicketDone} {
				res, err := http.Post(naive+"/publish?type="+typ+"&id="+id, "text/plain", nil)
				if err != nil {
					failures.Store(err.Error(), true)
					return
				}
				res.Body.Close()
			}
		})
	}
	wg.Wait()
	time.Sleep(2 * time.Second)
	cpuAfter, err := cpuTime(pid)
	if err != nil {
		return err
	}
	failures.Range(func(k, _ any) bool { fmt.Println("failure:", k); return true })
	f.report("naive")
	fmt.Printf("naive server CPU during the calls: %.1f s\n", (cpuAfter - cpuBefore).Seconds())
	return nil
}
