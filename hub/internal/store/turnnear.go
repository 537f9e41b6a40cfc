package store

import (
	"context"
	"encoding/json"
	"fmt"
)

var scriptTurnNear = register("turn_near", turnNearArgs{})

// turnNearArgs are turn_near.lua's arguments.
type turnNearArgs struct {
	Within int `json:"within"`
}

// TurnNear is a visitor to tell that their turn is near.
type TurnNear struct {
	Ticket string `json:"ticket"` // the ticket's id
	Number string `json:"number"`
	Case   string `json:"case"`
	Phone  string `json:"phone"` // the case's
	Lang   string `json:"lang"`  // the case's
	Ahead  int    `json:"ahead"`
	Remote bool   `json:"remote"` // taken online and not checked in yet: the visitor may not be at the branch
}

// TurnsNear finds the tickets with a phone, never called, that now have at
// most within people ahead (as Ahead and RemoteAhead count them; remote
// tickets of the local day given), and marks each told, atomically: a
// ticket is returned once, whichever hub replica asks.
func (s *Store) TurnsNear(ctx context.Context, branch, day string, within int) ([]TurnNear, error) {
	keys := scriptKeys{"waiting": keyWaiting(branch), "desks": keyDesks(branch),
		"turn_near": keyTurnNearRemote(branch, day)}
	v, err := s.call(ctx, scriptTurnNear, keys, turnNearArgs{Within: within})
	if err != nil {
		return nil, fmt.Errorf("find turns near in %s: %w", branch, err)
	}
	var out []TurnNear
	if err := json.Unmarshal([]byte(v.(string)), &out); err != nil {
		return nil, fmt.Errorf("find turns near in %s: decode reply: %w", branch, err)
	}
	return out, nil
}
