package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

var scriptReconcile = register("branch_reconcile", reconcileArgs{})

// reconcileArgs are branch_reconcile.lua's arguments.
type reconcileArgs struct {
	Year  string `json:"year"`
	Epoch string `json:"epoch"` // used only if the branch has none
}

// Reconcile raises a branch's counters to at least what its stored tickets,
// cases and events show, and gives it an epoch if it has none. The hub runs
// it for every branch at start-up; it is safe to run at any time.
func (s *Store) Reconcile(ctx context.Context, branch, day, year string) error {
	epoch := make([]byte, 8)
	rand.Read(epoch)
	// Not waiting for replicas (SetReplicaWait): nothing is acknowledged
	// here, and a hub starting while its replicas still sync must start.
	keys := scriptKeys{"offset": keyOffset(branch), "epoch": keyEpoch(branch), "events": keyEvents(branch),
		"seq": keyDaySeq(branch, day), "tickets": keyDayTickets(branch, day), "caseseq": keyCaseSeq(branch, year),
		"cases": keyCases(branch)}
	list, arg, err := scriptReconcile.encode(keys, reconcileArgs{Year: year, Epoch: hex.EncodeToString(epoch)})
	if err == nil {
		err = scriptReconcile.lua.Run(ctx, s.rdb, list, arg).Err()
	}
	if err != nil {
		return fmt.Errorf("reconcile %s: %w", branch, err)
	}
	return nil
}
