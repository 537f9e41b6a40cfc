package citizen_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Several matters in one visit: the desk opens a further case on the
// visitor's ticket, and /track of either case lists the other with its
// number, service and status, never its access code.
func TestTrackingPageListsTheVisitsOtherCases(t *testing.T) {
	f := newFixture(t)
	f.serveAtDesk(t)
	var more protocol.ReportedCase
	f.Do(t, "POST", "/api/v1/branches/qatif/tickets/"+f.ticket.Ticket.ID+"/cases", f.officer,
		`{"service":"shop-licence","description":"تجديد رخصة المحل أيضاً"}`, http.StatusOK, &more)

	ctx := browsertest.New(t, 390, 844)
	must(t, chromedp.Do(ctx, chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(f.URL+"/track?case="+f.ticket.Case+"&code="+f.ticket.AccessCode), chromedp.WaitVisible("#result")))
	waitSiblings(t, ctx)
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#sibling-list li")].map(li => li.dataset.case + " | " + li.textContent)`))
	must(t, err)
	if len(rows) != 1 || !strings.HasPrefix(rows[0], more.Case+" | ") || !strings.Contains(rows[0], "رخصة") || !strings.Contains(rows[0], "مستلمة") {
		t.Fatalf("the visit's other cases: %q, want %s, its service and status", rows, more.Case)
	}
	page, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	must(t, err)
	if strings.Contains(page, more.AccessCode) {
		t.Fatal("the page shows the other case's access code")
	}
	browsertest.Screenshot(t, ctx, "track-siblings")

	// The further case lists the first, in progress at the desk.
	must(t, chromedp.Do(ctx, chromedp.Navigate(f.URL+"/track?case="+more.Case+"&code="+more.AccessCode),
		chromedp.WaitVisible("#result")))
	waitSiblings(t, ctx)
	rows, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#sibling-list li")].map(li => li.dataset.case + " | " + li.textContent)`))
	must(t, err)
	if len(rows) != 1 || !strings.HasPrefix(rows[0], f.ticket.Case+" | ") || !strings.Contains(rows[0], "قيد العمل") {
		t.Fatalf("the further case's siblings: %q", rows)
	}
}

// waitSiblings waits until the page lists the visit's other cases, or fails.
func waitSiblings(t *testing.T, ctx context.Context) {
	t.Helper()
	browsertest.WaitFor(t, ctx, "the visit's other cases", `document.querySelector("#siblings:not(.hidden)") ? document.querySelectorAll("#sibling-list li").length : 0`,
		func(n float64) bool { return n > 0 })
}
