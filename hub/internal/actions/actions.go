// Package actions is what the hub does for an authenticated principal: it
// checks the role may do it, validates the request against the catalogue,
// and calls the store. The WebSocket sessions and the REST API both go
// through it, so the rules and the authorisation matrix live only here.
package actions

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// Actions carries out requests. It is safe for concurrent use.
type Actions struct {
	store     *store.Store
	cat       *catalogue.Catalogue
	publicURL string
	now       func() time.Time
	log       *slog.Logger
	// Observe, if set, is told of every request carried out (metrics and
	// the request log); set it before the first request.
	Observe func(p auth.Principal, req protocol.Request, took time.Duration, err error)
}

// New returns the actions over a store and a catalogue. publicURL is the
// address citizens reach the hub at (receipts, QR codes).
func New(st *store.Store, cat *catalogue.Catalogue, publicURL string, log *slog.Logger) *Actions {
	return &Actions{store: st, cat: cat, publicURL: strings.TrimRight(publicURL, "/"), now: time.Now, log: log}
}

// operation is one request type: who may send it and what it does.
type operation struct {
	roles []protocol.Role
	run   func(a *Actions, ctx context.Context, p auth.Principal, req protocol.Request) (any, error)
}

var (
	everyone = []protocol.Role{protocol.RoleKiosk, protocol.RoleDisplay, protocol.RoleOfficer, protocol.RoleManager, protocol.RoleAdmin, protocol.RoleDepartment}
	kiosks   = []protocol.Role{protocol.RoleKiosk, protocol.RoleAdmin}
	officers = []protocol.Role{protocol.RoleOfficer, protocol.RoleAdmin}
	staff    = []protocol.Role{protocol.RoleOfficer, protocol.RoleManager, protocol.RoleAdmin}
	// caseWorkers act on cases: the desks, and a department's people on
	// the cases their department holds.
	caseWorkers = []protocol.Role{protocol.RoleOfficer, protocol.RoleDepartment, protocol.RoleAdmin}
	// caseReaders read cases and look them up.
	caseReaders = []protocol.Role{protocol.RoleOfficer, protocol.RoleDepartment, protocol.RoleManager, protocol.RoleAdmin}
	// deciders move cases within the back office.
	deciders = []protocol.Role{protocol.RoleDepartment, protocol.RoleManager, protocol.RoleAdmin}
)

// operations is the authorisation matrix: each request type and the roles
// allowed to send it. docs/protocol.md shows the same table.
var operations map[string]operation

func init() {
	operations = map[string]operation{
		protocol.ReqCatalogue: {everyone, (*Actions).catalogue},
		protocol.ReqQueue:     {everyone, (*Actions).queue},

		protocol.ReqTicketIssue:     {kiosks, (*Actions).issueTicket},
		protocol.ReqTicketCancel:    {officers, ticketStep(store.ActionCancel)},
		protocol.ReqTicketRecall:    {officers, ticketStep(store.ActionRecall)},
		protocol.ReqTicketServe:     {officers, ticketStep(store.ActionServe)},
		protocol.ReqTicketNoShow:    {officers, ticketStep(store.ActionNoShow)},
		protocol.ReqTicketComplete:  {officers, ticketStep(store.ActionComplete)},
		protocol.ReqTicketTransfer:  {officers, (*Actions).transfer},
		protocol.ReqTicketPark:      {officers, ticketStep(store.ActionPark)},
		protocol.ReqTicketResume:    {officers, ticketStep(store.ActionResume)},
		protocol.ReqTicketCheckIn:   {kiosks, (*Actions).checkIn},
		protocol.ReqBookingFollowUp: {officers, (*Actions).followUp},

		protocol.ReqDeskOpen:     {officers, deskStep(store.DeskActionOpen)},
		protocol.ReqDeskPause:    {officers, deskStep(store.DeskActionPause)},
		protocol.ReqDeskClose:    {officers, deskStep(store.DeskActionClose)},
		protocol.ReqDeskCallNext: {officers, (*Actions).callNext},
		protocol.ReqOfficerToday: {officers, (*Actions).officerToday},
	}
	addCaseOperations()
	addOfficeOperations()
}

// Allowed reports whether a role may send a request type.
func Allowed(role protocol.Role, typ string) bool {
	op, ok := operations[typ]
	return ok && slices.Contains(op.roles, role)
}

// requestID limits what a client may use as a request id: it becomes part
// of a Redis key.
var requestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// Execute carries out one request for p. Errors meant for the client are
// *protocol.Error; any other error is the hub's fault.
func (a *Actions) Execute(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	op, ok := operations[req.Type]
	if !ok {
		return nil, words.UnknownRequestType.Fill(req.Type).Error(protocol.CodeUnknownType)
	}
	if !slices.Contains(op.roles, p.Role) {
		return nil, words.RoleMayNotSend.Fill(p.Role, req.Type).Error(protocol.CodeForbidden)
	}
	if req.ID != "" && !requestID.MatchString(req.ID) {
		return nil, words.BadRequestID.FieldError("id")
	}
	start := time.Now()
	out, err := op.run(a, ctx, p, req)
	var pe *protocol.Error
	if err != nil && !errors.As(err, &pe) {
		// Everything an action does besides checking is a store call: an
		// error that is not a rule's is the store out of reach. The client
		// may retry with the same request id.
		a.log.Error("request failed", "type", req.Type, "request_id", req.ID, "principal", p.ID, "error", err)
		err, out = errUnavailable, nil
	}
	if a.Observe != nil {
		a.Observe(p, req, time.Since(start), err)
	}
	return out, err
}

var errUnavailable = words.Unavailable.Error(protocol.CodeUnavailable)

// op is the idempotency identity of a request.
func op(p auth.Principal, req protocol.Request) store.Op {
	return store.Op{Principal: p.ID, RequestID: req.ID}
}

// ValidRequestID reports whether id may be a request id (the REST API's
// Idempotency-Key): 1-64 letters, digits, dots, dashes or underscores.
func ValidRequestID(id string) bool { return requestID.MatchString(id) }

// decode reads a request's data into v strictly: unknown fields and wrong
// types are errors that name the field.
func decode(req protocol.Request, v any) error {
	data := req.Data
	if len(data) == 0 {
		data = []byte("{}")
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	var timeErr *time.ParseError
	switch {
	case errors.As(err, &timeErr):
		field := timeField(v)
		return words.FieldNotDateTime.Fill(field).FieldError(field)
	case errors.As(err, &typeErr):
		return words.FieldWrongType.Fill(typeErr.Field, typeErr.Type).FieldError(typeErr.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return words.UnknownField.Fill(field).FieldError(field)
	default:
		return words.MalformedData.Fill(err.Error()).Error(protocol.CodeBadRequest)
	}
}

// timeField is the JSON name of the date-time field of a request (only
// case.request_info's deadline is one): the field a *time.ParseError is about,
// which encoding/json does not say.
func timeField(v any) string {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		for i := range t.NumField() {
			if f := t.Field(i); f.Type == reflect.TypeOf(time.Time{}) {
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				return name
			}
		}
	}
	return "data"
}

// required refuses an empty field.
func required(field, value string) error {
	if strings.TrimSpace(value) == "" {
		return words.FieldRequired.Fill(field).FieldError(field)
	}
	return nil
}

func (a *Actions) catalogue(_ context.Context, _ auth.Principal, _ protocol.Request) (any, error) {
	return a.cat.Wire(), nil
}

func (a *Actions) queue(ctx context.Context, p auth.Principal, _ protocol.Request) (any, error) {
	return a.Snapshot(ctx, p.Branch)
}

// Snapshot is the live state of a branch.
func (a *Actions) Snapshot(ctx context.Context, branch string) (protocol.Snapshot, error) {
	now := a.now()
	return a.store.Snapshot(ctx, branch, a.cat.Day(branch, now), now)
}

// CanSubscribe reports whether p may watch a branch's live events: its
// own, one a manager or admin oversees, or one a department's person's
// department serves (events carry no private data).
func (a *Actions) CanSubscribe(p auth.Principal, branch string) bool {
	if p.Role == protocol.RoleDepartment && a.cat.Serves(p.Department, branch) {
		return true
	}
	return p.Oversees(branch)
}

// Authenticate turns a device or session token into its principal.
func (a *Actions) Authenticate(ctx context.Context, token string) (auth.Principal, error) {
	p, err := a.store.Authenticate(ctx, token)
	var pe *protocol.Error
	if err != nil && !errors.As(err, &pe) {
		a.log.Error("authenticate", "error", err)
		return auth.Principal{}, errUnavailable
	}
	return p, err
}
