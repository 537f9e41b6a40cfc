package notify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/notify"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// provider stands in for the Graph API or an SMS gateway: it records every
// request and answers with status.
type provider struct {
	mu       sync.Mutex
	requests []recorded
	status   int
}

type recorded struct {
	Path, Auth string
	Body       map[string]any
}

func newProvider(t *testing.T, status int) (*provider, string) {
	p := &provider{status: status}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		json.NewDecoder(r.Body).Decode(&body)
		p.mu.Lock()
		p.requests = append(p.requests, recorded{Path: r.URL.Path, Auth: r.Header.Get("Authorization"), Body: body})
		p.mu.Unlock()
		w.WriteHeader(p.status)
		io.WriteString(w, `{"error":{"message":"test"}}`)
	}))
	t.Cleanup(srv.Close)
	return p, srv.URL
}

func (p *provider) sent() []recorded {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]recorded(nil), p.requests...)
}

// run starts a dispatcher from the branch's current position.
func run(t *testing.T, h *hubtest.Hub, notifiers ...notify.Notifier) (stop func()) {
	pos, err := h.Store.Position(context.Background(), "qatif")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Store.SetNotifyOffset(context.Background(), "qatif", pos.Offset); err != nil {
		t.Fatal(err)
	}
	return resume(t, h, notifiers...)
}

// resume starts a dispatcher from where the last one stopped.
func resume(t *testing.T, h *hubtest.Hub, notifiers ...notify.Notifier) (stop func()) {
	cat, err := catalogue.Load(hubtest.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	d := notify.New(h.Store, notifiers, cat, notify.Options{Attempts: 3, Backoff: 5 * time.Millisecond, Lease: 300 * time.Millisecond}, slog.New(slog.NewTextHandler(testWriter{t}, nil)))
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	stop = sync.OnceFunc(func() { cancel(); <-done })
	t.Cleanup(stop)
	return stop
}

// issue takes a ticket with a phone at the kiosk, through the REST API.
func issue(t *testing.T, h *hubtest.Hub, lang string) protocol.IssuedTicket {
	var out protocol.IssuedTicket
	h.Do(t, "POST", "/api/v1/branches/qatif/tickets", h.Device(t, protocol.RoleKiosk),
		`{"service":"road-defect","phone":"0501234567","lang":"`+lang+`"}`, http.StatusCreated, &out)
	return out
}

// notified waits for n "notified" entries on a case and returns them.
func notified(t *testing.T, h *hubtest.Hub, number string, n int) []protocol.TimelineEntry {
	t.Helper()
	var got []protocol.TimelineEntry
	wait.Succeeds(t, 10*time.Second, "the notified entries", func() error {
		c, err := h.Store.Case(context.Background(), "qatif", number)
		if err != nil {
			t.Fatal(err)
		}
		got = nil
		for _, e := range c.Timeline {
			if e.Kind == store.EntryNotified {
				got = append(got, e)
			}
		}
		if len(got) < n {
			return fmt.Errorf("case %s: %d notified entries, want %d: %+v", number, len(got), n, c.Timeline)
		}
		return nil
	})
	return got
}

func TestWhatsAppTemplatesForTicketAndCase(t *testing.T) {
	h := hubtest.Start(t)
	graph, url := newProvider(t, http.StatusOK)
	run(t, h, &notify.WhatsApp{APIURL: url, PhoneID: "1234", Token: "tok"})

	ticket := issue(t, h, "en")
	by := store.By{Actor: "sara", Desk: "1", Now: time.Now()}
	ctx := context.Background()
	if _, err := h.Store.RequestInfo(ctx, "qatif", ticket.Case, by, "Which street?", time.Now().Add(72*time.Hour)); err != nil {
		t.Fatal(err)
	}
	entries := notified(t, h, ticket.Case, 2)
	if !strings.Contains(entries[0].Text, "whatsapp shamil_ticket_issued sent to") || entries[0].Public {
		t.Errorf("timeline entry %+v: want an internal record of the send", entries[0])
	}

	sent := graph.sent()
	if len(sent) != 2 {
		t.Fatalf("%d requests, want 2: %+v", len(sent), sent)
	}
	want := []struct {
		template string
		params   []string
	}{
		{"shamil_ticket_issued", []string{ticket.Ticket.Number, ticket.Case}},
		{"shamil_info_requested", []string{ticket.Case}},
	}
	for i, r := range sent {
		if r.Path != "/1234/messages" || r.Auth != "Bearer tok" {
			t.Errorf("request %d to %s with %q", i, r.Path, r.Auth)
		}
		b := r.Body
		tpl, _ := b["template"].(map[string]any)
		if b["messaging_product"] != "whatsapp" || b["to"] != "966501234567" || b["type"] != "template" || tpl == nil {
			t.Fatalf("request %d body %v", i, b)
		}
		lang, _ := tpl["language"].(map[string]any)
		if tpl["name"] != want[i].template || lang["code"] != "en" {
			t.Errorf("request %d: template %v language %v, want %s en", i, tpl["name"], lang, want[i].template)
		}
		comps, _ := tpl["components"].([]any)
		var params []string
		for _, c := range comps {
			for _, p := range c.(map[string]any)["parameters"].([]any) {
				params = append(params, p.(map[string]any)["text"].(string))
			}
		}
		if strings.Join(params, "|") != strings.Join(want[i].params, "|") {
			t.Errorf("request %d: parameters %q, want %q", i, params, want[i].params)
		}
	}
}

func TestFailingProviderIsRetriedThenSMSThenRecorded(t *testing.T) {
	h := hubtest.Start(t)
	graph, graphURL := newProvider(t, http.StatusInternalServerError)
	sms, smsURL := newProvider(t, http.StatusOK)
	run(t, h, &notify.WhatsApp{APIURL: graphURL, PhoneID: "1234", Token: "tok"}, &notify.SMS{URL: smsURL, Token: "sms-tok"})

	ticket := issue(t, h, "ar")
	entries := notified(t, h, ticket.Case, 1)
	if got := len(graph.sent()); got != 3 {
		t.Errorf("WhatsApp tried %d times, want 3", got)
	}
	s := sms.sent()
	if len(s) != 1 || s[0].Auth != "Bearer sms-tok" || s[0].Body["to"] != "+966501234567" ||
		s[0].Body["text"] != "رقم تذكرتك "+ticket.Ticket.Number+". رقم المعاملة "+ticket.Case+"." {
		t.Errorf("SMS requests %+v", s)
	}
	if !strings.HasPrefix(entries[0].Text, "sms shamil_ticket_issued sent to") {
		t.Errorf("timeline %q, want the SMS send recorded", entries[0].Text)
	}
}

func TestUndeliveredIsRecorded(t *testing.T) {
	h := hubtest.Start(t)
	_, graphURL := newProvider(t, http.StatusServiceUnavailable)
	run(t, h, &notify.WhatsApp{APIURL: graphURL, PhoneID: "1234", Token: "tok"})

	ticket := issue(t, h, "ar")
	entries := notified(t, h, ticket.Case, 1)
	if e := entries[0].Text; !strings.Contains(e, "not sent") || !strings.Contains(e, "after 3 attempts") || !strings.Contains(e, "503") {
		t.Errorf("timeline %q, want the failure recorded", e)
	}
}

// testWriter sends the dispatcher's log to the test's.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// casesMessaged is the case number each WhatsApp template sent was about,
// in the order sent.
func casesMessaged(graph *provider) []string {
	var about []string
	for _, r := range graph.sent() {
		params := r.Body["template"].(map[string]any)["components"].([]any)[0].(map[string]any)["parameters"].([]any)
		about = append(about, params[1].(map[string]any)["text"].(string))
	}
	return about
}

func TestRestartNeitherLosesNorRepeats(t *testing.T) {
	h := hubtest.Start(t)
	graph, url := newProvider(t, http.StatusOK)
	wa := &notify.WhatsApp{APIURL: url, PhoneID: "1234", Token: "tok"}
	stop := run(t, h, wa)
	first := issue(t, h, "ar")
	notified(t, h, first.Case, 1)
	stop()

	second := issue(t, h, "ar") // while the notifier is down
	resume(t, h, wa)
	notified(t, h, second.Case, 1)
	about := casesMessaged(graph)
	if strings.Join(about, " ") != first.Case+" "+second.Case {
		t.Errorf("messages about %q, want one about each of %s and %s", about, first.Case, second.Case)
	}
}

// Of several hub replicas, one notifies a branch: the others wait for its
// lease, and one takes over from where it stopped.
func TestOneReplicaNotifies(t *testing.T) {
	h := hubtest.Start(t)
	graph, url := newProvider(t, http.StatusOK)
	wa := &notify.WhatsApp{APIURL: url, PhoneID: "1234", Token: "tok"}
	stopFirst := run(t, h, wa)
	a := issue(t, h, "ar")
	notified(t, h, a.Case, 1) // the first replica holds the lease

	resume(t, h, wa) // a second replica
	b := issue(t, h, "ar")
	notified(t, h, b.Case, 1)
	stopFirst() // gives the lease up
	c := issue(t, h, "ar")
	notified(t, h, c.Case, 1)

	// A second replica that ignored the lease would have told b's citizen
	// again before c's: one worker sends a citizen's messages in order.
	about := casesMessaged(graph)
	if want := a.Case + " " + b.Case + " " + c.Case; strings.Join(about, " ") != want {
		t.Errorf("messages about %q, want one about each of %s", about, want)
	}
}
