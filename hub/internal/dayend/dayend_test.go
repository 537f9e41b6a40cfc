package dayend_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/dayend"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// A hub starting after a day whose queue was never emptied closes that day
// before anything else: its tickets expire, today's stay.
func TestStartClosesPastDays(t *testing.T) {
	srv := redistest.Start(t)
	st := store.New(srv.Client())
	ctx := context.Background()
	if err := st.LoadScripts(ctx); err != nil {
		t.Fatal(err)
	}
	cat, err := catalogue.Load(hubtest.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	issue := func(day string) protocol.Ticket {
		out, err := st.IssueTicket(ctx, store.Issue{
			Branch: "qatif", Service: "road-defect", Category: "complaint", Lane: protocol.LaneNormal,
			Lang: "ar", Channel: "walk_in", CasePrefix: "QTF", AccessCode: "7KQ2M-XD9PA",
			Day: day, Year: day[:4], Now: now, Actor: "kiosk-1",
		})
		if err != nil {
			t.Fatal(err)
		}
		return out.Ticket
	}
	old := issue("2026-01-15")
	today := issue(cat.Day("qatif", now))

	stop := dayend.Start(ctx, st, cat, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer stop()
	for _, c := range []struct {
		ticket protocol.Ticket
		want   protocol.TicketState
	}{{old, protocol.TicketExpired}, {today, protocol.TicketWaiting}} {
		if tk, err := st.Ticket(ctx, "qatif", c.ticket.ID); err != nil || tk.State != c.want {
			t.Errorf("ticket of %s: %s %v, want %s", c.ticket.Day, tk.State, err, c.want)
		}
	}
}
