// Package eventstest appends events to a branch's stream the way the
// store's scripts do (prelude.lua's emit), so tests of the fan-out need no
// queue operations.
package eventstest

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// appendScript is emit() on its own: INCR the offset, set an epoch if there
// is none, XADD "<offset>-0" with the event's JSON in field e and PUBLISH it
// on the branch's live channel.
var appendScript = redis.NewScript(`
local off = redis.call('INCR', KEYS[1])
redis.call('SET', KEYS[2], ARGV[2], 'NX')
local epoch = redis.call('GET', KEYS[2])
local ev = cjson.decode(ARGV[1])
ev.offset = off
ev.epoch = epoch
local data = cjson.encode(ev)
redis.call('XADD', KEYS[3], off .. '-0', 'e', data)
redis.call('PUBLISH', ARGV[3], data)
return {off, epoch}`)

// Append appends an event of type typ to branch's stream and returns it as
// stored. The epoch of a new history is "epoch-<unix nanoseconds>".
func Append(t testing.TB, rdb redis.UniversalClient, branch, typ string) protocol.Event {
	t.Helper()
	ev, err := AppendErr(context.Background(), rdb, branch, typ)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// AppendErr is Append for goroutines other than the test's own.
func AppendErr(ctx context.Context, rdb redis.UniversalClient, branch, typ string) (protocol.Event, error) {
	ev := newEvent(branch, typ)
	raw, err := json.Marshal(ev)
	if err != nil {
		return ev, err
	}
	tag := "{b:" + branch + "}:"
	res, err := appendScript.Run(ctx, rdb, []string{tag + "offset", tag + "epoch", tag + "events"},
		raw, "epoch-"+strconv.FormatInt(time.Now().UnixNano(), 10), tag+"live").Slice()
	if err != nil {
		return ev, fmt.Errorf("append event to %s: %w", branch, err)
	}
	off, _ := res[0].(int64)
	epoch, _ := res[1].(string)
	ev.Offset, ev.Epoch = off, epoch
	return ev, nil
}

// NewEpoch starts a new history for branch, as the store does when it finds
// its history lost: the next event gets another epoch.
func NewEpoch(t testing.TB, rdb redis.UniversalClient, branch string) {
	t.Helper()
	if err := rdb.Del(context.Background(), "{b:"+branch+"}:epoch").Err(); err != nil {
		t.Fatal(err)
	}
}

// AppendMany appends n events in one pipeline, which is much quicker than n
// round trips on a Redis that fsyncs every write.
func AppendMany(t testing.TB, rdb redis.UniversalClient, branch string, n int) {
	t.Helper()
	ctx := context.Background()
	if err := appendScript.Load(ctx, rdb).Err(); err != nil {
		t.Fatal(err)
	}
	tag := "{b:" + branch + "}:"
	pipe := rdb.Pipeline()
	for range n {
		raw, _ := json.Marshal(newEvent(branch, protocol.EventTicketIssued))
		appendScript.EvalSha(ctx, pipe, []string{tag + "offset", tag + "epoch", tag + "events"},
			raw, "epoch-"+strconv.FormatInt(time.Now().UnixNano(), 10), tag+"live")
	}
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatalf("append %d events to %s: %v", n, branch, err)
	}
}

// newEvent is an event of about 350 bytes, like a real ticket event.
func newEvent(branch, typ string) protocol.Event {
	return protocol.Event{Branch: branch, Type: typ, At: time.Now().UTC().Truncate(time.Millisecond),
		Ticket: &protocol.Ticket{ID: branch + "-20260101-A001", Number: "A-001", Branch: branch, Service: "building-permit",
			Lane: protocol.LaneNormal, State: protocol.TicketWaiting, Case: "QTF-2026-000001", Day: "2026-01-01",
			IssuedAt: time.Now().UTC()}}
}
