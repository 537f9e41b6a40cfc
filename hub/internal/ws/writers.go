package ws

import (
	"runtime"
	"sync"
)

// writers run the connections' writers on as many goroutines as there are
// cores. A fan-out wakes thousands of writers at once; starting a goroutine
// for each costs more than a small write, and more goroutines than cores
// only take turns. A writer that has to wait, for its socket (a client not
// reading) or for the store (a snapshot), must not hold up the others, so
// before it waits it hands its place to a new goroutine and ends once that
// connection is written.
type writers struct {
	limit int

	mu      sync.Mutex
	queue   []*conn // woken connections, first come first written
	head    int
	running int // goroutines taking from the queue
}

func newWriters() *writers {
	return &writers{limit: runtime.GOMAXPROCS(0)}
}

// wake queues c's writer.
func (w *writers) wake(c *conn) {
	w.mu.Lock()
	w.queue = append(w.queue, c)
	start := w.running < w.limit
	if start {
		w.running++
	}
	w.mu.Unlock()
	if start {
		go w.run()
	}
}

func (w *writers) run() {
	for {
		c := w.next()
		if c == nil {
			return
		}
		c.pooled.Store(true)
		c.flush()
		if !c.pooled.Swap(false) {
			return // handed on while a write waited
		}
	}
}

// next takes the first queued connection, or ends the goroutine's turn
// when there is none.
func (w *writers) next() *conn {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.head == len(w.queue) {
		w.queue, w.head = w.queue[:0], 0
		w.running--
		return nil
	}
	c := w.queue[w.head]
	w.queue[w.head] = nil
	w.head++
	return c
}

// handOn gives the place of a goroutine about to wait for a socket to a
// new one, if anything is queued.
func (w *writers) handOn() {
	w.mu.Lock()
	w.running--
	start := w.head < len(w.queue)
	if start {
		w.running++
	}
	w.mu.Unlock()
	if start {
		go w.run()
	}
}
