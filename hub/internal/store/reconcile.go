package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

var scriptReconcile = register("branch_reconcile", nil)

// Reconcile raises a branch's counters to at least what its stored tickets,
// cases and events show, and gives it an epoch if it has none. The hub runs
// it for every branch at start-up; it is safe to run at any time.
func (s *Store) Reconcile(ctx context.Context, branch, day, year string) error {
	epoch := make([]byte, 8)
	rand.Read(epoch)
	// Not waiting for replicas (SetReplicaWait): nothing is acknowledged
	// here, and a hub starting while its replicas still sync must start.
	err := scriptReconcile.lua.Run(ctx, s.rdb, []string{keyOffset(branch)},
		branchTag(branch), day, year, hex.EncodeToString(epoch)).Err()
	if err != nil {
		return fmt.Errorf("reconcile %s: %w", branch, err)
	}
	return nil
}
