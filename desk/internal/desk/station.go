package desk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// actionWait bounds one action, reconnects included; pressing the button
// again afterwards retries it with the same id.
const actionWait = 20 * time.Second

// boardWait bounds the wait for an action's event after its reply.
const boardWait = 3 * time.Second

// Station is a signed-in officer connected to the hub, and the desk they hold.
type Station struct {
	Session Session
	Board   *Board

	hub   *client.Client
	retry retryIDs
	log   *slog.Logger

	mu        sync.Mutex
	desk      string // the desk held, "" before claiming
	online    bool
	catalogue protocol.Catalogue
	branch    protocol.Branch // the officer's, from the catalogue
	version   int             // counts the catalogues taken: a reload on the hub adds one
}

// Connect dials the hub with the session, subscribes to the branch and
// loads the catalogue.
func Connect(ctx context.Context, s Session, log *slog.Logger) (*Station, error) {
	if log == nil {
		log = slog.Default()
	}
	st := &Station{Session: s, log: log}
	board := newBoard(15 * time.Minute)
	st.Board = board
	c, err := client.Dial(ctx, client.Config{
		URL: s.WebSocketURL(), Token: s.Token, Branch: s.Branch, Subscribe: true, Logger: log,
		OnSnapshot: board.Reset,
		OnEvent: func(ev protocol.Event) {
			if ev.Type == protocol.EventCatalogueChanged {
				go st.reloadCatalogue() // not on the client's goroutine: Do waits for it
			}
			board.Apply(ev)
		},
		OnState: func(cs client.State) {
			st.mu.Lock()
			st.online = cs == client.StateConnected
			st.mu.Unlock()
		},
	})
	if err != nil {
		return nil, err
	}
	st.hub = c
	st.online = true
	if err := st.loadCatalogue(ctx); err != nil {
		c.Close()
		return nil, err
	}
	return st, nil
}

// loadCatalogue asks for the catalogue and takes the officer's branch from
// it.
func (st *Station) loadCatalogue(ctx context.Context) error {
	var cat protocol.Catalogue
	if err := st.hub.Do(ctx, protocol.ReqCatalogue, nil, &cat); err != nil {
		return fmt.Errorf("load the catalogue: %w", err)
	}
	var branch protocol.Branch
	for _, b := range cat.Branches {
		if b.ID == st.Session.Branch {
			branch = b
		}
	}
	if branch.PriorityCreditMinutes > 0 {
		st.Board.mu.Lock()
		st.Board.credit = time.Duration(branch.PriorityCreditMinutes) * time.Minute
		st.Board.mu.Unlock()
	}
	st.mu.Lock()
	st.catalogue, st.branch = cat, branch
	st.version++
	st.mu.Unlock()
	return nil
}

// reloadCatalogue takes the catalogue the hub reloaded (catalogue.changed).
func (st *Station) reloadCatalogue() {
	ctx, cancel := context.WithTimeout(context.Background(), actionWait)
	defer cancel()
	if err := st.loadCatalogue(ctx); err != nil {
		st.log.Warn("reloaded catalogue", "error", err)
	}
}

// Catalogue is the hub's catalogue, the officer's branch in it, and how
// many catalogues the station has taken (the page asks again when it grows).
func (st *Station) Catalogue() (protocol.Catalogue, protocol.Branch, int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.catalogue, st.branch, st.version
}

// Close disconnects.
func (st *Station) Close() error { return st.hub.Close() }

// Online reports whether the connection to the hub is up.
func (st *Station) Online() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.online
}

// Desk is the desk held, "" before claiming.
func (st *Station) Desk() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.desk
}

// Current returns the desk's ticket (called or serving), if it has one,
// as the hub's events last showed it.
func (st *Station) Current() (protocol.Ticket, bool) {
	desk := st.Desk()
	if desk == "" {
		return protocol.Ticket{}, false
	}
	return st.Board.AtDesk(desk)
}

// do sends an action with its retry id and waits at most actionWait.
func (st *Station) do(ctx context.Context, typ string, data, out any) error {
	ctx, cancel := context.WithTimeout(ctx, actionWait)
	defer cancel()
	err := st.retry.do(ctx, st.hub, typ, data, out)
	if errors.Is(err, context.DeadlineExceeded) {
		return words.NoAnswerYet.Error(protocol.CodeUnavailable)
	}
	return err
}

// Claim opens a desk of the officer's branch for them. A desk held by
// another officer is refused by the hub with that officer's name.
func (st *Station) Claim(ctx context.Context, desk string) (protocol.Desk, error) {
	var d protocol.Desk
	if err := st.do(ctx, protocol.ReqDeskOpen, protocol.DeskRef{Desk: desk}, &d); err != nil {
		return d, err
	}
	st.mu.Lock()
	st.desk = desk
	st.mu.Unlock()
	return d, nil
}

// Resume takes back a desk the hub says this officer already holds (after
// a restart of the app): the hub's state, not the app's memory, decides.
func (st *Station) Resume() (string, bool) {
	_, branch, _ := st.Catalogue()
	for _, def := range branch.Desks {
		if d, ok := st.Board.Desk(def.ID); ok && d.Officer == st.Session.Username && d.State != protocol.DeskClosed {
			st.mu.Lock()
			st.desk = def.ID
			st.mu.Unlock()
			return def.ID, true
		}
	}
	return "", false
}

// Pause pauses the desk with a reason (prayer, break…).
func (st *Station) Pause(ctx context.Context, reason string) (protocol.Desk, error) {
	var d protocol.Desk
	err := st.do(ctx, protocol.ReqDeskPause, protocol.PauseDesk{DeskRef: protocol.DeskRef{Desk: st.Desk()}, Reason: reason}, &d)
	return d, err
}

// Reopen opens the paused desk again.
func (st *Station) Reopen(ctx context.Context) (protocol.Desk, error) {
	var d protocol.Desk
	err := st.do(ctx, protocol.ReqDeskOpen, protocol.DeskRef{Desk: st.Desk()}, &d)
	return d, err
}

// CloseDesk releases the desk.
func (st *Station) CloseDesk(ctx context.Context) (protocol.Desk, error) {
	var d protocol.Desk
	err := st.do(ctx, protocol.ReqDeskClose, protocol.DeskRef{Desk: st.Desk()}, &d)
	if err == nil {
		st.mu.Lock()
		st.desk = ""
		st.mu.Unlock()
	}
	return d, err
}

// CallNext calls the next visitor to the desk.
func (st *Station) CallNext(ctx context.Context) (protocol.Ticket, error) {
	return st.ticketAction(ctx, protocol.ReqDeskCallNext, protocol.DeskRef{Desk: st.Desk()})
}

// TicketAction is recall, serve, no-show, park or complete of the desk's ticket.
func (st *Station) TicketAction(ctx context.Context, typ string) (protocol.Ticket, error) {
	switch typ {
	case protocol.ReqTicketRecall, protocol.ReqTicketServe, protocol.ReqTicketNoShow, protocol.ReqTicketComplete, protocol.ReqTicketPark:
	default:
		return protocol.Ticket{}, protocol.NewError(protocol.CodeUnknownType, words.UnknownAction.En+" "+typ, words.UnknownAction.Ar)
	}
	cur, ok := st.Current()
	if !ok {
		return protocol.Ticket{}, noTicket()
	}
	return st.ticketAction(ctx, typ, protocol.TicketRef{Ticket: cur.ID})
}

// Transfer sends the desk's ticket to another desk, to an officer (a
// username), or back to the queue when both are "", with a note; the
// visitor keeps the number.
func (st *Station) Transfer(ctx context.Context, desk, officer, note string) (protocol.Ticket, error) {
	cur, ok := st.Current()
	if !ok {
		return protocol.Ticket{}, noTicket()
	}
	return st.ticketAction(ctx, protocol.ReqTicketTransfer,
		protocol.TransferTicket{Ticket: cur.ID, Desk: desk, Officer: officer, Note: note})
}

// OpenCase opens a further case for the visitor at the desk: the same
// visit, another service, with its own case number and access code.
func (st *Station) OpenCase(ctx context.Context, service, description string) (protocol.ReportedCase, error) {
	var out protocol.ReportedCase
	cur, ok := st.Current()
	if !ok {
		return out, noTicket()
	}
	if strings.TrimSpace(service) == "" {
		return out, words.ChooseService.FieldError("service")
	}
	err := st.do(ctx, protocol.ReqCaseOpen, protocol.OpenCase{Ticket: cur.ID, Service: service, Description: strings.TrimSpace(description)}, &out)
	return out, err
}

// ResumeParked serves a visitor parked at this desk again.
func (st *Station) ResumeParked(ctx context.Context, ticket string) (protocol.Ticket, error) {
	return st.ticketAction(ctx, protocol.ReqTicketResume, protocol.TicketRef{Ticket: ticket})
}

// Today is the officer's own figures for the day, from the hub.
func (st *Station) Today(ctx context.Context) (protocol.OfficerDay, error) {
	var d protocol.OfficerDay
	err := st.hub.Do(ctx, protocol.ReqOfficerToday, nil, &d)
	return d, err
}

func (st *Station) ticketAction(ctx context.Context, typ string, data any) (protocol.Ticket, error) {
	var t protocol.Ticket
	if err := st.do(ctx, typ, data, &t); err != nil {
		return t, err
	}
	wait, cancel := context.WithTimeout(ctx, boardWait)
	defer cancel()
	st.Board.await(wait, t)
	return t, nil
}

func noTicket() error {
	return words.NoVisitorAtDesk.Error(protocol.CodeInvalidState)
}
