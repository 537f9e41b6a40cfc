package ws

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// snapshotCounter is a Handler whose snapshots stand at pos; it counts them.
type snapshotCounter struct {
	Handler
	built atomic.Int32
	pos   atomic.Pointer[protocol.Position]
}

func (h *snapshotCounter) Snapshot(_ context.Context, branch string) (protocol.Snapshot, error) {
	h.built.Add(1)
	return protocol.Snapshot{Branch: branch, Position: *h.pos.Load()}, nil
}

func TestSubscribersShareASnapshot(t *testing.T) {
	h := &snapshotCounter{}
	h.pos.Store(&protocol.Position{Epoch: "e1", Offset: 5})
	s := newSnapshots(h)
	ctx := context.Background()

	// A reconnecting hall: many subscribers at once, one snapshot.
	var wg sync.WaitGroup
	msgs := make([][]byte, 50)
	for i := range msgs {
		wg.Go(func() {
			msg, pos, err := s.get(ctx, "qatif", protocol.Position{Epoch: "e1", Offset: 5})
			if err != nil || pos.Offset != 5 {
				t.Errorf("get = %v, %v", pos, err)
			}
			msgs[i] = msg
		})
	}
	wg.Wait()
	if n := h.built.Load(); n != 1 {
		t.Fatalf("%d snapshots built for 50 subscribers at one position, want 1", n)
	}
	for _, m := range msgs[1:] {
		if &m[0] != &msgs[0][0] {
			t.Fatal("subscribers got separate copies of the shared snapshot")
		}
	}

	for _, tc := range []struct {
		name  string
		from  protocol.Position
		built int32
	}{
		{"an earlier position is covered", protocol.Position{Epoch: "e1", Offset: 3}, 1},
		{"a branch without events is covered", protocol.Position{}, 1},
		{"a later position needs a new one", protocol.Position{Epoch: "e1", Offset: 6}, 2},
		{"another history needs a new one", protocol.Position{Epoch: "e2", Offset: 1}, 3},
	} {
		if tc.from.Offset == 6 {
			h.pos.Store(&protocol.Position{Epoch: "e1", Offset: 6})
		}
		if tc.from.Epoch == "e2" {
			h.pos.Store(&protocol.Position{Epoch: "e2", Offset: 1})
		}
		if _, _, err := s.get(ctx, "qatif", tc.from); err != nil {
			t.Fatal(err)
		}
		if n := h.built.Load(); n != tc.built {
			t.Errorf("%s: %d snapshots built so far, want %d", tc.name, n, tc.built)
		}
	}
	if _, _, err := s.get(ctx, "dammam", protocol.Position{}); err != nil || h.built.Load() != 4 {
		t.Errorf("another branch shared qatif's snapshot (%d built, %v)", h.built.Load(), err)
	}
}
