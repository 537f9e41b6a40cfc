// Package presence tells the store which kiosks and displays this hub
// replica holds live connections of, so that /admin and `hub device list`
// show them online now, and when each was last seen (docs/admin.md).
package presence

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// Refresh is how often a replica confirms its devices online; an entry
// lasts Lapse, so a replica that dies stops showing its devices online
// within Lapse. SeenEvery is how often a connected device's last-seen time
// is written: at most once a minute, not per message.
const (
	Refresh   = 20 * time.Second
	Lapse     = 3 * Refresh
	SeenEvery = time.Minute
)

// changeDelay gathers the connections and disconnections of a moment (a
// hall of displays reconnecting after a restart) into one write.
const changeDelay = 200 * time.Millisecond

// Tracker counts this replica's live device connections and writes them
// to the store.
type Tracker struct {
	st      *store.Store
	replica string
	log     *slog.Logger
	changed chan struct{}

	mu   sync.Mutex
	live map[string]int       // device id: live connections
	gone map[string]bool      // devices whose last connection ended since the last write
	seen map[string]time.Time // device id: when its last-seen time was last written
}

// New returns a tracker for this replica, under a random replica id.
func New(st *store.Store, log *slog.Logger) *Tracker {
	id := make([]byte, 8)
	rand.Read(id)
	return &Tracker{st: st, replica: hex.EncodeToString(id), log: log, changed: make(chan struct{}, 1),
		live: map[string]int{}, gone: map[string]bool{}, seen: map[string]time.Time{}}
}

// Connected counts a live connection of p if p is a device, and returns
// the func to call when it ends (ws.Options.Connected).
func (t *Tracker) Connected(p auth.Principal) (ended func()) {
	if !auth.IsDeviceRole(p.Role) {
		return func() {}
	}
	t.mu.Lock()
	t.live[p.ID]++
	delete(t.gone, p.ID)
	t.mu.Unlock()
	t.poke()
	return func() {
		t.mu.Lock()
		if t.live[p.ID]--; t.live[p.ID] == 0 {
			delete(t.live, p.ID)
			delete(t.seen, p.ID)
			t.gone[p.ID] = true
		}
		t.mu.Unlock()
		t.poke()
	}
}

func (t *Tracker) poke() {
	select {
	case t.changed <- struct{}{}:
	default:
	}
}

// Start writes the replica's devices online shortly after each change and
// every Refresh, until ctx ends or stop is called; stop returns once this
// replica's devices are off the set.
func Start(ctx context.Context, t *Tracker) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(Refresh)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				t.leave()
				return
			case <-t.changed:
				select {
				case <-time.After(changeDelay):
				case <-ctx.Done():
					continue // the next round leaves
				}
			case <-tick.C:
			}
			t.write(ctx)
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// write sends the live devices, the ones gone and the last-seen times due.
// A failure is logged and retried at the next write: the gone are kept.
func (t *Tracker) write(ctx context.Context) {
	now := time.Now()
	t.mu.Lock()
	live := slices.Collect(maps.Keys(t.live))
	gone := slices.Collect(maps.Keys(t.gone))
	var due []string
	for _, id := range live {
		if now.Sub(t.seen[id]) >= SeenEvery {
			due = append(due, id)
		}
	}
	t.mu.Unlock()
	if err := t.st.SetOnline(ctx, t.replica, live, gone, now.Add(Lapse)); err != nil {
		t.log.Warn("devices online", "error", err)
		return
	}
	if err := t.st.MarkSeen(ctx, due, now); err != nil {
		t.log.Warn("devices seen", "error", err)
		due = nil
	}
	t.mu.Lock()
	for _, id := range gone {
		if t.live[id] == 0 {
			delete(t.gone, id)
		}
	}
	for _, id := range due {
		if t.live[id] > 0 {
			t.seen[id] = now
		}
	}
	t.mu.Unlock()
}

// leave takes this replica's devices off the set at shutdown, so they do
// not show online until their entries lapse.
func (t *Tracker) leave() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	t.mu.Lock()
	ids := slices.Collect(maps.Keys(t.live))
	ids = append(ids, slices.Collect(maps.Keys(t.gone))...)
	t.mu.Unlock()
	if err := t.st.SetOnline(ctx, t.replica, nil, ids, time.Now()); err != nil {
		t.log.Warn("devices offline at shutdown", "error", err)
	}
}
