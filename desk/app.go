package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/desk/internal/desk"
	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// App is bound to the frontend (window.go.main.App). It only translates:
// the work is in desk/internal/desk. Errors reach the page as the JSON of
// a protocol.Error, so it can show either language.
type App struct {
	log  *slog.Logger
	file desktop.File // the session, between runs
	hub  string       // the hub address offered on the sign-in screen

	mu      sync.Mutex
	station *desk.Station // nil while signed out
}

func newApp(log *slog.Logger, file desktop.File) *App {
	hub := os.Getenv("SHAMIL_HUB")
	if hub == "" {
		hub = "http://127.0.0.1:8080"
	}
	return &App{log: log, file: file, hub: hub}
}

// Start resumes a saved session that has not expired; it returns false
// when the officer must sign in.
func (a *App) Start() (bool, error) {
	a.log.Info("the desk page started")
	var s desk.Session
	ok, err := a.file.Load(&s)
	if err != nil || !ok {
		return false, jsError(err)
	}
	if s.Hub != "" {
		a.hub = s.Hub
	}
	if !s.Valid(time.Now()) {
		return false, nil
	}
	if err := a.connect(s); err != nil {
		if perr := desk.HubError(err); perr != nil && perr.Code == protocol.CodeUnauthenticated {
			return false, jsError(a.forget())
		}
		return false, jsError(err)
	}
	return true, nil
}

// Hub is the hub address for the sign-in form.
func (a *App) Hub() string { return a.hub }

// SignIn signs the officer in, keeps the session and connects.
func (a *App) SignIn(hub, username, password string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := desk.SignIn(ctx, hub, username, password)
	if err != nil {
		return jsError(err)
	}
	if err := a.file.Save(s); err != nil {
		return jsError(err)
	}
	a.hub = s.Hub
	return jsError(a.connect(s))
}

func (a *App) connect(s desk.Session) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	st, err := desk.Connect(ctx, s, a.log)
	if err != nil {
		return err
	}
	// Resume finds the officer's desk on the board, so it waits for the
	// first snapshot (from a slow hub it goes on without: the officer
	// claims the desk again).
	select {
	case <-st.Board.Synced():
	case <-time.After(5 * time.Second):
	}
	st.Resume()
	a.mu.Lock()
	a.station = st
	a.mu.Unlock()
	return nil
}

// SignOut releases nothing on the hub but the session: a desk still open
// stays the officer's until closed.
func (a *App) SignOut() error {
	a.mu.Lock()
	st := a.station
	a.station = nil
	a.mu.Unlock()
	if st == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := desk.SignOut(ctx, st.Session)
	st.Close()
	if forgetErr := a.forget(); err == nil {
		err = forgetErr
	}
	return jsError(err)
}

// forget keeps only the hub's address of the saved session.
func (a *App) forget() error {
	return a.file.Save(desk.Session{Hub: a.hub})
}

func (a *App) current() (*desk.Station, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.station == nil {
		return nil, jsError(words.SignInFirst.Error(protocol.CodeUnauthenticated))
	}
	return a.station, nil
}

// Catalogue is the branch's catalogue, for names and the case form.
func (a *App) Catalogue() (protocol.Catalogue, error) {
	st, err := a.current()
	if err != nil {
		return protocol.Catalogue{}, err
	}
	cat, _, _ := st.Catalogue()
	return cat, nil
}

// View is everything the screen shows, drawn from the hub's state.
type View struct {
	Online  bool              `json:"online"`
	Name    string            `json:"name"`
	Branch  protocol.Branch   `json:"branch"`
	Desk    *protocol.Desk    `json:"desk"`
	Desks   []protocol.Desk   `json:"desks"`
	Ticket  *protocol.Ticket  `json:"ticket"`
	Parked  []protocol.Ticket `json:"parked"`   // visitors parked at this desk
	CaseRev int64             `json:"case_rev"` // changes when the case on screen changes on the hub
	Queue   desk.Queue        `json:"queue"`
	Expires time.Time         `json:"expires"`
	// Catalogue grows when the hub reloaded the catalogue: the page asks
	// for it again (Catalogue).
	Catalogue int `json:"catalogue"`
}

// State is the screen's state now; the page asks for it several times a
// second. shown is the case on screen, the visitor's or one opened from a
// list; empty means the visitor's.
func (a *App) State(shown string) (View, error) {
	st, err := a.current()
	if err != nil {
		return View{}, err
	}
	_, branch, version := st.Catalogue()
	v := View{Online: st.Online(), Name: st.Session.Name, Branch: branch, Expires: st.Session.ExpiresAt, Catalogue: version}
	for _, def := range branch.Desks {
		d, ok := st.Board.Desk(def.ID)
		if !ok {
			d = protocol.Desk{ID: def.ID, State: protocol.DeskClosed}
		}
		v.Desks = append(v.Desks, d)
		if def.ID == st.Desk() {
			v.Desk = &d
		}
	}
	if t, ok := st.Current(); ok {
		v.Ticket = &t
		if shown == "" {
			shown = t.Case
		}
	}
	if shown != "" {
		v.CaseRev = st.Board.CaseRev(shown)
	}
	v.Parked = st.Board.Parked(st.Desk())
	v.Queue = st.Board.Queue(st.Desk(), st.Session.Username, time.Now(), 6)
	return v, nil
}

// run gives an action its time limit and the page its error.
func run[T any](a *App, f func(context.Context, *desk.Station) (T, error)) (T, error) {
	var zero T
	st, err := a.current()
	if err != nil {
		return zero, err
	}
	out, err := f(context.Background(), st)
	return out, jsError(err)
}

// Claim opens a desk for the officer.
func (a *App) Claim(id string) (protocol.Desk, error) {
	return run(a, func(ctx context.Context, st *desk.Station) (protocol.Desk, error) { return st.Claim(ctx, id) })
}

// Pause pauses the desk with a reason.
func (a *App) Pause(reason string) (protocol.Desk, error) {
	return run(a, func(ctx context.Context, st *desk.Station) (protocol.Desk, error) { return st.Pause(ctx, reason) })
}

// Reopen opens the paused desk again.
func (a *App) Reopen() (protocol.Desk, error) {
	return run(a, func(ctx context.Context, st *desk.Station) (protocol.Desk, error) { return st.Reopen(ctx) })
}

// CloseDesk releases the desk.
func (a *App) CloseDesk() (protocol.Desk, error) {
	return run(a, func(ctx context.Context, st *desk.Station) (protocol.Desk, error) { return st.CloseDesk(ctx) })
}

// CallNext calls the next visitor.
func (a *App) CallNext() (protocol.Ticket, error) {
	return run(a, func(ctx context.Context, st *desk.Station) (protocol.Ticket, error) { return st.CallNext(ctx) })
}

// TicketAction is ticket.recall, ticket.serve, ticket.no_show, ticket.park or ticket.complete.
func (a *App) TicketAction(typ string) (protocol.Ticket, error) {
	return run(a, func(ctx context.Context, st *desk.Station) (protocol.Ticket, error) { return st.TicketAction(ctx, typ) })
}

// Transfer sends the visitor to another desk or officer (a username), or
// back to the queue when both are "".
func (a *App) Transfer(toDesk, toOfficer, note string) (protocol.Ticket, error) {
	return run(a, func(ctx context.Context, st *desk.Station) (protocol.Ticket, error) {
		return st.Transfer(ctx, toDesk, toOfficer, note)
	})
}

// OpenCase opens a further case for the visitor being served (another
// service in the same visit).
func (a *App) OpenCase(service, description string) (protocol.ReportedCase, error) {
	return run(a, func(ctx context.Context, st *desk.Station) (protocol.ReportedCase, error) {
		return st.OpenCase(ctx, service, description)
	})
}

// ResumeParked serves a parked visitor again.
func (a *App) ResumeParked(ticket string) (protocol.Ticket, error) {
	return run(a, func(ctx context.Context, st *desk.Station) (protocol.Ticket, error) {
		return st.ResumeParked(ctx, ticket)
	})
}

// Today is the officer's own figures today.
func (a *App) Today() (protocol.OfficerDay, error) {
	return run(a, func(ctx context.Context, st *desk.Station) (protocol.OfficerDay, error) { return st.Today(ctx) })
}

// OpenCases lists the branch's open cases, oldest first, with their time left.
func (a *App) OpenCases() ([]CaseView, error) {
	return run(a, func(ctx context.Context, st *desk.Station) ([]CaseView, error) {
		cases, err := st.OpenCases(ctx)
		return caseViews(st, cases), err
	})
}

// FindCases finds a returning visitor's cases by case or mobile number.
func (a *App) FindCases(query string) ([]CaseView, error) {
	return run(a, func(ctx context.Context, st *desk.Station) ([]CaseView, error) {
		cases, err := st.FindCases(ctx, query)
		return caseViews(st, cases), err
	})
}

// CaseView is a case with its time left against the category's target.
type CaseView struct {
	Case   protocol.Case `json:"case"`
	Target *desk.Target  `json:"target"`
}

func caseView(st *desk.Station, c protocol.Case) CaseView {
	v := CaseView{Case: c}
	cat, branch, _ := st.Catalogue()
	if t, ok := desk.TimeLeft(c, cat, branch, time.Now()); ok {
		v.Target = &t
	}
	return v
}

func caseViews(st *desk.Station, cases []protocol.Case) []CaseView {
	out := make([]CaseView, len(cases))
	for i, c := range cases {
		out[i] = caseView(st, c)
	}
	return out
}

// Case loads a case.
func (a *App) Case(number string) (CaseView, error) {
	return run(a, func(ctx context.Context, st *desk.Station) (CaseView, error) {
		c, err := st.GetCase(ctx, number)
		return caseView(st, c), err
	})
}

// SaveCase records the case form.
func (a *App) SaveCase(f desk.CaseForm) (CaseView, error) {
	return run(a, func(ctx context.Context, st *desk.Station) (CaseView, error) {
		c, err := st.UpdateCase(ctx, f)
		return caseView(st, c), err
	})
}

// CaseAct is a case action: note, respond, request_info, refer, resolve, close.
func (a *App) CaseAct(act desk.CaseAction) (CaseView, error) {
	return run(a, func(ctx context.Context, st *desk.Station) (CaseView, error) {
		c, err := st.Act(ctx, act)
		return caseView(st, c), err
	})
}

// jsError turns err into an error whose text is a protocol.Error's JSON.
func jsError(err error) error {
	if err == nil {
		return nil
	}
	perr := desk.HubError(err)
	if perr == nil {
		perr = words.SomethingWentWrong.Fill(err.Error()).Error(protocol.CodeInternal)
	}
	raw, _ := json.Marshal(perr)
	return errors.New(string(raw))
}
