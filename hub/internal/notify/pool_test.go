package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/notify"
)

// The dispatcher follows each branch it holds without parking a blocking
// read on the shared connection pool: with a thousand branches, blocked
// reads would take every pooled connection (issue #13). Redis's CLIENT LIST
// marks a client blocked in a command with the flag "b"; none may appear
// while the dispatcher waits for events, and it still sends what comes.
func TestDispatcherHoldsNoBlockedConnection(t *testing.T) {
	h := hubtest.Start(t)
	graph, url := newProvider(t, 200)
	run(t, h, &notify.WhatsApp{APIURL: url, PhoneID: "1234", Token: "tok"})
	rdb := h.Redis.Client()
	ctx := context.Background()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		clients, err := rdb.ClientList(ctx).Result()
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.SplitSeq(clients, "\n") {
			for field := range strings.FieldsSeq(line) {
				if flags, ok := strings.CutPrefix(field, "flags="); ok && strings.Contains(flags, "b") {
					t.Fatalf("a client is blocked in a command: %s", line)
				}
			}
		}
		time.Sleep(50 * time.Millisecond) // watching for 3 s on purpose: nothing may block meanwhile
	}
	ticket := issue(t, h, "en")
	notified(t, h, ticket.Case, 1)
	if len(graph.sent()) != 1 {
		t.Fatalf("sent %d messages, want the ticket's one", len(graph.sent()))
	}
}
