package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

var scriptDesk = register("desk_set", deskArgs{})

// deskArgs are desk_set.lua's arguments.
type deskArgs struct {
	Branch      string `json:"branch"`
	Desk        string `json:"desk"`
	Action      string `json:"action"`
	Officer     string `json:"officer"`
	OfficerName string `json:"officer_name"`
	Reason      string `json:"reason"`
	Now         string `json:"now"`
	idem
	MaxEvents int `json:"max_events"`
}

// DeskAction is what an officer does with a desk: see desk_set.lua.
type DeskAction string

const (
	DeskActionOpen  DeskAction = "open"
	DeskActionPause DeskAction = "pause"
	DeskActionClose DeskAction = "close"
)

// SetDesk opens (claims), pauses or closes (releases) a desk for an officer.
func (s *Store) SetDesk(ctx context.Context, branch, desk string, action DeskAction, officer, officerName, reason string, op Op, now time.Time) (protocol.Desk, error) {
	keys := eventKeys(branch).with(scriptKeys{"idem": op.key(branch), "desk": keyDesk(branch, desk),
		"parked": keyParked(branch, desk)})
	v, err := s.call(ctx, scriptDesk, keys, deskArgs{Branch: branch, Desk: desk, Action: string(action),
		Officer: officer, OfficerName: officerName, Reason: reason, Now: isoTime(now),
		idem: idemOf(op, string(action), desk, reason), MaxEvents: EventsKept})
	if err != nil {
		return protocol.Desk{}, fmt.Errorf("%s desk %s: %w", action, desk, s.nameHolder(ctx, branch, desk, err))
	}
	var d protocol.Desk
	if err := json.Unmarshal([]byte(v.(string)), &d); err != nil {
		return protocol.Desk{}, fmt.Errorf("%s desk %s: decode reply: %w", action, desk, err)
	}
	return d, nil
}

// nameHolder adds to a desk_taken error who holds the desk, so the officer
// who was refused knows whom to ask. Read after the refusal: if the holder
// has just left, the error says only that the desk was taken.
func (s *Store) nameHolder(ctx context.Context, branch, desk string, err error) error {
	var pe *protocol.Error
	if !errors.As(err, &pe) || pe.Code != protocol.CodeDeskTaken {
		return err
	}
	name, rerr := s.rdb.HGet(ctx, keyDesk(branch, desk), "officer_name").Result()
	if rerr != nil || name == "" {
		return err
	}
	held := words.DeskHeldBy.Fill(desk, name).Error(pe.Code)
	held.Holder = name
	return held
}

// OpenDesks counts the branch's desks that are open now.
func (s *Store) OpenDesks(ctx context.Context, branch string) (int, error) {
	ids, err := s.rdb.SMembers(ctx, keyDesks(branch)).Result()
	if err != nil {
		return 0, fmt.Errorf("list desks of %s: %w", branch, err)
	}
	pipe := s.rdb.Pipeline()
	states := make([]*redis.StringCmd, len(ids))
	for i, id := range ids {
		states[i] = pipe.HGet(ctx, keyDesk(branch, id), "state")
	}
	if _, err := pipe.Exec(ctx); err != nil && !isNil(err) {
		return 0, fmt.Errorf("read desks of %s: %w", branch, err)
	}
	open := 0
	for _, st := range states {
		if st.Val() == string(protocol.DeskOpen) {
			open++
		}
	}
	return open, nil
}
