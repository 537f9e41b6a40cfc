package citizen_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/guess"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

func TestCitizenAnswersReopensAndRates(t *testing.T) {
	f := newFixture(t)
	f.staff(t, "note", `{"text":"internal: crew busy until Thursday"}`)
	f.requestInfo(t, "Which street is the pothole on?")

	v := f.track(t)
	c := v.Case
	if c.Status != protocol.CaseAwaitingCitizen || !v.CanReply || v.CanRate || v.ReopenUntil != nil {
		t.Fatalf("awaiting view %+v", v)
	}
	if c.Phone != "05•••••4567" || v.FirstResponseHours != 4 || v.ResolutionHours != 48 || v.ServiceName.En != "Pothole or road damage" || v.TimeZone != "Asia/Riyadh" {
		t.Fatalf("view %+v", v)
	}
	if slices.Contains(kinds(c), "note") {
		t.Fatalf("internal note shown: %v", kinds(c))
	}

	// The answer is stored as text, and the desk hears of it.
	answer := `<script>alert("x")</script> Al-Quds street, near the school`
	v, _ = f.act(t, "reply", map[string]any{"text": answer}, http.StatusOK)
	last := v.Case.Timeline[len(v.Case.Timeline)-1]
	if v.Case.Status != protocol.CaseInProgress || last.Kind != "citizen_reply" || last.Text != answer || last.Actor != "citizen" {
		t.Fatalf("after the reply: %+v", v.Case)
	}
	events, err := f.Redis.Client().XRevRangeN(context.Background(), "{b:qatif}:events", "+", "-", 1).Result()
	must(t, err)
	if e := events[0].Values["e"].(string); !strings.Contains(e, `"case.changed"`) || !strings.Contains(e, `"citizen_reply"`) || strings.Contains(e, "Al-Quds") {
		t.Fatalf("event %s", e)
	}

	// Not finished: no rating, no reopen.
	if _, e := f.act(t, "rating", map[string]any{"stars": 5}, http.StatusConflict); e.Code != protocol.CodeInvalidState {
		t.Fatalf("rating an open case: %+v", e)
	}
	if _, e := f.act(t, "reopen", map[string]any{"text": "why"}, http.StatusConflict); e.Code != protocol.CodeInvalidState {
		t.Fatalf("reopening an open case: %+v", e)
	}

	f.staff(t, "resolve", `{"text":"Filled on Sunday."}`)
	v = f.track(t)
	if v.CanReply || !v.CanRate || v.ReopenUntil == nil || v.ReopenUntil.Sub(time.Now()) < qatifReopen-time.Hour {
		t.Fatalf("resolved view %+v", v)
	}
	if _, e := f.act(t, "reply", map[string]any{"text": "thanks"}, http.StatusConflict); e.Code != protocol.CodeInvalidState {
		t.Fatalf("replying to a resolved case: %+v", e)
	}
	v, _ = f.act(t, "rating", map[string]any{"stars": 4, "comment": "Quick, thank you"}, http.StatusOK)
	last = v.Case.Timeline[len(v.Case.Timeline)-1]
	if last.Kind != store.EntryRated || last.Text != "4/5 — Quick, thank you" || v.CanRate {
		t.Fatalf("after rating: %+v, can rate %v", last, v.CanRate)
	}
	if _, e := f.act(t, "rating", map[string]any{"stars": 1}, http.StatusConflict); e.Code != protocol.CodeConflict {
		t.Fatalf("rating twice: %+v", e)
	}

	v, _ = f.act(t, "reopen", map[string]any{"text": "The hole is back after the rain"}, http.StatusOK)
	last = v.Case.Timeline[len(v.Case.Timeline)-1]
	if v.Case.Status != protocol.CaseInProgress || last.Kind != "reopened" || last.Actor != "citizen" || !v.CanReply {
		t.Fatalf("after reopening: %+v", v.Case)
	}
}

// qatifReopen is the Qatif catalogue's reopen_days.
const qatifReopen = 30 * 24 * time.Hour

func TestReopenWindow(t *testing.T) {
	f := newFixture(t)
	f.staff(t, "resolve", `{"text":"Filled."}`)
	ctx := context.Background()
	late := time.Now().Add(qatifReopen + time.Hour)
	_, err := f.Store.CitizenReopen(ctx, "qatif", f.ticket.Case, "still broken", late, qatifReopen)
	if pe, ok := err.(*protocol.Error); !ok || pe.Code != protocol.CodeInvalidState || pe.MessageAr == "" {
		t.Fatalf("reopen after the window: %v", err)
	}
	if _, err := f.Store.CitizenReopen(ctx, "qatif", f.ticket.Case, "still broken", time.Now(), qatifReopen); err != nil {
		t.Fatalf("reopen within the window: %v", err)
	}
}

func TestWrongCodesAreNeutralAndLocked(t *testing.T) {
	f := newFixture(t)
	_, wrong := f.citizen(t, "GET", "/api/v1/cases/"+f.ticket.Case+"/track?code=AAAAA-AAAAA", "")
	_, unknown := f.citizen(t, "GET", "/api/v1/cases/QTF-2026-999999/track?code="+f.ticket.AccessCode, "")
	_, malformed := f.citizen(t, "GET", "/api/v1/cases/%3Cscript%3E/track?code=x", "")
	if string(wrong) != string(unknown) || string(wrong) != string(malformed) || !strings.Contains(string(wrong), `"not_found"`) {
		t.Fatalf("answers differ:\n%s\n%s\n%s", wrong, unknown, malformed)
	}
	// A wrong code on a POST is the same answer, and nothing is stored.
	_, e := f.act(t, "reply", map[string]any{"code": "AAAAA-AAAAA", "text": "hi"}, http.StatusNotFound)
	if e.Code != protocol.CodeNotFound {
		t.Fatalf("reply with a wrong code: %+v", e)
	}
	if n := len(f.track(t).Case.Timeline); n != 1 {
		t.Fatalf("timeline has %d entries after refused requests", n)
	}

	// 4 wrong tries from this address so far; 6 more lock it, even for the
	// right code.
	for range 6 {
		f.citizen(t, "GET", "/api/v1/cases/"+f.ticket.Case+"/track?code=BBBBB-BBBBB", "")
	}
	status, body := f.citizen(t, "GET", "/api/v1/cases/"+f.ticket.Case+"/track?code="+f.ticket.AccessCode, "")
	if status != http.StatusTooManyRequests || !strings.Contains(string(body), `"rate_limited"`) || !strings.Contains(string(body), "دقيقة") {
		t.Fatalf("locked: %d %s", status, body)
	}
	ctx := context.Background()
	ttl, err := f.Redis.Client().PTTL(ctx, "guess:addr:127.0.0.1").Result()
	must(t, err)
	if ttl < 14*time.Minute || ttl > 15*time.Minute {
		t.Fatalf("lock lasts %v", ttl)
	}

	// 8 wrong codes on the case so far; 2 more from another address make
	// it one guessed at. The guesser is locked out, not the citizen: the
	// right code from a third address still opens the case, only slowed.
	for range 2 {
		f.citizenFrom(t, "127.0.0.3", "/api/v1/cases/"+f.ticket.Case+"/track?code=BBBBB-BBBBB")
	}
	start := time.Now()
	status, body = f.citizenFrom(t, "127.0.0.2", "/api/v1/cases/"+f.ticket.Case+"/track?code="+f.ticket.AccessCode)
	if status != http.StatusOK || !strings.Contains(string(body), f.ticket.Case) {
		t.Fatalf("the right code from another address: %d %s", status, body)
	}
	if waited := time.Since(start); waited < guess.SlowBy {
		t.Fatalf("a check of a case guessed at answered after %v, not slowed by %v", waited, guess.SlowBy)
	}
	// A wrong code from there counts against that address only.
	if status, _ := f.citizenFrom(t, "127.0.0.2", "/api/v1/cases/"+f.ticket.Case+"/track?code=CCCCC-CCCCC"); status != http.StatusNotFound {
		t.Fatalf("a wrong code from the second address: %d", status)
	}
	onCase, fromAddr, err := f.Store.AccessFailures(ctx, f.ticket.Case, "127.0.0.2")
	must(t, err)
	if onCase != 11 || fromAddr != 1 {
		t.Fatalf("counted %d on the case and %d from the second address, want 11 and 1", onCase, fromAddr)
	}
}

// citizenFrom GETs path from a client at the loopback address ip
// (127.0.0.2 and so on reach the hub like another computer would).
func (f *fixture) citizenFrom(t *testing.T, ip, path string) (int, []byte) {
	t.Helper()
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	client := &http.Client{Transport: &http.Transport{DialContext: dialer.DialContext}}
	defer client.CloseIdleConnections()
	res, err := client.Get(f.URL + path)
	must(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	must(t, err)
	return res.StatusCode, raw
}

func TestBadInputIsRefusedAndNothingStored(t *testing.T) {
	f := newFixture(t)
	f.requestInfo(t, "Which street?")
	before := len(f.track(t).Case.Timeline)
	path := "/api/v1/cases/" + f.ticket.Case + "/"
	code := f.ticket.AccessCode
	for _, tc := range []struct {
		name, action, body string
		status             int
		code               string
	}{
		{"text over 4000 characters", "reply", `{"code":"` + code + `","text":"` + strings.Repeat("ب", 4001) + `"}`, 400, protocol.CodeBadRequest},
		{"empty text", "reply", `{"code":"` + code + `","text":"   "}`, 400, protocol.CodeBadRequest},
		{"malformed JSON", "reply", `{"code":`, 400, protocol.CodeBadRequest},
		{"unknown field", "reply", `{"code":"` + code + `","text":"x","photo":"y"}`, 400, protocol.CodeBadRequest},
		{"two objects", "reply", `{"code":"` + code + `","text":"x"}{}`, 400, protocol.CodeBadRequest},
		{"body over 64 KiB", "reply", `{"code":"` + code + `","text":"` + strings.Repeat("x", 70<<10) + `"}`, 413, protocol.CodeTooLarge},
		{"no stars", "rating", `{"code":"` + code + `","stars":0}`, 400, protocol.CodeBadRequest},
		{"six stars", "rating", `{"code":"` + code + `","stars":6}`, 400, protocol.CodeBadRequest},
		{"stars as text", "rating", `{"code":"` + code + `","stars":"5"}`, 400, protocol.CodeBadRequest},
		{"comment over 4000 characters", "rating", `{"code":"` + code + `","stars":5,"comment":"` + strings.Repeat("x", 4001) + `"}`, 400, protocol.CodeBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.citizen(t, "POST", path+tc.action, tc.body)
			if status != tc.status || !strings.Contains(string(body), `"`+tc.code+`"`) || !strings.Contains(string(body), "message_ar") {
				t.Fatalf("status %d: %.300s", status, body)
			}
		})
	}
	v := f.track(t)
	if len(v.Case.Timeline) != before || v.Case.Status != protocol.CaseAwaitingCitizen {
		t.Fatalf("refused requests changed the case: %+v", v.Case)
	}
}

func TestTrackPageIsServed(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/track", "/track/", "/track/track.js", "/track/track.css"} {
		res, err := http.Get(f.URL + path + "?case=QTF-2026-000001&code=X")
		must(t, err)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Referrer-Policy") != "no-referrer" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
			t.Fatalf("%s: %d %v", path, res.StatusCode, res.Header)
		}
	}
}
