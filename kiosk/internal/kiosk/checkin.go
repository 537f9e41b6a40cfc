package kiosk

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

var errNotATicket = problem(protocol.CodeBadRequest, "", words.NotAShamilTicket)

// CheckedIn is what the check-in screen shows: the hub's answer and, for
// an appointment (whose visitor gets a new ticket), its receipt's printing.
type CheckedIn struct {
	protocol.CheckedIn
	PrintedTo  string `json:"printed_to,omitempty"`
	PrintError string `json:"print_error,omitempty"`
}

// CheckIn checks in the visitor whose remote ticket's or appointment's QR
// code the scanner read: an address ending /queue/{branch}?ticket=…&code=…
// (docs/queue.md) or /book/{branch}?booking=…&code=…
// (docs/appointments.md). An appointment's visitor gets a receipt, which
// says, like the screen, why one who came later than the grace got an
// ordinary ticket; a remote ticket's has its ticket on the phone.
func (k *Kiosk) CheckIn(ctx context.Context, scanned string) (*CheckedIn, error) {
	u, err := url.Parse(strings.TrimSpace(scanned))
	if err != nil {
		return nil, errNotATicket
	}
	q := u.Query()
	in := protocol.CheckIn{Code: q.Get("code")}
	switch {
	case strings.Contains(u.Path, "/queue/"):
		in.Ticket = q.Get("ticket")
	case strings.Contains(u.Path, "/book/"):
		in.Booking = q.Get("booking")
	}
	if in.Ticket == "" && in.Booking == "" || in.Code == "" {
		return nil, errNotATicket
	}
	k.mu.Lock()
	c, online := k.client, k.online
	k.mu.Unlock()
	if c == nil || !online {
		return nil, offline()
	}
	ctx, cancel := context.WithTimeout(ctx, k.wait)
	defer cancel()
	var out protocol.CheckedIn
	if err := c.Do(ctx, protocol.ReqTicketCheckIn, in, &out); err != nil {
		var hubErr *protocol.Error
		if !errors.As(err, &hubErr) {
			return nil, problem(CodeNoAnswer, "", words.CheckInUnconfirmed)
		}
		return nil, err
	}
	if in.Booking == "" {
		return &CheckedIn{CheckedIn: out}, nil
	}
	t := &Ticket{IssuedTicket: protocol.IssuedTicket{Ticket: out.Ticket, Case: out.Ticket.Case, Ahead: out.Ahead,
		EstimatedWait: out.EstimatedWait}}
	k.print(ctx, t)
	return &CheckedIn{CheckedIn: out, PrintedTo: t.PrintedTo, PrintError: t.PrintError}, nil
}
