package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// RecentCalls is how many of the latest calls a branch remembers for the
// hall display.
const RecentCalls = 20

var (
	scriptIssue    = register("ticket_issue", issueArgs{})
	scriptCallNext = register("desk_call_next", callNextArgs{})
	scriptTicket   = register("ticket_act", ticketActArgs{})
	scriptTransfer = register("ticket_transfer", transferArgs{})
)

// LaneLetters are the letters that start ticket numbers, one per lane, so a
// visitor can tell a priority ticket from its number (docs/queue.md).
var LaneLetters = map[protocol.Lane]string{
	protocol.LaneNormal:      "A",
	protocol.LanePriority:    "P",
	protocol.LaneAppointment: "R",
}

// Op identifies one request for idempotency: the principal who sent it and
// the request id it chose. A zero Op is not remembered.
type Op struct {
	Principal string
	RequestID string
}

// key is where the reply to the request is kept. A script declares it
// even for a zero Op (it is then never read or written): every key of a
// script is passed, under the branch's tag.
func (o Op) key(branch string) string {
	return keyIdem(branch, o.Principal+":"+o.RequestID)
}

// fingerprint tells a retry of a request from another request that reuses
// its id. Times are left out: a retry is sent later.
func fingerprint(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:8])
}

// idem are the idempotency fields of a changing script's arguments; the
// script's key "idem" is Op.key. A request without an id has no
// fingerprint and is not remembered.
type idem struct {
	Fingerprint string `json:"fingerprint"`
	WindowMS    int64  `json:"idem_ms"`
}

func idemOf(op Op, parts ...string) idem {
	if op.RequestID == "" {
		return idem{}
	}
	return idem{Fingerprint: fingerprint(parts...), WindowMS: IdempotencyWindow.Milliseconds()}
}

func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// Issue is what a new ticket needs. The caller has checked the service and
// lane against the catalogue.
type Issue struct {
	Branch     string
	Service    string
	Category   string
	Lane       protocol.Lane
	Phone      string // E.164, or empty
	Lang       string
	Channel    string // walk_in, online, …
	CasePrefix string
	AccessCode string
	// PriorityCredit is how much earlier than its arrival a ticket of a
	// priority or appointment lane counts (docs/queue.md).
	PriorityCredit time.Duration
	Day            string // branch-local date, YYYY-MM-DD
	Year           string // branch-local year, for the case number
	Now            time.Time
	Actor          string
	Op             Op
	// Remote tickets are taken online: numbered now, queued at check-in
	// (ticket_checkin.lua). RemoteLimit is how many active remote tickets
	// the Phone may hold at the branch that day.
	Remote      bool
	RemoteLimit int
}

// issueArgs are ticket_issue.lua's arguments.
type issueArgs struct {
	Branch     string `json:"branch"`
	Day        string `json:"day"`
	Letter     string `json:"letter"`
	Service    string `json:"service"`
	Lane       string `json:"lane"`
	Score      int64  `json:"score"`
	NowMS      int64  `json:"now_ms"`
	Now        string `json:"now"`
	CasePrefix string `json:"case_prefix"`
	Category   string `json:"category"`
	Phone      string `json:"phone"`
	Lang       string `json:"lang"`
	Access     string `json:"access"`
	Channel    string `json:"channel"`
	Actor      string `json:"actor"`
	idem
	MaxEvents   int    `json:"max_events"`
	Remote      bool   `json:"remote"`
	RemoteLimit int    `json:"remote_limit"`
	ID          string `json:"id"`
	TicketFloor int    `json:"ticket_floor"`
	CaseFloor   int    `json:"case_floor"`
	OffsetFloor int64  `json:"offset_floor"`
}

// Issued is a new ticket and the number of desks open when it was issued,
// for the wait estimate.
type Issued struct {
	protocol.IssuedTicket
	OpenDesks int `json:"open_desks"`
}

// IssueTicket gives a visitor the next number of their lane today and opens
// the case the visit is about.
func (s *Store) IssueTicket(ctx context.Context, in Issue) (Issued, error) {
	letter, ok := LaneLetters[in.Lane]
	if !ok {
		return Issued{}, fmt.Errorf("issue ticket: unknown lane %q", in.Lane)
	}
	score := in.Now.UnixMilli()
	if in.Lane != protocol.LaneNormal {
		score -= in.PriorityCredit.Milliseconds()
	}
	fl := s.marks.floorsOf(in.Branch, in.Day, letter, in.Year)
	id := ticketID(in.Branch, in.Day)
	b := in.Branch
	keys := eventKeys(b).with(newCaseKeys(b, in.Year, in.Phone)).with(scriptKeys{
		"idem": in.Op.key(b), "ticket": keyTicket(b, id), "seq": keyDaySeq(b, in.Day),
		"tickets": keyDayTickets(b, in.Day), "remote": keyRemoteTickets(b, in.Day, in.Phone),
		"turn_near": keyTurnNearRemote(b, in.Day)})
	v, err := s.call(ctx, scriptIssue, keys, issueArgs{
		Branch: b, Day: in.Day, Letter: letter, Service: in.Service, Lane: string(in.Lane),
		Score: score, NowMS: ms(in.Now), Now: isoTime(in.Now), CasePrefix: in.CasePrefix + "-" + in.Year + "-",
		Category: in.Category, Phone: in.Phone, Lang: in.Lang, Access: in.AccessCode, Channel: in.Channel,
		Actor: in.Actor, idem: idemOf(in.Op, "issue", in.Service, string(in.Lane), in.Phone, in.Lang, flag(in.Remote)),
		MaxEvents: EventsKept, Remote: in.Remote, RemoteLimit: in.RemoteLimit, ID: id,
		TicketFloor: fl.ticket, CaseFloor: fl.cases, OffsetFloor: fl.offset,
	})
	if err != nil {
		return Issued{}, fmt.Errorf("issue ticket: %w", err)
	}
	var out Issued
	if err := json.Unmarshal([]byte(v.(string)), &out); err != nil {
		return Issued{}, fmt.Errorf("issue ticket: decode reply: %w", err)
	}
	s.marks.sawIssued(in.Branch, in.Day, out.Ticket.Number, out.Case)
	return out, nil
}

// ticketID names a new ticket before its number is known: the branch, the
// local day and ten base32 letters. Were it named by its number, a counter
// that went back in a failover would write a new ticket over an old one.
// The first eight letters come from idClock, so tickets given the same score
// (the same millisecond) sort, and are called, in the order they were
// issued by this hub; the last two are random, so two hubs issuing in the
// same microsecond do not collide.
func ticketID(branch, day string) string {
	const alphabet = "234567abcdefghijklmnopqrstuvwxyz" // in byte order, so ids sort by time
	var b [10]byte
	t := idClock.next()
	for i := 7; i >= 0; i-- {
		b[i] = alphabet[t%32]
		t /= 32
	}
	copy(b[8:], strings.ToLower(rand.Text()[:2]))
	return branch + "-" + strings.ReplaceAll(day, "-", "") + "-" + string(b[:])
}

// idClock counts microseconds of the wall clock (not a branch's or a test's
// clock: it only orders ids), never giving the same value twice.
var idClock monotonic

type monotonic struct {
	mu   sync.Mutex
	last uint64
}

func (m *monotonic) next() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.last = max(m.last+1, uint64(time.Now().UnixMicro()))
	return m.last
}

// callNextArgs are desk_call_next.lua's arguments.
type callNextArgs struct {
	Branch  string `json:"branch"`
	Desk    string `json:"desk"`
	Officer string `json:"officer"`
	Now     string `json:"now"`
	NowMS   int64  `json:"now_ms"`
	idem
	MaxEvents int `json:"max_events"`
	RecentMax int `json:"recent_max"`
}

// CallNext gives the desk the best waiting ticket (docs/queue.md).
func (s *Store) CallNext(ctx context.Context, branch, desk, officer string, op Op, now time.Time) (protocol.Ticket, error) {
	keys := eventKeys(branch).with(scriptKeys{"idem": op.key(branch), "desk": keyDesk(branch, desk),
		"desk_queue": keyDeskQueue(branch, desk), "officer_queue": keyDeskQueue(branch, "@"+officer),
		"recent": keyRecent(branch)})
	return s.ticketReply(ctx, "call next", scriptCallNext, keys, callNextArgs{
		Branch: branch, Desk: desk, Officer: officer, Now: isoTime(now), NowMS: ms(now),
		idem: idemOf(op, "call_next", desk), MaxEvents: EventsKept, RecentMax: RecentCalls})
}

// TicketAction is one step in a visit: see ticket_act.lua.
type TicketAction string

const (
	ActionRecall   TicketAction = "recall"
	ActionServe    TicketAction = "serve"
	ActionNoShow   TicketAction = "no_show"
	ActionComplete TicketAction = "complete"
	ActionCancel   TicketAction = "cancel"
	ActionPark     TicketAction = "park"
	ActionResume   TicketAction = "resume"
)

// Recalls are the rules for calling a visitor again.
type Recalls struct {
	Delay       time.Duration // a recall waits this long after the last call
	NoShowAfter int           // calls a visitor must have had before a no-show
}

// ticketActArgs are ticket_act.lua's arguments.
type ticketActArgs struct {
	Branch        string `json:"branch"`
	ID            string `json:"id"`
	Action        string `json:"action"`
	Actor         string `json:"actor"`
	Now           string `json:"now"`
	NowMS         int64  `json:"now_ms"`
	MinCalls      int    `json:"min_calls"`
	RecallDelayMS int64  `json:"recall_delay_ms"`
	idem
	MaxEvents int `json:"max_events"`
	RecentMax int `json:"recent_max"`
}

// ActOnTicket moves a ticket one step. Apart from cancel, only the officer
// holding the ticket's desk may act; recalls and no-shows follow rules.
func (s *Store) ActOnTicket(ctx context.Context, branch, ticket string, action TicketAction, actor string, rules Recalls, op Op, now time.Time) (protocol.Ticket, error) {
	keys := eventKeys(branch).with(scriptKeys{"idem": op.key(branch), "ticket": keyTicket(branch, ticket),
		"recent": keyRecent(branch)})
	return s.ticketReply(ctx, string(action)+" "+ticket, scriptTicket, keys, ticketActArgs{
		Branch: branch, ID: ticket, Action: string(action), Actor: actor, Now: isoTime(now), NowMS: ms(now),
		MinCalls: rules.NoShowAfter, RecallDelayMS: rules.Delay.Milliseconds(),
		idem: idemOf(op, string(action), ticket), MaxEvents: EventsKept, RecentMax: RecentCalls})
}

// transferArgs are ticket_transfer.lua's arguments.
type transferArgs struct {
	Branch    string `json:"branch"`
	ID        string `json:"id"`
	ToDesk    string `json:"to_desk"`
	ToOfficer string `json:"to_officer"`
	Note      string `json:"note"`
	Actor     string `json:"actor"`
	Now       string `json:"now"`
	idem
	MaxEvents int `json:"max_events"`
}

// Transfer sends the officer's ticket back to the shared queue (toDesk and
// toOfficer empty), to another desk or to another officer, keeping its
// number and its place.
func (s *Store) Transfer(ctx context.Context, branch, ticket, toDesk, toOfficer, note, officer string, op Op, now time.Time) (protocol.Ticket, error) {
	queue := toDesk
	if toOfficer != "" {
		queue = "@" + toOfficer
	}
	keys := eventKeys(branch).with(scriptKeys{"idem": op.key(branch), "ticket": keyTicket(branch, ticket),
		"to_queue": keyDeskQueue(branch, queue)})
	return s.ticketReply(ctx, "transfer "+ticket, scriptTransfer, keys, transferArgs{
		Branch: branch, ID: ticket, ToDesk: toDesk, ToOfficer: toOfficer, Note: note, Actor: officer,
		Now: isoTime(now), idem: idemOf(op, "transfer", ticket, toDesk, toOfficer, note), MaxEvents: EventsKept})
}

func (s *Store) ticketReply(ctx context.Context, what string, sc *script, keys scriptKeys, args any) (protocol.Ticket, error) {
	v, err := s.call(ctx, sc, keys, args)
	if err != nil {
		return protocol.Ticket{}, fmt.Errorf("%s: %w", what, err)
	}
	var t protocol.Ticket
	if err := json.Unmarshal([]byte(v.(string)), &t); err != nil {
		return protocol.Ticket{}, fmt.Errorf("%s: decode reply: %w", what, err)
	}
	return t, nil
}

// Ticket reads one ticket.
func (s *Store) Ticket(ctx context.Context, branch, id string) (protocol.Ticket, error) {
	m, err := s.rdb.HGetAll(ctx, keyTicket(branch, id)).Result()
	if err != nil {
		return protocol.Ticket{}, fmt.Errorf("read ticket %s: %w", id, err)
	}
	if len(m) == 0 {
		return protocol.Ticket{}, &protocol.Error{Code: protocol.CodeNotFound, Message: words.Reasons["unknown_ticket"].En, MessageAr: words.Reasons["unknown_ticket"].Ar}
	}
	return ticketFromHash(m), nil
}

func ticketFromHash(m map[string]string) protocol.Ticket {
	t := protocol.Ticket{
		ID: m["id"], Number: m["number"], Branch: m["branch"], Service: m["service"],
		Lane: protocol.Lane(m["lane"]), State: protocol.TicketState(m["state"]), Case: m["case"],
		Day: m["day"], Desk: m["desk"], Officer: m["officer"], Note: m["note"],
		Booking: m["booking"], BookedNotes: m["booked_notes"],
	}
	t.Calls, _ = strconv.Atoi(m["calls"])
	t.IssuedAt, _ = time.Parse(time.RFC3339Nano, m["issued_at"])
	t.CalledAt = optTime(m["called_at"])
	t.ServedAt = optTime(m["served_at"])
	t.ParkedAt = optTime(m["parked_at"])
	t.EndedAt = optTime(m["ended_at"])
	t.BookedSlot = optTime(m["booked_slot"])
	return t
}

func optTime(s string) *time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil
	}
	return &t
}

// Officer returns the display name of a user who is an officer of the
// branch; ok is false for anyone else.
func (s *Store) Officer(ctx context.Context, branch, username string) (name string, ok bool, err error) {
	v, err := s.rdb.HMGet(ctx, keyUser(username), "branch", "role", "name").Result()
	if err != nil {
		return "", false, fmt.Errorf("read user %s: %w", username, err)
	}
	b, _ := v[0].(string)
	role, _ := v[1].(string)
	name, _ = v[2].(string)
	return name, b == branch && protocol.Role(role) == protocol.RoleOfficer, nil
}

// Ahead counts the people who will be called before a waiting ticket, as
// things stand; zero for a ticket no longer waiting.
func (s *Store) Ahead(ctx context.Context, branch string, t protocol.Ticket) (int, error) {
	if t.State != protocol.TicketWaiting {
		return 0, nil
	}
	if t.Desk != "" || t.Officer != "" {
		queue := t.Desk
		if t.Officer != "" {
			queue = "@" + t.Officer
		}
		n, err := s.rdb.ZRank(ctx, keyDeskQueue(branch, queue), t.ID).Result()
		if err != nil && !isNil(err) {
			return 0, fmt.Errorf("rank ticket %s: %w", t.ID, err)
		}
		return int(n), nil
	}
	desks, err := s.rdb.SMembers(ctx, keyDesks(branch)).Result()
	if err != nil {
		return 0, fmt.Errorf("list desks of %s: %w", branch, err)
	}
	pipe := s.rdb.Pipeline()
	rank := pipe.ZRank(ctx, keyWaiting(branch), t.ID)
	sizes := make([]*redis.IntCmd, len(desks))
	for i, d := range desks {
		sizes[i] = pipe.ZCard(ctx, keyDeskQueue(branch, d))
	}
	if _, err := pipe.Exec(ctx); err != nil && !isNil(err) {
		return 0, fmt.Errorf("rank ticket %s: %w", t.ID, err)
	}
	n := int(rank.Val())
	for _, size := range sizes {
		n += int(size.Val())
	}
	return n, nil
}
