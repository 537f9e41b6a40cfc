package ws

import (
	"context"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// maxSnapshotAge bounds the reuse of a branch's snapshot even when no event
// has changed it since: a snapshot also carries the branch's date and the
// time it was taken.
const maxSnapshotAge = time.Second

// snapshots shares one encoded snapshot of a branch among the subscribers
// that need one at about the same moment. After a hub restart every display
// of a branch reconnects at once; building and encoding the same snapshot
// for each would cost thousands of Redis round trips and a burst of garbage.
type snapshots struct {
	handler Handler

	mu       sync.Mutex
	byBranch map[string]*sharedSnapshot
}

type sharedSnapshot struct {
	mu    sync.Mutex // held while one subscriber builds it; the others wait for it
	msg   []byte     // the encoded snapshot message; nil until built
	pos   protocol.Position
	built time.Time
}

func newSnapshots(h Handler) *snapshots {
	return &snapshots{handler: h, byBranch: map[string]*sharedSnapshot{}}
}

// get returns branch's snapshot message and its position, which is at or
// after from: a subscriber held since from then misses nothing.
func (s *snapshots) get(ctx context.Context, branch string, from protocol.Position) ([]byte, protocol.Position, error) {
	s.mu.Lock()
	sh := s.byBranch[branch]
	if sh == nil {
		sh = &sharedSnapshot{}
		s.byBranch[branch] = sh
	}
	s.mu.Unlock()

	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.msg != nil && time.Since(sh.built) < maxSnapshotAge && covers(sh.pos, from) {
		return sh.msg, sh.pos, nil
	}
	snap, err := s.handler.Snapshot(ctx, branch)
	if err != nil {
		return nil, protocol.Position{}, err
	}
	sh.msg = marshal(protocol.Message{Type: protocol.TypeSnapshot, Snapshot: &snap})
	sh.pos, sh.built = snap.Position, time.Now()
	return sh.msg, sh.pos, nil
}

// covers reports whether a snapshot at pos includes everything up to from.
func covers(pos, from protocol.Position) bool {
	if from == (protocol.Position{}) {
		return true // the branch had no event yet
	}
	return pos.Epoch == from.Epoch && pos.Offset >= from.Offset
}
