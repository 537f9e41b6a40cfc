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
	first   chan struct{} // closed when the first snapshot arrives
	waiting map[string]protocol.Ticket
	count   int
	desks   map[string]protocol.Desk
	tickets map[string]protocol.Ticket // tickets at desks (called, serving), by id
	parked  map[string]protocol.Ticket // parked at their desks, by id
	caseRev map[string]int64           // offset of each case's latest case.changed event
	changed chan struct{}              // closed and replaced on every change
}

func newBoard(credit time.Duration) *Board {
	return &Board{changed: make(chan struct{}), first: make(chan struct{}), credit: credit, waiting: map[string]protocol.Ticket{}, desks: map[string]protocol.Desk{}, tickets: map[string]protocol.Ticket{}, parked: map[string]protocol.Ticket{}, caseRev: map[string]int64{}}
}

// Reset replaces the state with a snapshot.
func (b *Board) Reset(s protocol.Snapshot) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.synced {
		close(b.first)
	}
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
	b.parked = map[string]protocol.Ticket{}
	for _, t := range s.Recent {
		b.place(t)
	}
	for _, t := range s.Parked {
		b.place(t)
	}
	b.notify()
}

// Synced is closed once the board holds the hub's state: its first
// snapshot arrived.
func (b *Board) Synced() <-chan struct{} { return b.first }

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
	if e.Case != nil {
		b.caseRev[e.Case.Number] = e.Offset
	}
	b.notify()
}

// CaseRev tells a case's changes apart: it changes whenever an event says
// the case changed (a citizen's reply, another officer's note), so the
// screen knows to reload it. Zero until such an event.
func (b *Board) CaseRev(number string) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.caseRev[number]
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
		_, parked := b.parked[t.ID]
		b.mu.Unlock()
		switch {
		case t.State == protocol.TicketWaiting && waiting,
			t.State == protocol.TicketParked && parked && !called,
			(t.State == protocol.TicketCalled || t.State == protocol.TicketServing) && called && atDesk.State == t.State && atDesk.Calls >= t.Calls,
			t.State != protocol.TicketWaiting && t.State != protocol.TicketCalled && t.State != protocol.TicketServing &&
				t.State != protocol.TicketParked && !waiting && !called && !parked:
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
	delete(b.parked, t.ID)
	switch t.State {
	case protocol.TicketWaiting:
		b.waiting[t.ID] = t
	case protocol.TicketCalled, protocol.TicketServing:
		b.tickets[t.ID] = t
	case protocol.TicketParked:
		b.parked[t.ID] = t
	}
}

// Parked returns the visitors parked at a desk, longest parked first.
func (b *Board) Parked(desk string) []protocol.Ticket {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := []protocol.Ticket{} // never null for the page
	for _, t := range b.parked {
		if t.Desk == desk {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(x, y protocol.Ticket) int { return x.ParkedAt.Compare(*y.ParkedAt) })
	return out
}

// Queue is what the side panel shows for one desk.
type Queue struct {
	Synced      bool              `json:"synced"`
	Waiting     int               `json:"waiting"`
	Next        []protocol.Ticket `json:"next"`         // the next tickets this desk would call
	LongestWait int               `json:"longest_wait"` // seconds the longest-waiting visitor has waited
}

// Queue returns the side panel of desk, held by officer, at now: tickets
// transferred to the desk first, then to the officer, then the shared queue
// by arrival less the priority credit (the hub's order).
func (b *Board) Queue(desk, officer string, now time.Time, max int) Queue {
	b.mu.Lock()
	defer b.mu.Unlock()
	q := Queue{Synced: b.synced, Waiting: b.count}
	var oldest time.Time
	for _, t := range b.waiting {
		if (t.Desk == "" && t.Officer == "") || (desk != "" && t.Desk == desk) || (officer != "" && t.Officer == officer) {
			q.Next = append(q.Next, t)
		}
		if oldest.IsZero() || t.IssuedAt.Before(oldest) {
			oldest = t.IssuedAt
		}
	}
	if !oldest.IsZero() && now.After(oldest) {
		q.LongestWait = int(now.Sub(oldest).Seconds())
	}
	rank := func(t protocol.Ticket) int {
		switch {
		case t.Desk != "":
			return 0
		case t.Officer != "":
			return 1
		}
		return 2
	}
	slices.SortFunc(q.Next, func(x, y protocol.Ticket) int {
		if r := rank(x) - rank(y); r != 0 {
			return r
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
