package store

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

var scriptCatalogueChanged = register("catalogue_changed", catalogueChangedArgs{})

// catalogueChangedArgs are catalogue_changed.lua's arguments.
type catalogueChangedArgs struct {
	Branch    string `json:"branch"`
	Version   string `json:"version"`
	At        string `json:"at"`
	MaxEvents int    `json:"max_events"`
}

// catalogueChannel carries a reloaded catalogue file, whole, from the
// replica that reloaded it to every replica (docs/catalogue.md).
const catalogueChannel = "shamil:catalogue"

// keyCatalogueApplied counts the replicas that run a catalogue version.
func keyCatalogueApplied(version string) string { return "catalogue:applied:" + version }

// WaitingServices counts a branch's waiting tickets by service, the shared
// queue's and those transferred to a desk.
func (s *Store) WaitingServices(ctx context.Context, branch string) (map[string]int, error) {
	ids, err := s.rdb.ZRange(ctx, keyWaiting(branch), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("waiting at %s: %w", branch, err)
	}
	desks, err := s.rdb.SMembers(ctx, keyDesks(branch)).Result()
	if err != nil {
		return nil, fmt.Errorf("desks of %s: %w", branch, err)
	}
	for _, d := range desks {
		more, err := s.rdb.ZRange(ctx, keyDeskQueue(branch, d), 0, -1).Result()
		if err != nil {
			return nil, fmt.Errorf("queue of desk %s at %s: %w", d, branch, err)
		}
		ids = append(ids, more...)
	}
	services := make([]*redis.StringCmd, len(ids))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			services[i] = p.HGet(ctx, keyTicket(branch, id), "service")
		}
		return nil
	}); err != nil && !isNil(err) {
		return nil, fmt.Errorf("services waiting at %s: %w", branch, err)
	}
	out := map[string]int{}
	for _, c := range services {
		if svc, err := c.Result(); err == nil {
			out[svc]++
		}
	}
	return out, nil
}

// DeskHeld says who holds a desk (open or paused), or "" when it is closed.
func (s *Store) DeskHeld(ctx context.Context, branch, desk string) (string, error) {
	d, err := s.rdb.HMGet(ctx, keyDesk(branch, desk), "state", "officer").Result()
	if err != nil {
		return "", fmt.Errorf("desk %s at %s: %w", desk, branch, err)
	}
	state, _ := d[0].(string)
	officer, _ := d[1].(string)
	if state == "" || state == "closed" {
		return "", nil
	}
	return officer, nil
}

// DepartmentOpenCases counts the open cases a department holds at a branch.
func (s *Store) DepartmentOpenCases(ctx context.Context, branch, department string) (int64, error) {
	n, err := s.rdb.ZCard(ctx, keyDepartment(branch, department)).Result()
	if err != nil {
		return 0, fmt.Errorf("open cases of %s at %s: %w", department, branch, err)
	}
	return n, nil
}

// PublishCatalogue sends a checked catalogue file to every replica and
// returns how many received it (on a Cluster, those of one node).
func (s *Store) PublishCatalogue(ctx context.Context, file []byte) (int64, error) {
	n, err := s.rdb.Publish(ctx, catalogueChannel, file).Result()
	if err != nil {
		return 0, fmt.Errorf("publish the catalogue: %w", err)
	}
	return n, nil
}

// CatalogueApplied records that one more replica runs version, and returns
// how many do.
func (s *Store) CatalogueApplied(ctx context.Context, version string) (int64, error) {
	var n *redis.IntCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		n = p.Incr(ctx, keyCatalogueApplied(version))
		p.Expire(ctx, keyCatalogueApplied(version), time.Hour)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("catalogue %s applied: %w", version, err)
	}
	return n.Val(), nil
}

// CatalogueAppliedBy returns how many replicas run version.
func (s *Store) CatalogueAppliedBy(ctx context.Context, version string) (int64, error) {
	n, err := s.rdb.Get(ctx, keyCatalogueApplied(version)).Int64()
	if isNil(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("catalogue %s applied: %w", version, err)
	}
	return n, nil
}

// CatalogueChanged appends a catalogue.changed event, naming version, to
// the branch's stream.
func (s *Store) CatalogueChanged(ctx context.Context, branch, version string, now time.Time) error {
	args := catalogueChangedArgs{Branch: branch, Version: version, At: isoTime(now), MaxEvents: EventsKept}
	if _, err := s.call(ctx, scriptCatalogueChanged, eventKeys(branch), args); err != nil {
		return fmt.Errorf("catalogue changed at %s: %w", branch, err)
	}
	return nil
}

// WatchCatalogue calls each with every catalogue file a replica publishes,
// as WatchRevocations does with revocations.
func (s *Store) WatchCatalogue(ctx context.Context, each func(file []byte)) (wait func(), err error) {
	return s.watch(ctx, catalogueChannel, func(payload string) { each([]byte(payload)) })
}
