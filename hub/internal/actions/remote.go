package actions

import (
	"context"
	"errors"
	"net/url"
	"regexp"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// RemoteRequest is a ticket taken on the /queue page: always the normal
// lane, always with a mobile number (the per-number limit stops hoarding).
type RemoteRequest struct {
	Branch, Service, Phone, Lang string
	// RequestID makes a resubmitted form return the same ticket.
	RequestID string
}

// RemoteTicket is what the citizen who took a remote ticket sees.
type RemoteTicket struct {
	Ticket        protocol.Ticket `json:"ticket"`
	Ahead         int             `json:"ahead"`          // people called before this ticket, as things stand
	EstimatedWait int             `json:"estimated_wait"` // seconds
	// NearAhead: with this many people ahead or fewer, the turn is near
	// (the branch's turn_near_ahead); the page then says so.
	NearAhead int `json:"near_ahead"`
	// Expired is a remote ticket of a past day that was never checked in.
	Expired bool `json:"expired,omitempty"`
}

// TakenTicket is a new remote ticket and what proves it is the citizen's.
type TakenTicket struct {
	RemoteTicket
	Case       string `json:"case"`
	AccessCode string `json:"access_code"`
	CheckInURL string `json:"check_in_url"` // the text of the QR code the kiosk scans
	TrackURL   string `json:"track_url"`
}

var errNoSuchTicket = words.NoSuchTicket.Error(protocol.CodeNotFound)

var errRemoteOff = words.RemoteOff.Error(protocol.CodeForbidden)

// TakeRemoteTicket gives a citizen today's next normal-lane number without
// joining the queue yet (docs/queue.md, "Virtual queue").
func (a *Actions) TakeRemoteTicket(ctx context.Context, r RemoteRequest) (TakenTicket, error) {
	branch, ok := a.cat.Branch(r.Branch)
	if !ok {
		return TakenTicket{}, words.UnknownBranch.Fill(r.Branch).ErrorOn(protocol.CodeNotFound, "branch")
	}
	limit := a.cat.RemoteTicketsPerPhone(branch.ID)
	if limit == 0 {
		return TakenTicket{}, errRemoteOff
	}
	if err := required("service", r.Service); err != nil {
		return TakenTicket{}, err
	}
	service, ok := a.cat.Service(r.Service)
	if !ok {
		return TakenTicket{}, words.UnknownService.Fill(r.Service).ErrorOn(protocol.CodeNotFound, "service")
	}
	if err := required("phone", r.Phone); err != nil {
		return TakenTicket{}, err
	}
	phone, err := normalizePhone(r.Phone)
	if err != nil {
		return TakenTicket{}, err
	}
	lang, err := checkLang(r.Lang)
	if err != nil {
		return TakenTicket{}, err
	}
	now := a.now()
	day := a.cat.Day(branch.ID, now)
	out, err := a.store.IssueTicket(ctx, store.Issue{
		Branch: branch.ID, Service: service.Code, Category: service.Category, Lane: protocol.LaneNormal,
		Phone: phone, Lang: lang, Channel: "online", CasePrefix: branch.CasePrefix,
		AccessCode: auth.NewAccessCode(), Day: day, Year: day[:4], Now: now, Actor: "citizen",
		Op:     store.Op{Principal: "remote:" + phone, RequestID: r.RequestID},
		Remote: true, RemoteLimit: limit,
	})
	if err != nil {
		return TakenTicket{}, err
	}
	return TakenTicket{
		RemoteTicket: RemoteTicket{Ticket: out.Ticket, Ahead: out.Ahead, EstimatedWait: estimateWait(out.Ahead, out.OpenDesks),
			NearAhead: a.cat.TurnNearAhead(branch.ID)},
		Case: out.Case, AccessCode: out.AccessCode,
		CheckInURL: a.CheckInURL(branch.ID, out.Ticket.ID, out.AccessCode),
		TrackURL:   a.TrackURL(out.Case, out.AccessCode),
	}, nil
}

// CheckInURL is the address in a remote ticket's QR code: opened on a phone
// it shows the ticket; scanned at the kiosk it checks the visitor in.
func (a *Actions) CheckInURL(branch, ticket, code string) string {
	return a.publicURL + "/queue/" + url.PathEscape(branch) + "?" + url.Values{"ticket": {ticket}, "code": {code}}.Encode()
}

// RemoteStatus is where a remote ticket stands, for whoever holds its
// access code.
func (a *Actions) RemoteStatus(ctx context.Context, id, code string) (RemoteTicket, error) {
	branch, t, err := a.remoteTicket(ctx, id, code)
	if err != nil {
		return RemoteTicket{}, err
	}
	out := RemoteTicket{Ticket: t, NearAhead: a.cat.TurnNearAhead(branch)}
	switch t.State {
	case protocol.TicketRemote:
		if t.Day != a.cat.Day(branch, a.now()) {
			out.Expired = true
			return out, nil
		}
		out.Ahead, err = a.store.RemoteAhead(ctx, branch, t.ID)
	case protocol.TicketWaiting:
		out.Ahead, err = a.store.Ahead(ctx, branch, t)
	case protocol.TicketExpired:
		out.Expired = true
		return out, nil
	default:
		return out, nil
	}
	if err != nil {
		return RemoteTicket{}, err
	}
	open, err := a.store.OpenDesks(ctx, branch)
	if err != nil {
		return RemoteTicket{}, err
	}
	out.EstimatedWait = estimateWait(out.Ahead, open)
	return out, nil
}

// CancelRemote cancels a ticket not yet called, at the request of whoever
// holds its access code.
func (a *Actions) CancelRemote(ctx context.Context, id, code string) (protocol.Ticket, error) {
	branch, t, err := a.remoteTicket(ctx, id, code)
	if err != nil {
		return protocol.Ticket{}, err
	}
	return a.store.ActOnTicket(ctx, branch, t.ID, store.ActionCancel, "citizen", store.Recalls{}, store.Op{}, a.now())
}

// ticketID is <branch>-<yyyymmdd>-<10 random base32 letters> (store.ticketID).
var ticketID = regexp.MustCompile(`^([a-z0-9-]{1,32})-\d{8}-[a-z2-7]{10}$`)

// remoteTicket reads a ticket whose case's access code is code. Every
// failure, whatever its cause, gets the same answer.
func (a *Actions) remoteTicket(ctx context.Context, id, code string) (string, protocol.Ticket, error) {
	m := ticketID.FindStringSubmatch(id)
	if m == nil {
		return "", protocol.Ticket{}, errNoSuchTicket
	}
	if _, ok := a.cat.Branch(m[1]); !ok {
		return "", protocol.Ticket{}, errNoSuchTicket
	}
	t, err := a.store.Ticket(ctx, m[1], id)
	if err != nil {
		var pe *protocol.Error
		if errors.As(err, &pe) {
			return "", protocol.Ticket{}, errNoSuchTicket
		}
		return "", protocol.Ticket{}, err
	}
	if _, err := a.PublicCase(ctx, t.Case, code); err != nil {
		if errors.Is(err, errNoSuchCase) {
			return "", protocol.Ticket{}, errNoSuchTicket
		}
		return "", protocol.Ticket{}, err
	}
	return m[1], t, nil
}

// checkIn puts the kiosk's visitor's remote ticket into the queue.
func (a *Actions) checkIn(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.CheckIn
	if err := decode(req, &in); err != nil {
		return nil, err
	}
	if in.Booking != "" {
		return a.checkInBooking(ctx, p, in)
	}
	branch, t, err := a.remoteTicket(ctx, in.Ticket, in.Code)
	if err != nil {
		return nil, err
	}
	if branch != p.Branch {
		return nil, words.TicketOtherBranch.Error(protocol.CodeForbidden)
	}
	now := a.now()
	out, err := a.store.CheckIn(ctx, branch, t.ID, a.cat.Day(branch, now), p.ID, now)
	if err != nil {
		return nil, err
	}
	return protocol.CheckedIn{Ticket: out.Ticket, Ahead: out.Ahead, EstimatedWait: estimateWait(out.Ahead, out.OpenDesks)}, nil
}
