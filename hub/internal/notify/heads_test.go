package notify_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/escalate"
	"github.com/shamil-municipal/shamil/hub/internal/notify"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// phoneBook is a provider that records who was sent which template.
type phoneBook struct {
	mu   sync.Mutex
	sent []notify.Message
}

func (p *phoneBook) Name() string { return "sms" }

func (p *phoneBook) Send(_ context.Context, m notify.Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent = append(p.sent, m)
	return nil
}

func (p *phoneBook) to(phone, template string) []notify.Message {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []notify.Message
	for _, m := range p.sent {
		if m.To == phone && m.Template == template {
			out = append(out, m)
		}
	}
	return out
}

// waitFor polls until ok holds, for up to 10 s.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// An overdue case tells the department's heads who have a mobile number,
// once per case, target and head, with two hub replicas escalating and
// notifying at once, and again when a notifier re-reads the events after
// taking a branch over. The clock is the test's: the case is overdue for
// its first response after 4 working hours and for its resolution after 48.
func TestOverdueTellsTheHeadOnce(t *testing.T) {
	ctx := context.Background()
	cat, err := catalogue.Load("../../catalogues/qatif.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(redistest.Start(t).Client())
	if err := st.LoadScripts(ctx); err != nil {
		t.Fatal(err)
	}
	const khalid, omar = "+966551112233", "+966554445566"
	for _, u := range []struct {
		name, mobile string
		head         bool
	}{{"khalid", khalid, true}, {"hamad", "", true}, {"omar", omar, false}} {
		if _, _, err := hubtest.AddDepartmentUser(ctx, st, "qatif", "roads", u.head, u.mobile, u.name, u.name); err != nil {
			t.Fatal(err)
		}
	}
	// Sunday 29 November 2026, 08:00 in Riyadh.
	opened := time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC)
	r, err := st.OpenCase(ctx, store.Report{Branch: "qatif", Service: "road-defect", Category: "report",
		Channel: "online", Description: "A deep pothole", Phone: "+966501234567", CasePrefix: "QTF", Year: "2026",
		AccessCode: "7KQ2M-XD9PA", Now: opened, Actor: "citizen", Department: "roads"})
	if err != nil {
		t.Fatal(err)
	}
	before, err := st.Position(ctx, "qatif")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range cat.Wire().Branches {
		pos, err := st.Position(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetNotifyOffset(ctx, b.ID, pos.Offset); err != nil {
			t.Fatal(err)
		}
	}

	phones := &phoneBook{}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	start := func() (stop func()) {
		ctx, cancel := context.WithCancel(ctx)
		d := notify.New(st, []notify.Notifier{phones}, cat, notify.Options{Attempts: 1, Lease: 300 * time.Millisecond}, log)
		done := make(chan struct{})
		go func() { d.Run(ctx); close(done) }()
		stop = sync.OnceFunc(func() { cancel(); <-done })
		t.Cleanup(stop)
		return stop
	}
	stopA, stopB := start(), start()

	sweep := func(at time.Time) {
		t.Helper()
		var wg sync.WaitGroup
		for range 2 {
			e := &escalate.Escalator{Store: st, Cat: cat, Log: log}
			wg.Go(func() {
				if _, err := e.Sweep(ctx, at); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	sweep(opened.Add(3 * time.Hour)) // due soon: nobody told
	sweep(opened.Add(5 * time.Hour))
	waitFor(t, "the head told of the first response", func() bool { return len(phones.to(khalid, notify.TemplateCaseOverdue)) == 1 })
	m := phones.to(khalid, notify.TemplateCaseOverdue)[0]
	if m.Case != r.Case || m.Lang != "ar" || !slices.Equal(m.Params, []string{r.Case, "إدارة الطرق", "الرد الأول"}) {
		t.Fatalf("the head's message: %+v", m)
	}
	sweep(time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)) // past 48 working hours
	waitFor(t, "the head told of the resolution", func() bool { return len(phones.to(khalid, notify.TemplateCaseOverdue)) == 2 })

	// A notifier that takes the branch over and reads the escalations
	// again tells nobody twice: the next message it sends (a response to
	// the citizen) comes after it has handled them.
	stopA()
	stopB()
	if err := st.SetNotifyOffset(ctx, "qatif", before.Offset); err != nil {
		t.Fatal(err)
	}
	start()
	if _, err := st.Respond(ctx, "qatif", r.Case, store.By{Actor: "omar", Now: time.Date(2026, 12, 7, 12, 5, 0, 0, time.UTC), Within: "roads"}, "Scheduled for Tuesday"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the response sent to the citizen", func() bool {
		return len(phones.to("+966501234567", notify.TemplateResponseGiven)) == 1
	})
	if got := phones.to(khalid, notify.TemplateCaseOverdue); len(got) != 2 || got[0].Params[2] == got[1].Params[2] {
		t.Fatalf("the head was sent %+v, want one message per target", got)
	}
	if got := phones.to(omar, notify.TemplateCaseOverdue); len(got) != 0 {
		t.Fatalf("a member who is not head was told: %+v", got)
	}
	c, err := st.Case(ctx, "qatif", r.Case)
	if err != nil {
		t.Fatal(err)
	}
	told := 0
	for _, e := range c.Timeline {
		if e.Kind == store.EntryNotified && !e.Public && e.Actor == "notifier" && slices.Contains(strings.Fields(e.Text), notify.TemplateCaseOverdue) {
			told++
		}
	}
	if told != 2 {
		t.Fatalf("%d head notices on the case's timeline, want 2: %+v", told, c.Timeline)
	}
}
