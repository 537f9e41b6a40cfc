package notify

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Options tunes a Dispatcher; zero fields take the defaults.
type Options struct {
	Queue    int           // messages waiting to be sent, all workers together; more are dropped (and recorded). Default 1000.
	Workers  int           // concurrent sends. Default 4.
	Attempts int           // tries per provider. Default 4.
	Backoff  time.Duration // wait before the second try, doubled each time. Default 2s.
	Timeout  time.Duration // per try. Default 10s.
	// Lease is how long a dispatcher's claim on a branch lasts unless
	// renewed (every third of it); another hub replica's dispatcher takes
	// the branch over when it runs out. Default 10s.
	Lease time.Duration
}

// Dispatcher follows every branch's event stream, decides who to tell what,
// and sends on worker goroutines, so a slow provider never holds up the
// queue: events are read from Redis, not pushed by the request path.
type Dispatcher struct {
	id        string // the lease holder's name
	st        *store.Store
	notifiers []Notifier           // tried in order until one delivers
	cat       *catalogue.Catalogue // the branches followed, their days and turn-near rule
	opt       Options
	log       *slog.Logger
	queues    []chan Message // one per worker; a citizen always gets the same one, so their messages keep their order
}

// New returns a Dispatcher over the given providers (tried in order).
func New(st *store.Store, notifiers []Notifier, cat *catalogue.Catalogue, opt Options, log *slog.Logger) *Dispatcher {
	if opt.Queue == 0 {
		opt.Queue = 1000
	}
	if opt.Workers == 0 {
		opt.Workers = 4
	}
	if opt.Attempts == 0 {
		opt.Attempts = 4
	}
	if opt.Backoff == 0 {
		opt.Backoff = 2 * time.Second
	}
	if opt.Timeout == 0 {
		opt.Timeout = 10 * time.Second
	}
	if opt.Lease == 0 {
		opt.Lease = 10 * time.Second
	}
	d := &Dispatcher{id: rand.Text(), st: st, notifiers: notifiers, cat: cat, opt: opt, log: log}
	for range opt.Workers {
		d.queues = append(d.queues, make(chan Message, max(1, opt.Queue/opt.Workers)))
	}
	return d
}

// Run follows the branches and sends until ctx is cancelled.
func (d *Dispatcher) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, queue := range d.queues {
		wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case m := <-queue:
					d.deliver(ctx, m)
				}
			}
		})
	}
	for _, b := range d.cat.Wire().Branches {
		wg.Go(func() { d.follow(ctx, b.ID) })
	}
	wg.Wait()
}

// follow notifies for one branch while this dispatcher holds the branch's
// lease; of several hub replicas, the others wait to take over. At the end
// it gives the lease up, so that another replica goes on at once.
func (d *Dispatcher) follow(ctx context.Context, branch string) {
	retry := d.opt.Lease / 3
	for ctx.Err() == nil {
		held, err := d.st.ClaimNotifier(ctx, branch, d.id, d.opt.Lease)
		if err != nil && ctx.Err() == nil {
			d.log.Warn("notify: claim branch", "branch", branch, "error", err)
		}
		if held {
			d.followHeld(ctx, branch, time.Now())
		}
		sleep(ctx, retry)
	}
	release, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	if err := d.st.ReleaseNotifier(release, branch, d.id); err != nil {
		d.log.Warn("notify: release branch", "branch", branch, "error", err)
	}
}

// followHeld reads the branch's events from the offset stored after the
// last one handled, so a restart or another replica taking over neither
// repeats nor skips a notification (messages still queued at a crash are
// lost: at most once). On its very first run it starts from now rather
// than notifying the whole history. It returns when ctx ends or the lease,
// claimed at claimed, could not be renewed.
func (d *Dispatcher) followHeld(ctx context.Context, branch string, claimed time.Time) {
	after, found, err := d.st.NotifyOffset(ctx, branch)
	var pos protocol.Position
	if err == nil {
		pos, err = d.st.Position(ctx, branch)
	}
	// Beyond the stream's end means the stream started again (lost Redis
	// data): go on from its end rather than wait for offsets long gone.
	if err == nil && (!found || after > pos.Offset) {
		after = pos.Offset
		err = d.st.SetNotifyOffset(ctx, branch, after)
	}
	for ctx.Err() == nil {
		if time.Since(claimed) > d.opt.Lease/3 {
			held, cerr := d.st.ClaimNotifier(ctx, branch, d.id, d.opt.Lease)
			if !held || cerr != nil {
				return
			}
			claimed = time.Now()
		}
		if err != nil {
			d.log.Warn("notify: follow branch", "branch", branch, "error", err)
			sleep(ctx, time.Second)
		}
		// A short read, then a pause when nothing came: a blocking read
		// would hold a connection of the shared pool for every branch this
		// replica follows, and a thousand branches would take them all.
		var evs []protocol.Event
		evs, err = d.st.EventsAfter(ctx, branch, after, 1000)
		if err != nil {
			continue
		}
		if len(evs) == 0 {
			sleep(ctx, min(time.Second, d.opt.Lease/3))
		}
		for _, ev := range evs {
			d.handle(ctx, ev)
			after = ev.Offset
		}
		if len(evs) > 0 {
			err = d.st.SetNotifyOffset(ctx, branch, after)
		}
	}
}

// handle queues the messages an event calls for, if any.
func (d *Dispatcher) handle(ctx context.Context, ev protocol.Event) {
	if ev.Type == protocol.EventTicketCalled && ev.Ticket != nil {
		d.turnsNear(ctx, ev.Branch, d.cat.Day(ev.Branch, ev.At))
	}
	if ev.Type == protocol.EventCaseChanged && ev.Case != nil && ev.Case.Entry == protocol.EntryEscalated {
		d.tellHeads(ctx, ev)
		return
	}
	template, caseNumber, params := decide(ev, d.cat.Location(ev.Branch))
	if template == "" {
		return
	}
	c, err := d.st.Case(ctx, ev.Branch, caseNumber)
	if err != nil {
		d.log.Warn("notify: read case", "case", caseNumber, "error", err)
		return
	}
	if c.Phone == "" {
		return
	}
	d.enqueue(ctx, Message{Branch: ev.Branch, Case: caseNumber, To: c.Phone, Lang: c.Lang, Template: template, Params: params})
}

// turnsNear queues "your turn is near" for the visitors a call brought
// near enough; the store marks them told, so each is told once.
// day is the branch-local day of the call: its remote tickets are the ones
// still to check in.
func (d *Dispatcher) turnsNear(ctx context.Context, branch, day string) {
	near, err := d.st.TurnsNear(ctx, branch, day, d.cat.TurnNearAhead(branch))
	if err != nil {
		d.log.Warn("notify: find turns near", "branch", branch, "error", err)
		return
	}
	for _, n := range near {
		template := TemplateTurnNear
		if n.Remote {
			template = TemplateTurnNearRemote
		}
		d.enqueue(ctx, Message{Branch: branch, Case: n.Case, To: n.Phone, Lang: n.Lang, Template: template,
			Params: []string{n.Number, strconv.Itoa(n.Ahead)}})
	}
}

func (d *Dispatcher) enqueue(ctx context.Context, m Message) {
	select {
	case d.queueOf(m.To) <- m:
	default:
		d.record(ctx, m, "not sent: notification queue full")
	}
}

func (d *Dispatcher) queueOf(phone string) chan Message {
	h := fnv.New32a()
	h.Write([]byte(phone))
	return d.queues[h.Sum32()%uint32(len(d.queues))]
}

// decide maps an event to a template, the case it concerns and the
// template's parameters. "Your turn is near" depends on the queue, not on
// the event alone: see turnsNear.
func decide(ev protocol.Event, loc *time.Location) (template, caseNumber string, params []string) {
	switch {
	case ev.Booking != nil:
		b := ev.Booking
		when := b.Slot.In(loc).Format("2006-01-02 15:04")
		switch ev.Type {
		case protocol.EventBookingBooked:
			return TemplateAppointmentBooked, b.Case, []string{b.ID, when}
		case protocol.EventBookingChanged:
			return TemplateAppointmentChanged, b.Case, []string{b.ID, when}
		case protocol.EventBookingCancelled:
			return TemplateAppointmentCancelled, b.Case, []string{b.ID, when}
		case protocol.EventBookingReminder:
			return TemplateAppointmentReminder, b.Case, []string{b.ID, when}
		}
	case ev.Ticket != nil && ev.Ticket.Case != "":
		t := ev.Ticket
		switch ev.Type {
		case protocol.EventTicketIssued:
			return TemplateTicketIssued, t.Case, []string{t.Number, t.Case}
		case protocol.EventTicketCalled, protocol.EventTicketRecalled:
			return TemplateTicketCalled, t.Case, []string{t.Number, t.Desk}
		}
	case ev.Type == protocol.EventCaseChanged && ev.Case != nil:
		c := ev.Case
		switch c.Entry {
		case protocol.EntryInfoRequest:
			return TemplateInfoRequested, c.Number, []string{c.Number}
		case protocol.EntryResponse:
			return TemplateResponseGiven, c.Number, []string{c.Number}
		case protocol.EntryResolved:
			return TemplateCaseResolved, c.Number, []string{c.Number}
		}
	}
	return "", "", nil
}

// deliver tries each provider with bounded exponential backoff and records
// the outcome on the case's timeline.
func (d *Dispatcher) deliver(ctx context.Context, m Message) {
	var errs []error
	for _, n := range d.notifiers {
		err := d.try(ctx, n, m)
		if err == nil {
			d.record(ctx, m, fmt.Sprintf("%s %s sent to %s", n.Name(), m.Template, protocol.MaskPhone(m.To)))
			return
		}
		if ctx.Err() != nil {
			return
		}
		errs = append(errs, err)
	}
	err := errors.Join(errs...)
	d.log.Warn("notify: not delivered", "case", m.Case, "template", m.Template, "error", err)
	d.record(ctx, m, fmt.Sprintf("%s not sent to %s after %d attempts: %v", m.Template, protocol.MaskPhone(m.To), d.opt.Attempts, err))
}

func (d *Dispatcher) try(ctx context.Context, n Notifier, m Message) error {
	wait := d.opt.Backoff
	var err error
	for attempt := 1; attempt <= d.opt.Attempts; attempt++ {
		tryCtx, cancel := context.WithTimeout(ctx, d.opt.Timeout)
		err = n.Send(tryCtx, m)
		cancel()
		if err == nil || attempt == d.opt.Attempts {
			break
		}
		sleep(ctx, wait)
		wait *= 2
		if ctx.Err() != nil {
			break
		}
	}
	return err
}

func (d *Dispatcher) record(ctx context.Context, m Message, text string) {
	if err := d.st.RecordNotified(ctx, m.Branch, m.Case, text, time.Now()); err != nil {
		d.log.Warn("notify: record", "case", m.Case, "error", err)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
