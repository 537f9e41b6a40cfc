package desk

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Board is the branch's live state as the hub told it: the last snapshot
// with every event after it applied. Nothing on it is guessed.
type Board struct {
	mu      sync.Mutex
	credit  time.Duration // the branch's priority credit, for the queue's order
	synced  bool          // a snapshot has arrived
	waiting map[string]protocol.Ticket
	count   int
	desks   map[string]protocol.Desk
	tickets map[string]protocol.Ticket // tickets at desks (called, serving), by id
	changed chan struct{}              // closed and replaced on every change
}

func newBoard(credit time.Duration) *Board {
	return &Board{changed: make(chan struct{}), credit: credit, waiting: map[string]protocol.Ticket{}, desks: map[string]protocol.Desk{}, tickets: map[string]protocol.Ticket{}}
}

// Reset replaces the state with a snapshot.
func (b *Board) Reset(s protocol.Snapshot) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.synced = true
	b.waiting = map[string]protocol.Ticket{}
	for _, t := range s.Waiting {
		b.waiting[t.ID] = t
	}
	b.count = s.WaitingCount
	b.desks = map[string]protocol.Desk{}
	for _, d := range s.Desks {
		b.desks[d.ID] = d
	}
	b.tickets = map[string]protocol.Ticket{}
	for _, t := range s.Recent {
		b.place(t)
	}
	b.notify()
}

// Apply replaces the entity an event carries.
func (b *Board) Apply(e protocol.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.count = e.Waiting
	if e.Desk != nil {
		b.desks[e.Desk.ID] = *e.Desk
	}
	if e.Ticket != nil {
		b.place(*e.Ticket)
	}
	b.notify()
}

func (b *Board) notify() {
	close(b.changed)
	b.changed = make(chan struct{})
}

// await waits until the board shows t as the hub answered it, so that
// the screen, drawn from the board, never shows an action undone.
func (b *Board) await(ctx context.Context, t protocol.Ticket) {
	for {
		b.mu.Lock()
		ch := b.changed
		_, waiting := b.waiting[t.ID]
		atDesk, called := b.tickets[t.ID]
		b.mu.Unlock()
		switch {
		case t.State == protocol.TicketWaiting && waiting,
			(t.State == protocol.TicketCalled || t.State == protocol.TicketServing) && called && atDesk.State == t.State && atDesk.Calls >= t.Calls,
			t.State != protocol.TicketWaiting && t.State != protocol.TicketCalled && t.State != protocol.TicketServing && !waiting && !called:
			return
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return
		}
	}
}

// place files a ticket under its state.
func (b *Board) place(t protocol.Ticket) {
	delete(b.waiting, t.ID)
	delete(b.tickets, t.ID)
	switch t.State {
	case protocol.TicketWaiting:
		b.waiting[t.ID] = t
	case protocol.TicketCalled, protocol.TicketServing:
		b.tickets[t.ID] = t
	}
}

// Queue is what the side panel shows for one desk.
type Queue struct {
	Synced      bool              `json:"synced"`
	Waiting     int               `json:"waiting"`
	Next        []protocol.Ticket `json:"next"`         // the next tickets this desk would call
	LongestWait int               `json:"longest_wait"` // seconds the longest-waiting visitor has waited
}

// Queue returns the side panel of desk at now: tickets transferred to the
// desk first, then the shared queue by arrival less the priority credit.
func (b *Board) Queue(desk string, now time.Time, max int) Queue {
	b.mu.Lock()
	defer b.mu.Unlock()
	q := Queue{Synced: b.synced, Waiting: b.count}
	var oldest time.Time
	for _, t := range b.waiting {
		if t.Desk == "" || t.Desk == desk {
			q.Next = append(q.Next, t)
		}
		if oldest.IsZero() || t.IssuedAt.Before(oldest) {
			oldest = t.IssuedAt
		}
	}
	if !oldest.IsZero() && now.After(oldest) {
		q.LongestWait = int(now.Sub(oldest).Seconds())
	}
	slices.SortFunc(q.Next, func(x, y protocol.Ticket) int {
		if (x.Desk == desk) != (y.Desk == desk) {
			if x.Desk == desk {
				return -1
			}
			return 1
		}
		return b.score(x).Compare(b.score(y))
	})
	if len(q.Next) > max {
		q.Next = q.Next[:max]
	}
	return q
}

func (b *Board) score(t protocol.Ticket) time.Time {
	if t.Lane == protocol.LanePriority || t.Lane == protocol.LaneAppointment {
		return t.IssuedAt.Add(-b.credit)
	}
	return t.IssuedAt
}

// Desk returns a desk as last seen.
func (b *Board) Desk(id string) (protocol.Desk, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	d, ok := b.desks[id]
	return d, ok
}

// AtDesk returns the ticket called to or served at a desk, if any.
func (b *Board) AtDesk(desk string) (protocol.Ticket, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, t := range b.tickets {
		if t.Desk == desk {
			return t, true
		}
	}
	return protocol.Ticket{}, false
}
