// Package statstest seeds a branch with one known day of work through the
// real store, so tests of the stats, the dashboard and the reports can
// assert exact figures. The day and its expected figures are in Day.
package statstest

import (
	"context"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Day is the seeded day at branch qatif (Asia/Riyadh, UTC+3).
const Day = "2026-03-01"

// Now is when the tests look at the seeded day: two weeks later, when the
// open reports of the day have passed their 48 working hours and the open
// permit has not yet passed its 240.
var Now = time.Date(2026, 3, 15, 12, 0, 0, 0, riyadh)

var riyadh = time.FixedZone("AST", 3*60*60)

// at is the seeded day's local time hh:mm.
func at(hh, mm int) time.Time { return time.Date(2026, 3, 1, hh, mm, 0, 0, riyadh) }

// Seed plays the day at branch qatif: six tickets, desks 1 (sara) and 2
// (omar). The expected figures, worked out by hand:
//
//	tickets 6, served 4, no-shows 1, cancelled 1
//	waits (min) 5 15 10 7 40 → avg 924 s, p50 600 s, p90 2400 s
//	service (min) 10 30 20 6 → avg 990 s, p50 600 s, p90 1800 s
//	arrivals 08h 3, 09h 2, 10h 1; completions 08h 2, 09h 1, 10h 1
//	sara served 3 (avg 920 s); omar served 1 (1200 s) and 1 no-show
//	road-defect 4 tickets, 3 served; building-permit 2 tickets, 1 served
//	cases 6 opened, 2 resolved, 4 open; at Now 3 overdue (the open
//	road-defect reports: 48 working hours, due 9 and 10 March) and 4 late
//	first responses (4 and 8 working hours);
//	first response 16 and 46 min → avg 1860 s, p50 960 s, p90 2760 s
func Seed(t testing.TB, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	const branch = "qatif"
	tickets := map[int]protocol.Ticket{}
	n := 0
	issue := func(service, category string, when time.Time) {
		out, err := st.IssueTicket(ctx, store.Issue{
			Branch: branch, Service: service, Category: category, Lane: protocol.LaneNormal,
			Lang: "ar", Channel: "walk_in", CasePrefix: "QTF", AccessCode: auth.NewAccessCode(),
			Day: Day, Year: "2026", Now: when, Actor: "kiosk",
		})
		if err != nil {
			t.Fatalf("seed: issue %s: %v", service, err)
		}
		n++
		tickets[n] = out.Ticket
	}
	desk := func(id, officer, name string, when time.Time) {
		if _, err := st.SetDesk(ctx, branch, id, store.DeskActionOpen, officer, name, "", store.Op{}, when); err != nil {
			t.Fatalf("seed: open desk %s: %v", id, err)
		}
	}
	call := func(deskID, officer string, want int, when time.Time) {
		got, err := st.CallNext(ctx, branch, deskID, officer, store.Op{}, when)
		if err != nil {
			t.Fatalf("seed: call at desk %s: %v", deskID, err)
		}
		if got.ID != tickets[want].ID {
			t.Fatalf("seed: desk %s called %s, want %s", deskID, got.Number, tickets[want].Number)
		}
	}
	act := func(i int, action store.TicketAction, actor string, when time.Time) {
		if _, err := st.ActOnTicket(ctx, branch, tickets[i].ID, action, actor, store.Recalls{NoShowAfter: 1}, store.Op{}, when); err != nil {
			t.Fatalf("seed: %s ticket %d: %v", action, i, err)
		}
	}
	resolve := func(i int, when time.Time) {
		// A test fixture, not the hub's words: the seeded response.
		if _, err := st.Resolve(ctx, branch, tickets[i].Case, store.By{Actor: "sara", Desk: "1", Now: when},
			"تم الإنجاز / Done"); err != nil {
			t.Fatalf("seed: resolve case of ticket %d: %v", i, err)
		}
	}

	desk("1", "sara", "Sara", at(7, 55))
	desk("2", "omar", "Omar", at(7, 58))
	issue("road-defect", "report", at(8, 0))
	call("1", "sara", 1, at(8, 5))
	act(1, store.ActionServe, "sara", at(8, 6))
	issue("building-permit", "permit", at(8, 10))
	act(1, store.ActionComplete, "sara", at(8, 16))
	resolve(1, at(8, 16))
	issue("road-defect", "report", at(8, 20))
	call("1", "sara", 2, at(8, 25))
	act(2, store.ActionServe, "sara", at(8, 26))
	call("2", "omar", 3, at(8, 30))
	act(3, store.ActionNoShow, "omar", at(8, 40))
	act(2, store.ActionComplete, "sara", at(8, 56))
	resolve(2, at(8, 56))
	issue("road-defect", "report", at(9, 5))
	issue("building-permit", "permit", at(9, 10))
	call("2", "omar", 4, at(9, 12))
	act(4, store.ActionServe, "omar", at(9, 13))
	act(5, store.ActionCancel, "kiosk", at(9, 20))
	act(4, store.ActionComplete, "omar", at(9, 33))
	issue("road-defect", "report", at(10, 0))
	call("1", "sara", 6, at(10, 40))
	act(6, store.ActionServe, "sara", at(10, 42))
	act(6, store.ActionComplete, "sara", at(10, 48))
	for _, d := range []string{"1", "2"} {
		officer := map[string]string{"1": "sara", "2": "omar"}[d]
		if _, err := st.SetDesk(ctx, branch, d, store.DeskActionClose, officer, "", "", store.Op{}, at(11, 0)); err != nil {
			t.Fatalf("seed: close desk %s: %v", d, err)
		}
	}
}
