// Package wstest runs a real /ws endpoint for tests: a redis-server, the
// event broker, ws.Server on an httptest server, and a small Handler whose
// requests exercise the session rather than the business rules. Its Arabic
// refusals are test fixtures, not the hub's words (those are in hub/words).
package wstest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/events"
	"github.com/shamil-municipal/shamil/hub/internal/events/eventstest"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/internal/ws"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Branch is the branch every test principal belongs to.
const Branch = "qtf"

// Tokens of the test principals.
const (
	KioskToken    = "kiosk-token"    // kiosk k1 of Branch
	OfficerToken  = "officer-token"  // officer sara of Branch
	OutsiderToken = "outsider-token" // officer of another branch
)

// Request types the test Handler knows.
const (
	ReqEcho      = "test.echo"        // replies with its data
	ReqCount     = "test.count"       // counts, remembering the reply per request id as the store does
	ReqBlock     = "test.block"       // like count, but waits until Release is closed
	ReqFail      = "test.fail"        // a not_found error
	ReqBreak     = "test.break"       // a non-protocol error
	ReqStoreDown = "test.unavailable" // an unavailable error
)

// Handler implements ws.Handler for tests.
type Handler struct {
	store *store.Store
	// Release is closed to let ReqBlock requests finish.
	Release chan struct{}
	// Started receives the id of each ReqBlock request as it starts.
	Started chan string

	mu      sync.Mutex
	count   int
	replies map[string]any // principal/request id → reply
}

var principals = map[string]auth.Principal{
	KioskToken:    {ID: "k1", Role: protocol.RoleKiosk, Branch: Branch},
	OfficerToken:  {ID: "sara", Name: "Sara", Role: protocol.RoleOfficer, Branch: Branch},
	OutsiderToken: {ID: "omar", Name: "Omar", Role: protocol.RoleOfficer, Branch: "dmm"},
}

// Authenticate knows the three test tokens.
func (h *Handler) Authenticate(_ context.Context, token string) (auth.Principal, error) {
	p, ok := principals[token]
	if !ok {
		return p, protocol.NewError(protocol.CodeUnauthenticated, "Unknown token", "رمز غير معروف")
	}
	return p, nil
}

// CanSubscribe allows a principal its own branch.
func (h *Handler) CanSubscribe(p auth.Principal, branch string) bool { return p.Branch == branch }

// Execute runs the test request types.
func (h *Handler) Execute(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	switch req.Type {
	case ReqEcho:
		return req.Data, nil
	case ReqCount, ReqBlock:
		h.mu.Lock()
		if r, ok := h.replies[p.ID+"/"+req.ID]; ok {
			h.mu.Unlock()
			return r, nil
		}
		h.mu.Unlock()
		if req.Type == ReqBlock {
			h.Started <- req.ID
			select {
			case <-h.Release:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		h.count++
		h.replies[p.ID+"/"+req.ID] = h.count
		return h.count, nil
	case ReqFail:
		return nil, &protocol.Error{Code: protocol.CodeNotFound, Message: "No such ticket", MessageAr: "لا توجد تذكرة بهذا الرقم", Field: "ticket"}
	case ReqBreak:
		return nil, errors.New("the test handler broke")
	case ReqStoreDown:
		return nil, protocol.NewError(protocol.CodeUnavailable, "Store down", "قاعدة البيانات متوقفة")
	}
	return nil, protocol.NewError(protocol.CodeUnknownType, "Unknown request type "+req.Type, "نوع طلب غير معروف")
}

// Count is how many counting requests were carried out.
func (h *Handler) Count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.count
}

// Snapshot is an empty branch at the stream's current position.
func (h *Handler) Snapshot(ctx context.Context, branch string) (protocol.Snapshot, error) {
	pos, err := h.store.Position(ctx, branch)
	if err != nil {
		return protocol.Snapshot{}, err
	}
	return protocol.Snapshot{Branch: branch, Position: pos, At: time.Now().UTC(), Waiting: []protocol.Ticket{}, Desks: []protocol.Desk{}}, nil
}

// Hub is a running /ws endpoint.
type Hub struct {
	Redis   *redistest.Server
	RDB     *redis.Client
	Handler *Handler
	Server  *ws.Server
	HTTP    *httptest.Server
	URL     string // ws://127.0.0.1:port/ws
}

// Start runs a hub for the test, stopped at its end. opts.Logger defaults
// to one that discards.
func Start(t testing.TB, opts ws.Options) *Hub {
	t.Helper()
	srv := redistest.Start(t)
	rdb := srv.Client()
	st := store.New(rdb)
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	broker := events.NewBroker(st, 0, opts.Logger)
	t.Cleanup(broker.Close)
	h := &Handler{store: st, Release: make(chan struct{}), Started: make(chan string, 16), replies: map[string]any{}}
	wss := ws.NewServer(h, broker, opts)
	httpSrv := httptest.NewServer(wss)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		wss.Shutdown(ctx)
		httpSrv.Close()
	})
	return &Hub{Redis: srv, RDB: rdb, Handler: h, Server: wss, HTTP: httpSrv,
		URL: "ws" + strings.TrimPrefix(httpSrv.URL, "http") + "/ws"}
}

// Append appends an event to Branch's stream.
func (h *Hub) Append(t testing.TB, typ string) protocol.Event {
	t.Helper()
	return eventstest.Append(t, h.RDB, Branch, typ)
}

// AuthFrame is the first message a client sends.
func AuthFrame(id, token string, subscribe bool, resume *protocol.Position) []byte {
	data, _ := json.Marshal(protocol.AuthRequest{Token: token, Version: protocol.Version, Subscribe: subscribe, Resume: resume})
	frame, _ := json.Marshal(protocol.Request{ID: id, Type: protocol.ReqAuth, Data: data})
	return frame
}
