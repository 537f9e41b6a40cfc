package metrics_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/config"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/server"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// freeAddr returns a loopback address no one listens on.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// scrape returns /metrics as text.
func scrape(t *testing.T, addr string) string {
	t.Helper()
	res, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", res.StatusCode, b)
	}
	return string(b)
}

// value is the sample of series (name{labels}) in a scrape, or -1.
func value(body, series string) float64 {
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return -1
			}
			return f
		}
	}
	return -1
}

// waitFor scrapes until every series has its value, or fails after a
// generous while, naming the ones that differ.
func waitFor(t *testing.T, addr string, want map[string]float64) string {
	t.Helper()
	var body string
	wait.Succeeds(t, 20*time.Second, "the metrics", func() error {
		body = scrape(t, addr)
		var wrong []string
		for series, v := range want {
			if got := value(body, series); got != v {
				wrong = append(wrong, series+" = "+strconv.FormatFloat(got, 'g', -1, 64)+", want "+strconv.FormatFloat(v, 'g', -1, 64))
			}
		}
		if len(wrong) > 0 {
			return errors.New(strings.Join(wrong, "\n"))
		}
		return nil
	})
	return body
}

// A real hub with its metrics on their own address: after a kiosk issues
// tickets and an officer calls, serves and marks a no-show, the scrape
// says so, per branch, per role and per request type.
func TestMetricsOfARunningHub(t *testing.T) {
	rdb := redistest.Start(t)
	var smsSent atomic.Int64
	sms := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		smsSent.Add(1)
	}))
	defer sms.Close()
	metricsAddr := freeAddr(t)
	// The Qatif catalogue, with a recall allowed at once.
	yaml, err := os.ReadFile(hubtest.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	catalogue := filepath.Join(t.TempDir(), "catalogue.yaml")
	if err := os.WriteFile(catalogue, []byte(strings.Replace(string(yaml), "recall_delay_seconds: 20", "recall_delay_seconds: 0", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse([]string{"--listen", "127.0.0.1:0", "--redis-url", rdb.URL(), "--catalogue", catalogue,
		"--public-url", "http://shamil.test", "--data-dir", t.TempDir(), "--metrics-listen", metricsAddr, "--sms-url", sms.URL},
		func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- server.Run(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), ready) }()
	defer func() { cancel(); <-done }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatal(err)
	}

	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	st := store.New(rdb.Client())
	_, kioskToken, err := hubtest.AddDevice(ctx, st, "qatif", protocol.RoleKiosk, "")
	if err != nil {
		t.Fatal(err)
	}
	kiosk, err := client.Dial(ctx, client.Config{URL: "ws://" + addr + "/ws", Token: kioskToken, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer kiosk.Close()
	for range 3 {
		if err := kiosk.Do(ctx, protocol.ReqTicketIssue, protocol.IssueTicket{Service: "road-defect", Phone: "0501234567"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	officer := signIn(t, st, addr)
	desk, err := client.Dial(ctx, client.Config{URL: "ws://" + addr + "/ws", Token: officer, Subscribe: true, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer desk.Close()
	ref := protocol.DeskRef{Desk: "1"}
	var called protocol.Ticket
	steps := []struct {
		typ  string
		data any
	}{{protocol.ReqDeskOpen, ref}, {protocol.ReqDeskCallNext, ref}}
	for _, s := range steps {
		if err := desk.Do(ctx, s.typ, s.data, &called); err != nil {
			t.Fatal(s.typ, err)
		}
	}
	for _, typ := range []string{protocol.ReqTicketServe, protocol.ReqTicketComplete} {
		if err := desk.Do(ctx, typ, protocol.TicketRef{Ticket: called.ID}, nil); err != nil {
			t.Fatal(typ, err)
		}
	}
	if err := desk.Do(ctx, protocol.ReqDeskCallNext, ref, &called); err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{protocol.ReqTicketRecall, protocol.ReqTicketNoShow} {
		if err := desk.Do(ctx, typ, protocol.TicketRef{Ticket: called.ID}, nil); err != nil {
			t.Fatal(typ, err)
		}
	}
	// A refusal: the queue has one ticket left, but serving a ticket that
	// is not called is against the rules.
	if err := desk.Do(ctx, protocol.ReqTicketServe, protocol.TicketRef{Ticket: called.ID}, nil); err == nil {
		t.Fatal("serving a no-show was allowed")
	}

	body := waitFor(t, metricsAddr, map[string]float64{
		`shamil_tickets_issued_total{branch="qatif"}`:                                  3,
		`shamil_tickets_called_total{branch="qatif"}`:                                  2,
		`shamil_tickets_served_total{branch="qatif"}`:                                  1,
		`shamil_tickets_no_shows_total{branch="qatif"}`:                                1,
		`shamil_waiting{branch="qatif"}`:                                               1,
		`shamil_open_cases{branch="qatif"}`:                                            3,
		`shamil_websocket_connections{role="kiosk"}`:                                   1,
		`shamil_websocket_connections{role="officer"}`:                                 1,
		`shamil_request_duration_seconds_count{outcome="ok",type="ticket.issue"}`:      3,
		`shamil_request_duration_seconds_count{outcome="ok",type="desk.call_next"}`:    2,
		`shamil_request_duration_seconds_count{outcome="refused",type="ticket.serve"}`: 1,
		`shamil_event_stream_lag_events{branch="qatif"}`:                               0,
	})
	// Every message the gateway took is counted, once the sends settle
	// (three tickets issued, a call, turns near: at least three).
	wait.Succeeds(t, 20*time.Second, "the notifier's sends counted", func() error {
		sent := float64(smsSent.Load())
		got := value(scrape(t, metricsAddr), `shamil_notifier_sends_total{outcome="sent",provider="sms"}`)
		if sent >= 3 && got == sent {
			return nil
		}
		return fmt.Errorf("the SMS gateway took %v messages; the metric says %v", sent, got)
	})
	body = scrape(t, metricsAddr) // now with the notifier's families
	if v := value(body, `shamil_longest_wait_seconds{branch="qatif"}`); v < 0 {
		t.Errorf("no longest wait in\n%s", body)
	}
	if v := value(body, `shamil_redis_duration_seconds_count{command="evalsha"}`); v < 7 {
		t.Errorf("redis round trips of the scripts: %v", v)
	}

	// The Grafana dashboard asks only for metrics the hub exports.
	dashboard, err := os.ReadFile(filepath.Join(hubtest.Root(), "build", "grafana", "shamil.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range regexp.MustCompile(`shamil_[a-z_]+`).FindAllString(string(dashboard), -1) {
		// No Redis command failed here, so the family has no series yet.
		if name != "shamil_redis_errors_total" && !strings.Contains(body, "\n"+name) {
			t.Errorf("the dashboard asks for %s, which /metrics lacks", name)
		}
	}

	// A connection that ends is no longer counted.
	kiosk.Close()
	waitFor(t, metricsAddr, map[string]float64{`shamil_websocket_connections{role="kiosk"}`: 0})
}

// signIn adds an officer and returns a session token.
func signIn(t *testing.T, st *store.Store, addr string) string {
	t.Helper()
	user, password, err := hubtest.AddUser(context.Background(), st, "qatif", protocol.RoleOfficer, "Sara", "sara")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]string{"username": user, "password": password})
	res, err := http.Post("http://"+addr+"/api/v1/sessions", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var session struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&session); err != nil || session.Token == "" {
		t.Fatalf("sign in: %d %v", res.StatusCode, err)
	}
	return session.Token
}
