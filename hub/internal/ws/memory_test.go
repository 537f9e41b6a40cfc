// The race detector multiplies memory use, so these measure without it.

//go:build !race

package ws_test

import (
	"runtime"
	"sync"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/shamil-municipal/shamil/hub/internal/ws"
	"github.com/shamil-municipal/shamil/hub/internal/ws/wstest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// maxIdleConnBytes is the budget of one idle, authenticated, subscribed
// connection (a naive hub measured 19-23 KB).
const maxIdleConnBytes = 10 << 10

// idleConnBytes opens n idle subscribed connections and returns the Go
// heap and stack in use per connection, after GC. The clients run in the
// same process with minimal buffers and no goroutines, so the figure is an
// upper bound for the hub's share.
func idleConnBytes(tb testing.TB, n int) float64 {
	hub := wstest.Start(tb, ws.Options{})
	hub.Append(tb, protocol.EventTicketIssued)
	dialer := websocket.Dialer{ReadBufferSize: 256, WriteBufferSize: 256, WriteBufferPool: &sync.Pool{}}
	conns := make([]*websocket.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	open := func(k int) {
		for range k {
			c, _, err := dialer.Dial(hub.URL, nil)
			if err != nil {
				tb.Fatalf("dial: %v", err)
			}
			conns = append(conns, c)
			if err := c.WriteMessage(websocket.TextMessage, wstest.AuthFrame("a", wstest.KioskToken, true, nil)); err != nil {
				tb.Fatal(err)
			}
			// The auth reply and the snapshot, in one frame or two.
			for got := 0; got < 2; {
				_, frame, err := c.ReadMessage()
				if err != nil {
					tb.Fatalf("read: %v", err)
				}
				got += 1 + countNewlines(frame)
			}
		}
	}
	open(50) // warm up pools and the broker's feed
	before := inUse()
	open(n)
	after := inUse()
	return float64(after-before) / float64(n)
}

func countNewlines(b []byte) int {
	n := 0
	for _, c := range b {
		if c == '\n' {
			n++
		}
	}
	return n
}

func inUse() uint64 {
	for range 6 {
		runtime.GC()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

func TestIdleConnectionMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 1,000 connections")
	}
	per := idleConnBytes(t, 1000)
	t.Logf("%.0f bytes per idle connection (hub and client)", per)
	if per > maxIdleConnBytes {
		t.Fatalf("%.0f bytes per idle connection, over the %d budget", per, maxIdleConnBytes)
	}
}

func BenchmarkIdleConnections(b *testing.B) {
	for b.Loop() {
		b.ReportMetric(idleConnBytes(b, 2000), "B/conn")
	}
}
