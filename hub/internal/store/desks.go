package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

var scriptDesk = register("desk_set")

// DeskAction is what an officer does with a desk: see desk_set.lua.
type DeskAction string

const (
	DeskActionOpen  DeskAction = "open"
	DeskActionPause DeskAction = "pause"
	DeskActionClose DeskAction = "close"
)

// SetDesk opens (claims), pauses or closes (releases) a desk for an officer.
func (s *Store) SetDesk(ctx context.Context, branch, desk string, action DeskAction, officer, officerName, reason string, op Op, now time.Time) (protocol.Desk, error) {
	args := []any{branchTag(branch), branch, desk, string(action), officer, officerName, reason, isoTime(now)}
	args = append(args, idemArgs(branch, op, string(action), desk, reason)...)
	args = append(args, EventsKept)
	v, err := s.run(ctx, scriptDesk, []string{keyOffset(branch)}, args...)
	if err != nil {
		return protocol.Desk{}, fmt.Errorf("%s desk %s: %w", action, desk, err)
	}
	var d protocol.Desk
	if err := json.Unmarshal([]byte(v.(string)), &d); err != nil {
		return protocol.Desk{}, fmt.Errorf("%s desk %s: decode reply: %w", action, desk, err)
	}
	return d, nil
}
