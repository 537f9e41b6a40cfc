// Package api is the hub's REST API (docs/api.md): the same requests as the
// WebSocket protocol, with the same authorisation and rules, for
// integrations and scripts. Each route turns an HTTP request into a
// protocol.Request and hands it to the actions.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/guess"
	"github.com/shamil-municipal/shamil/hub/internal/httpx"
	"github.com/shamil-municipal/shamil/hub/internal/receipt"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// maxBody is the largest request body accepted.
const maxBody = 64 << 10

// requestTimeout bounds the work for one request.
const requestTimeout = 10 * time.Second

// API serves /api/v1/.
type API struct {
	actions  *actions.Actions
	receipts *receipt.Renderer
	log      *slog.Logger
}

// New returns the REST API handler.
func New(a *actions.Actions, receipts *receipt.Renderer, log *slog.Logger) http.Handler {
	api := &API{actions: a, receipts: receipts, log: log}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/sessions", api.signIn)
	mux.HandleFunc("DELETE /api/v1/sessions", api.signOut)
	mux.HandleFunc("GET /api/v1/tickets/{ticket}/receipt.pdf", api.receipt)

	mux.Handle("GET /api/v1/catalogue", api.request(protocol.ReqCatalogue, nil))
	mux.Handle("GET /api/v1/branches/{branch}/queue", api.request(protocol.ReqQueue, nil))
	mux.Handle("POST /api/v1/branches/{branch}/tickets", api.request(protocol.ReqTicketIssue, nil))
	for action, typ := range map[string]string{
		"open": protocol.ReqDeskOpen, "pause": protocol.ReqDeskPause,
		"close": protocol.ReqDeskClose, "call-next": protocol.ReqDeskCallNext,
	} {
		mux.Handle("POST /api/v1/branches/{branch}/desks/{desk}/"+action, api.request(typ, []string{"desk"}))
	}
	for action, typ := range map[string]string{
		"recall": protocol.ReqTicketRecall, "serve": protocol.ReqTicketServe,
		"no-show": protocol.ReqTicketNoShow, "complete": protocol.ReqTicketComplete,
		"cancel": protocol.ReqTicketCancel, "transfer": protocol.ReqTicketTransfer,
		"park": protocol.ReqTicketPark, "resume": protocol.ReqTicketResume,
		"follow-up": protocol.ReqBookingFollowUp, "cases": protocol.ReqCaseOpen,
	} {
		mux.Handle("POST /api/v1/branches/{branch}/tickets/{ticket}/"+action, api.request(typ, []string{"ticket"}))
	}
	mux.Handle("GET /api/v1/branches/{branch}/cases/{case}", api.request(protocol.ReqCaseGet, []string{"case"}))
	for action, typ := range map[string]string{
		"update": protocol.ReqCaseUpdate, "note": protocol.ReqCaseNote, "respond": protocol.ReqCaseRespond,
		"request-info": protocol.ReqCaseRequest, "refer": protocol.ReqCaseRefer,
		"resolve": protocol.ReqCaseResolve, "close": protocol.ReqCaseClose, "reopen": protocol.ReqCaseReopen,
		"assign": protocol.ReqCaseAssign, "unassign": protocol.ReqCaseUnassign, "return": protocol.ReqCaseReturn,
	} {
		mux.Handle("POST /api/v1/branches/{branch}/cases/{case}/"+action, api.request(typ, []string{"case"}))
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteError(w, words.NoRoute.Fill(r.Method, r.URL.Path).Error(protocol.CodeNotFound))
	})
	return mux
}

// request serves one request type: it authenticates the caller, checks the
// branch in the path, merges the path's fields into the JSON body and
// executes it. The Idempotency-Key header is the request id.
func (api *API) request(typ string, pathFields []string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
		defer cancel()
		p, err := api.principal(ctx, r)
		if err != nil {
			httpx.WriteError(w, err)
			return
		}
		if b := r.PathValue("branch"); b != "" && b != p.Branch {
			httpx.WriteError(w, words.OwnBranchOnly.Error(protocol.CodeForbidden))
			return
		}
		data, err := body(w, r, pathFields)
		if err != nil {
			httpx.WriteError(w, err)
			return
		}
		req := protocol.Request{ID: r.Header.Get("Idempotency-Key"), Type: typ, Data: data}
		if req.ID != "" && !actions.ValidRequestID(req.ID) {
			httpx.WriteError(w, words.BadIdempotency.FieldError("Idempotency-Key"))
			return
		}
		out, err := api.actions.Execute(ctx, p, req)
		if err != nil {
			httpx.WriteError(w, err)
			return
		}
		status := http.StatusOK
		if typ == protocol.ReqTicketIssue {
			status = http.StatusCreated
		}
		httpx.WriteJSON(w, status, out)
	})
}

// principal authenticates "Authorization: Bearer <token>".
func (api *API) principal(ctx context.Context, r *http.Request) (auth.Principal, error) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return auth.Principal{}, words.NoBearer.Error(protocol.CodeUnauthenticated)
	}
	return api.actions.Authenticate(ctx, token)
}

// body reads the JSON object of a request (empty means {}) and sets the
// fields named in the path.
func body(w http.ResponseWriter, r *http.Request, pathFields []string) (json.RawMessage, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, words.BodyTooLarge.Error(protocol.CodeTooLarge)
	}
	if err != nil {
		return nil, words.UnreadableBody.Error(protocol.CodeBadRequest)
	}
	fields := map[string]json.RawMessage{}
	if len(strings.TrimSpace(string(raw))) > 0 {
		if err := json.Unmarshal(raw, &fields); err != nil {
			return nil, words.BodyNotObject.Fill(err.Error()).Error(protocol.CodeBadRequest)
		}
	}
	for _, f := range pathFields {
		v, _ := json.Marshal(r.PathValue(f))
		fields[f] = v
	}
	data, err := json.Marshal(fields)
	return data, err
}

func (api *API) signIn(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil || json.Unmarshal(raw, &in) != nil || in.Username == "" || in.Password == "" {
		httpx.WriteError(w, words.SignInFields.Error(protocol.CodeBadRequest))
		return
	}
	token, p, err := api.actions.SignIn(r.Context(), in.Username, in.Password, guess.ClientAddr(r))
	if err != nil {
		api.storeFailed(w, "sign in", err)
		return
	}
	region := p.Region
	if region == nil {
		region = []string{}
	}
	out := map[string]any{
		"token": token, "expires_at": time.Now().Add(actions.SessionLifetime).UTC(),
		"username": p.ID, "name": p.Name, "role": p.Role, "branch": p.Branch, "region": region,
	}
	if p.Role == protocol.RoleDepartment {
		out["department"], out["head"] = p.Department, p.Head
	}
	httpx.WriteJSON(w, http.StatusCreated, out)
}

// storeFailed answers err; one that is not a protocol error (the store out
// of reach, or refusing a command) is logged first, as the client reads only
// "unavailable".
func (api *API) storeFailed(w http.ResponseWriter, what string, err error) {
	if !errors.As(err, new(*protocol.Error)) {
		api.log.Error(what, "error", err)
	}
	httpx.WriteError(w, err)
}

func (api *API) signOut(w http.ResponseWriter, r *http.Request) {
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if err := api.actions.SignOut(r.Context(), token); err != nil {
		api.storeFailed(w, "sign out", err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
