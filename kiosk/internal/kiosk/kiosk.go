// Package kiosk is the entrance kiosk's logic, without a window: its
// settings, the connection to the hub, taking a ticket (with a request id
// that survives a dropped connection) and printing the receipt. The Wails
// app in kiosk/ only hands the page's calls to it.
package kiosk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// answerWait bounds how long a visitor waits for the hub to confirm a
// ticket before the kiosk says so.
const answerWait = 15 * time.Second

// Request is what a visitor chose.
type Request struct {
	Service  string `json:"service"`
	Priority bool   `json:"priority"` // elderly or a disability: the priority lane
	Phone    string `json:"phone"`
	Lang     string `json:"lang"` // the receipt's language: ar or en
}

// Ticket is what the ticket screen shows.
type Ticket struct {
	protocol.IssuedTicket
	PrintedTo  string `json:"printed_to,omitempty"`  // a spool file or "printer Q"
	PrintError string `json:"print_error,omitempty"` // staff see it and reprint
}

// Status is what the page polls to draw its banner and staff screen.
type Status struct {
	Online     bool   `json:"online"`
	Refused    string `json:"refused,omitempty"` // the hub refused the device token for good
	Catalogue  int    `json:"catalogue"`         // changes whenever a new catalogue arrived
	LastTicket string `json:"last_ticket,omitempty"`
	PrintError string `json:"print_error,omitempty"` // the last receipt's, until a reprint works
	PrintedTo  string `json:"printed_to,omitempty"`
	Spool      string `json:"spool,omitempty"` // where receipts go without a printer
}

// Kiosk is one kiosk's connection to its hub. It is safe for concurrent use.
type Kiosk struct {
	settings Settings
	printer  Printer
	log      *slog.Logger
	http     *http.Client
	wait     time.Duration // answerWait; tests shorten it

	mu        sync.Mutex
	client    *client.Client
	online    bool
	refused   error
	catalogue *protocol.Catalogue
	version   int
	unsure    *unsure // a request the hub may have answered unheard
	last      *Ticket // the last ticket, for a reprint
	lastPDF   []byte
}

// unsure is a ticket request whose answer never came: the same request
// again reuses its id, so the hub answers with the ticket it may already
// have issued instead of a second one.
type unsure struct {
	id  string
	req Request
}

// New returns a kiosk that is not yet connected; Run connects it.
func New(s Settings, p Printer, log *slog.Logger) *Kiosk {
	return &Kiosk{settings: s, printer: p, log: log, http: &http.Client{Timeout: 10 * time.Second}, wait: answerWait}
}

// Run connects to the hub and stays connected (the client reconnects by
// itself) until ctx ends or the hub refuses the token.
func (k *Kiosk) Run(ctx context.Context) {
	// Subscribed for the catalogue.changed events of a reload; the queue's
	// own events are ignored.
	c, err := client.Dial(ctx, client.Config{URL: k.settings.WebSocket(), Token: k.settings.Token, Subscribe: true,
		Logger: k.log, OnState: k.setState, OnEvent: k.event})
	if err != nil {
		if ctx.Err() == nil {
			k.log.Error("the hub refused the kiosk", "error", err)
			k.mu.Lock()
			k.refused = err
			k.mu.Unlock()
		}
		return
	}
	k.mu.Lock()
	k.client = c
	k.mu.Unlock()
	k.setState(client.StateConnected) // Dial's own report came before k.client was set
	<-ctx.Done()
	c.Close()
}

// setState follows the connection; each (re)connection fetches the
// catalogue again, so a hub restarted with a new catalogue shows at once.
func (k *Kiosk) setState(s client.State) {
	k.mu.Lock()
	c := k.client
	k.mu.Unlock()
	if c == nil {
		return
	}
	if s != client.StateConnected {
		k.mu.Lock()
		k.online = false
		if s == client.StateClosed {
			k.refused = c.Err()
		}
		k.mu.Unlock()
		return
	}
	go k.fetchCatalogue(c) // not on the client's goroutine: Do waits for it
}

// event fetches the catalogue again when the hub reloaded it.
func (k *Kiosk) event(ev protocol.Event) {
	k.mu.Lock()
	c := k.client
	k.mu.Unlock()
	if ev.Type == protocol.EventCatalogueChanged && c != nil {
		go k.fetchCatalogue(c)
	}
}

// fetchCatalogue asks for the catalogue; the page redraws from a new
// version (Status.Catalogue).
func (k *Kiosk) fetchCatalogue(c *client.Client) {
	ctx, cancel := context.WithTimeout(context.Background(), k.wait)
	defer cancel()
	var cat protocol.Catalogue
	if err := c.Do(ctx, protocol.ReqCatalogue, nil, &cat); err != nil {
		k.log.Warn("fetch the catalogue", "error", err)
		return
	}
	k.mu.Lock()
	k.catalogue, k.online = &cat, true
	k.version++
	k.mu.Unlock()
}

// Status is where the kiosk stands.
func (k *Kiosk) Status() Status {
	k.mu.Lock()
	defer k.mu.Unlock()
	s := Status{Online: k.online, Catalogue: k.version}
	if k.refused != nil && !errors.Is(k.refused, client.ErrClosed) {
		s.Refused = k.refused.Error()
	}
	if k.printer.Queue == "" {
		s.Spool = k.printer.Spool
	}
	if k.last != nil {
		s.LastTicket, s.PrintError, s.PrintedTo = k.last.Ticket.Number, k.last.PrintError, k.last.PrintedTo
	}
	return s
}

// Catalogue is the hub's catalogue; nil before the first connection.
func (k *Kiosk) Catalogue() *protocol.Catalogue {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.catalogue
}

func offline() error {
	return problem(CodeOffline, "", words.HubOffline)
}

// TakeTicket asks the hub for a ticket and prints its receipt. It never
// makes up a number: offline, or without the hub's answer, it returns an
// error and no ticket. A printing failure does not lose the ticket: it is
// kept for Reprint and reported in Ticket.PrintError.
func (k *Kiosk) TakeTicket(ctx context.Context, r Request) (*Ticket, error) {
	phone, err := CheckPhone(r.Phone)
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	c, online := k.client, k.online
	if c == nil || !online {
		k.mu.Unlock()
		return nil, offline()
	}
	if k.unsure == nil || k.unsure.req != r {
		k.unsure = &unsure{id: client.NewID(), req: r}
	}
	id := k.unsure.id
	k.mu.Unlock()

	in := protocol.IssueTicket{Service: r.Service, Phone: phone, Lang: r.Lang}
	if r.Priority {
		in.Lane = protocol.LanePriority
	}
	ctx, cancel := context.WithTimeout(ctx, k.wait)
	defer cancel()
	var issued protocol.IssuedTicket
	err = c.DoID(ctx, id, protocol.ReqTicketIssue, in, &issued)
	var hubErr *protocol.Error
	if err != nil && !errors.As(err, &hubErr) {
		k.log.Warn("no answer to a ticket request; the same tap retries it", "id", id, "error", err)
		return nil, problem(CodeNoAnswer, "", words.TicketUnconfirmed)
	}
	k.mu.Lock()
	if k.unsure != nil && k.unsure.id == id {
		k.unsure = nil // the hub answered: a new tap is a new request
	}
	k.mu.Unlock()
	if err != nil {
		return nil, err
	}
	t := &Ticket{IssuedTicket: issued}
	k.print(ctx, t)
	return t, nil
}

// print prints a new ticket's receipt, notes the outcome on t, and keeps
// it as the last ticket, for a reprint.
func (k *Kiosk) print(ctx context.Context, t *Ticket) {
	pdf, err := k.receipt(ctx, t.Ticket.ID)
	if err == nil {
		t.PrintedTo, err = k.printer.Print(ctx, t.Ticket.ID, pdf)
	}
	if err != nil {
		k.log.Error("receipt not printed", "ticket", t.Ticket.Number, "error", err)
		t.PrintError = err.Error()
	}
	k.mu.Lock()
	k.last, k.lastPDF = t, pdf
	k.mu.Unlock()
}

// Reprint prints the last ticket's receipt again, fetching it again if
// that failed the first time.
func (k *Kiosk) Reprint(ctx context.Context) (*Ticket, error) {
	k.mu.Lock()
	if k.last == nil {
		k.mu.Unlock()
		return nil, problem(CodeNothing, "", words.NoTicketYet)
	}
	t, pdf := *k.last, k.lastPDF
	k.mu.Unlock()
	var err error
	if pdf == nil {
		pdf, err = k.receipt(ctx, t.Ticket.ID)
	}
	if err == nil {
		t.PrintedTo, err = k.printer.Print(ctx, t.Ticket.ID, pdf)
	}
	t.PrintError = ""
	if err != nil {
		t.PrintError = err.Error()
	}
	k.mu.Lock()
	k.last, k.lastPDF = &t, pdf
	k.mu.Unlock()
	return &t, err
}

// receipt fetches a ticket's receipt PDF from the hub.
func (k *Kiosk) receipt(ctx context.Context, ticket string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, k.settings.Hub+"/api/v1/tickets/"+ticket+"/receipt.pdf", nil)
	if err != nil {
		return nil, fmt.Errorf("fetch the receipt: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+k.settings.Token)
	res, err := k.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch the receipt: %w", err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		return nil, fmt.Errorf("fetch the receipt: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch the receipt: status %d: %.200s", res.StatusCode, body)
	}
	return body, nil
}
