package escalate

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Sunday 29 November 2026, 08:00 in Riyadh: Qatif opens 07:30-14:30, Sunday
// to Thursday. A road report's targets are 4 and 48 working hours.
var opened = time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC)

func setup(t *testing.T) (*store.Store, *catalogue.Catalogue, string) {
	t.Helper()
	cat, err := catalogue.Load("../../catalogues/qatif.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(redistest.Start(t).Client())
	r, err := st.OpenCase(context.Background(), store.Report{Branch: "qatif", Service: "road-defect", Category: "report",
		Channel: "online", Description: "A deep pothole", CasePrefix: "QTF", Year: "2026", AccessCode: "7KQ2M-XD9PA",
		Now: opened, Actor: "citizen", Department: "roads"})
	if err != nil {
		t.Fatal(err)
	}
	return st, cat, r.Case
}

// The standing follows the working clock: due soon past 75% of the first
// response target (3 of 4 working hours), overdue past it, and the
// resolution target (48 working hours) spans days the branch is closed.
func TestStand(t *testing.T) {
	st, cat, number := setup(t)
	c, err := st.Case(context.Background(), "qatif", number)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		at      time.Duration
		dueSoon bool
		overdue int
	}{{2 * time.Hour, false, 0}, {3*time.Hour + time.Minute, true, 0}, {4*time.Hour + time.Minute, false, 1}} {
		got := Stand(cat, c, opened.Add(s.at))
		if got.DueSoon != s.dueSoon || len(got.Overdue) != s.overdue {
			t.Errorf("after %v: %+v, want due soon %v, %d overdue", s.at, got, s.dueSoon, s.overdue)
		}
	}
	got := Stand(cat, c, opened)
	// 48 working hours from Sunday 08:00: 6.5 that Sunday, 7 a day Monday
	// to Thursday and the next Sunday (41.5), the rest on Monday 7
	// December until 14:00 Riyadh (Friday and Saturday closed).
	if want := time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC); got.ResolutionDue == nil || !got.ResolutionDue.Equal(want) {
		t.Errorf("resolution due %v, want %v", got.ResolutionDue, want)
	}
}

// Two escalators (two hub replicas) sweeping at the same moment record the
// overdue first response once, with one entry and one event; sweeping again
// records nothing; a response in time means no escalation at all.
func TestEscalateOnceWithTwoReplicas(t *testing.T) {
	st, cat, number := setup(t)
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, b := &Escalator{Store: st, Cat: cat, Log: log}, &Escalator{Store: st, Cat: cat, Log: log}

	if n, err := a.Sweep(ctx, opened.Add(3*time.Hour)); err != nil || n != 0 {
		t.Fatalf("before the target: %d, %v", n, err)
	}
	late := opened.Add(5 * time.Hour)
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i, e := range []*Escalator{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := e.Sweep(ctx, late)
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	if counts[0]+counts[1] != 1 {
		t.Fatalf("the two replicas recorded %v escalations, want 1 in all", counts)
	}
	if n, _ := b.Sweep(ctx, late.Add(time.Hour)); n != 0 {
		t.Fatalf("a later sweep recorded %d", n)
	}
	c, err := st.Case(ctx, "qatif", number)
	if err != nil {
		t.Fatal(err)
	}
	var entries int
	for _, e := range c.Timeline {
		if e.Kind == protocol.EntryEscalated {
			entries++
			if e.Public || e.Text != store.TargetFirstResponse || e.Department != "roads" {
				t.Errorf("escalation entry %+v", e)
			}
		}
	}
	if entries != 1 || c.EscalatedFirstResponse == nil || c.EscalatedResolution != nil {
		t.Fatalf("%d escalation entries; case %+v", entries, c)
	}
	evs, err := st.EventsAfter(ctx, "qatif", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	escalations := 0
	for _, ev := range evs {
		if ev.Case != nil && ev.Case.Entry == protocol.EntryEscalated {
			escalations++
		}
	}
	if escalations != 1 {
		t.Fatalf("%d escalation events, want 1", escalations)
	}
}

func TestNoEscalationAfterResponse(t *testing.T) {
	st, cat, number := setup(t)
	ctx := context.Background()
	if _, err := st.Respond(ctx, "qatif", number, store.By{Actor: "omar", Now: opened.Add(time.Hour), Within: "roads"}, "On our list"); err != nil {
		t.Fatal(err)
	}
	e := &Escalator{Store: st, Cat: cat, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if n, err := e.Sweep(ctx, opened.Add(5*time.Hour)); err != nil || n != 0 {
		t.Fatalf("a case answered in time was escalated: %d, %v", n, err)
	}
}

// The dashboard's figures per department follow the same clock: the case is
// open, then due soon, then overdue; the departments that hold nothing
// count zero.
func TestDepartments(t *testing.T) {
	st, cat, _ := setup(t)
	ctx := context.Background()
	for _, s := range []struct {
		at               time.Duration
		dueSoon, overdue int
	}{{time.Hour, 0, 0}, {3*time.Hour + time.Minute, 1, 0}, {4*time.Hour + time.Minute, 0, 1}} {
		figures, err := Departments(ctx, st, cat, "qatif", opened.Add(s.at))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range figures {
			want := [3]int{}
			if f.Code == "roads" {
				want = [3]int{1, s.dueSoon, s.overdue}
			}
			if got := [3]int{f.Open, f.DueSoon, f.Overdue}; got != want {
				t.Errorf("after %v, %s: open, due soon, overdue %v, want %v", s.at, f.Code, got, want)
			}
		}
	}
}
