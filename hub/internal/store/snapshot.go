package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

var scriptSnapshot = register("queue_snapshot", snapshotArgs{})

// snapshotArgs are queue_snapshot.lua's arguments.
type snapshotArgs struct {
	RecentMax  int `json:"recent_max"`
	WaitingMax int `json:"waiting_max"`
}

// SnapshotWaiting is how many waiting tickets a snapshot lists; the count of
// all of them is given apart. A screen needs the next few, not a long tail.
const SnapshotWaiting = 100

// Snapshot reads the live state of a branch and the stream position it
// matches, atomically: applying the events after Position to it gives the
// state at any later point.
func (s *Store) Snapshot(ctx context.Context, branch, day string, now time.Time) (protocol.Snapshot, error) {
	keys := scriptKeys{"offset": keyOffset(branch), "epoch": keyEpoch(branch), "waiting": keyWaiting(branch),
		"desks": keyDesks(branch), "recent": keyRecent(branch)}
	v, err := s.call(ctx, scriptSnapshot, keys, snapshotArgs{RecentMax: RecentCalls, WaitingMax: SnapshotWaiting})
	if err != nil {
		return protocol.Snapshot{}, fmt.Errorf("snapshot %s: %w", branch, err)
	}
	parts := strings.SplitN(v.(string), "\n", 6)
	if len(parts) != 6 {
		return protocol.Snapshot{}, fmt.Errorf("snapshot %s: malformed reply", branch)
	}
	snap := protocol.Snapshot{Branch: branch, Day: day, At: now.UTC()}
	for i, dst := range []any{&snap.Position, &snap.WaitingCount, &snap.Waiting, &snap.Desks, &snap.Recent, &snap.Parked} {
		if err := json.Unmarshal([]byte(parts[i]), dst); err != nil {
			return protocol.Snapshot{}, fmt.Errorf("snapshot %s: decode part %d: %w", branch, i, err)
		}
	}
	slices.SortFunc(snap.Parked, func(a, b protocol.Ticket) int { return a.ParkedAt.Compare(*b.ParkedAt) })
	return snap, nil
}
