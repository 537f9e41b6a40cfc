package notify_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/notify"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// turnNearTexts are the "turn near" SMS sent so far, by recipient; a
// recipient told twice gets both texts.
func turnNearTexts(p *provider) map[string][]string {
	out := map[string][]string{}
	for _, r := range p.sent() {
		text, _ := r.Body["text"].(string)
		if strings.HasPrefix(text, "Your turn is near") || strings.HasPrefix(text, "اقترب دورك") {
			to, _ := r.Body["to"].(string)
			out[to] = append(out[to], text)
		}
	}
	return out
}

// waitTurnNear waits until the "turn near" texts are exactly want, and stay
// so a moment (a second dispatcher's duplicate would arrive by then).
func waitTurnNear(t *testing.T, p *provider, want map[string][]string) {
	t.Helper()
	wait.Until(t, 10*time.Second, "the turn near texts", func() bool { return len(turnNearTexts(p)) >= len(want) })
	time.Sleep(300 * time.Millisecond) // on purpose: a duplicate would arrive meanwhile
	got := turnNearTexts(p)
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("turn near texts:\n%s\nwant:\n%s", dump(got), dump(want))
	}
}

func dump(m map[string][]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(m)) {
		fmt.Fprintf(&b, "  %s %q\n", k, m[k])
	}
	return b.String()
}

func TestTurnNearIsSentOnceToTheRightVisitors(t *testing.T) {
	h := hubtest.Start(t)
	sms, url := newProvider(t, http.StatusOK)
	gateway := &notify.SMS{URL: url}
	run(t, h, gateway)
	resume(t, h, gateway) // a second hub replica on the same store

	kiosk := h.Device(t, protocol.RoleKiosk)
	walkIn := func(phone, lang string) string {
		body := `{"service":"road-defect","lang":"` + lang + `"}`
		if phone != "" {
			body = `{"service":"road-defect","phone":"` + phone + `","lang":"` + lang + `"}`
		}
		var out protocol.IssuedTicket
		h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, body, http.StatusCreated, &out)
		return out.Ticket.ID
	}
	first := walkIn("0501000001", "ar")
	walkIn("0501000002", "en")
	walkIn("", "ar")                                             // A-003, no phone
	walkIn("0501000004", "ar")
	walkIn("0501000005", "en")
	h.Do(t, "POST", "/api/v1/branches/qatif/remote-tickets", "", // A-006, taken online
		`{"service":"road-defect","phone":"0501000006","lang":"en"}`, http.StatusCreated, nil)
	walkIn("0501000007", "ar")
	walkIn("0501000008", "ar")

	ctx := context.Background()
	now := time.Now()
	if _, err := h.Store.SetDesk(ctx, "qatif", "1", store.DeskActionOpen, "sara", "Sara", "", store.Op{}, now); err != nil {
		t.Fatal(err)
	}
	serving := ""
	callNext := func() {
		t.Helper()
		if serving != "" {
			for _, a := range []store.TicketAction{store.ActionServe, store.ActionComplete} {
				if _, err := h.Store.ActOnTicket(ctx, "qatif", serving, a, "sara", store.Recalls{NoShowAfter: 1}, store.Op{}, now); err != nil {
					t.Fatal(err)
				}
			}
		}
		called, err := h.Store.CallNext(ctx, "qatif", "1", "sara", store.Op{}, now)
		if err != nil {
			t.Fatal(err)
		}
		serving = called.ID
	}
	near := func(number, ahead string) string {
		return "Your turn is near: ticket " + number + ". People ahead of you: " + ahead + ". Please stay near the desks."
	}
	nearAr := func(number, ahead string) string {
		return "اقترب دورك: التذكرة " + number + ". عدد من أمامك: " + ahead + ". يُرجى البقاء قريباً من الشبابيك."
	}

	// A-001 is called: have at most 3 ahead; the
	// remote A-006 would have 4.
	callNext()
	if serving != first {
		t.Fatalf("called %s, want %s", serving, first)
	}
	want := map[string][]string{
		"+966501000002": {near("A-002", "0")},
		"+966501000004": {nearAr("A-004", "2")},
		"+966501000005": {near("A-005", "3")},
	}
	waitTurnNear(t, sms, want)

	// A-002 is called: the remote come within 3.
	callNext()
	want["+966501000006"] = []string{"Your turn is near: ticket A-006. People ahead of you: 3. Come to the branch and scan your ticket's code at the kiosk to check in."}
	want["+966501000007"] = []string{nearAr("A-007", "3")}
	waitTurnNear(t, sms, want)

	// A-003 is called: A-008 comes within 3; nobody is told twice.
	callNext()
	want["+966501000008"] = []string{nearAr("A-008", "3")}
	waitTurnNear(t, sms, want)
}
