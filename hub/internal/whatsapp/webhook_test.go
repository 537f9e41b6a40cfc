package whatsapp_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/guess"
	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/internal/whatsapp"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

const secret = "app-secret"

// replies records what the webhook answered, as the Graph API would.
type replies struct {
	mu   sync.Mutex
	sent []string // "<to> <body>"
}

func (r *replies) SendText(_ context.Context, to, body string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, to+" "+body)
	return nil
}

func (r *replies) last(t *testing.T) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.sent) == 0 {
		t.Fatal("no reply")
	}
	return r.sent[len(r.sent)-1]
}

type fixture struct {
	h       *hubtest.Hub
	cat     *catalogue.Catalogue
	url     string
	replies *replies
	graph   *graphAPI
	media   *media.Dir
	mediaIn string // the media store's folder
}

func start(t *testing.T) fixture {
	return startWith(t, "verify-me")
}

// startWith starts the webhook with a verify token (none: "").
func startWith(t *testing.T, verifyToken string) fixture {
	h := hubtest.Start(t)
	cat, err := catalogue.Load(hubtest.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	r := &replies{}
	graph := newGraphAPI(t)
	dir := t.TempDir()
	photos := media.NewDir(dir)
	mux := http.NewServeMux()
	whatsapp.Mount(mux, &whatsapp.Webhook{AppSecret: secret, VerifyToken: verifyToken, Acts: actions.New(h.Store, cat, "http://shamil.test", log),
		Store: h.Store, Cat: cat, Reply: r, Log: log, GraphURL: graph.url, Token: graphToken, Media: photos})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return fixture{h: h, cat: cat, url: srv.URL + "/webhooks/whatsapp", replies: r, graph: graph, media: photos, mediaIn: dir}
}

// message is a webhook notification carrying one message, in Meta's
// format; content is the JSON of the message's type-named field.
func message(id, from, kind, content string) string {
	return fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
"messaging_product":"whatsapp","metadata":{"display_phone_number":"966138000000","phone_number_id":"1234"},
"contacts":[{"profile":{"name":"Citizen"},"wa_id":%q}],"messages":[{"from":%q,"id":%q,"timestamp":"1700000000","type":%q,%q:%s}]}}]}]}`,
		from, from, id, kind, kind, content)
}

func textMessage(id, from, text string) string {
	return message(id, from, "text", fmt.Sprintf(`{"body":%q}`, text))
}

func imageMessage(id, from, mediaID, caption string) string {
	return message(id, from, "image", fmt.Sprintf(`{"caption":%q,"mime_type":"image/jpeg","sha256":"irrelevant","id":%q}`, caption, mediaID))
}

func locationMessage(id, from string, lat, lng float64, name, address string) string {
	return message(id, from, "location", fmt.Sprintf(`{"latitude":%v,"longitude":%v,"name":%q,"address":%q}`, lat, lng, name, address))
}

// send posts a signed notification and returns the reply it got.
func (f fixture) send(t *testing.T, body string) string {
	t.Helper()
	if code := f.post(t, body, sign(body)); code != 200 {
		t.Fatalf("post: %d", code)
	}
	return f.replies.last(t)
}

func sign(body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func (f fixture) post(t *testing.T, body, signature string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.url, strings.NewReader(body))
	if signature != "" {
		req.Header.Set("X-Hub-Signature-256", signature)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (f fixture) cases(t *testing.T, phone string) []protocol.Case {
	t.Helper()
	cs, err := f.h.Store.CasesByPhone(context.Background(), "qatif", phone)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestVerificationHandshake(t *testing.T) {
	f := start(t)
	get := func(token string) (int, string) {
		q := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {token}, "hub.challenge": {"1158201444"}}
		resp, err := http.Get(f.url + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("verify-me"); code != 200 || body != "1158201444" {
		t.Errorf("right token: %d %q, want 200 and the challenge", code, body)
	}
	if code, body := get("wrong"); code != 403 || strings.Contains(body, "1158201444") {
		t.Errorf("wrong token: %d %q, want 403 without the challenge", code, body)
	}
}

func TestUnsignedAndForgedPostsStoreNothing(t *testing.T) {
	for _, token := range []string{"verify-me", ""} {
		t.Run("verify token "+strconv.Quote(token), func(t *testing.T) { unsignedAndForged(t, startWith(t, token)) })
	}
}

// unsignedAndForged checks the signature is required whether or not a
// verify token is set.
func unsignedAndForged(t *testing.T, f fixture) {
	body := textMessage("wamid.1", "966501234567", "بلاغ حفرة في الشارع")
	if code := f.post(t, body, ""); code != 401 {
		t.Errorf("unsigned: %d, want 401", code)
	}
	forged := sign(strings.Replace(body, "حفرة", "شيء", 1))
	if code := f.post(t, body, forged); code != 403 {
		t.Errorf("forged: %d, want 403", code)
	}
	if code := f.post(t, body, "sha256=zz"); code != 403 {
		t.Errorf("not hex: %d, want 403", code)
	}
	if cs := f.cases(t, "0501234567"); len(cs) != 0 {
		t.Errorf("a rejected post opened %d cases", len(cs))
	}
	if code := f.post(t, `{"object":"page"}`, sign(`{"object":"page"}`)); code != 400 {
		t.Errorf("signed but not WhatsApp: %d, want 400", code)
	}
}

func TestReportStatusAndInfoReply(t *testing.T) {
	f := start(t)
	ctx := context.Background()

	if got := f.send(t, textMessage("wamid.report", "966501234567", "بلاغ 1 حفرة عميقة أمام المدرسة")); !strings.Contains(got, "الموقع") {
		t.Fatalf("reply %q: want the location question", got)
	}
	skip := textMessage("wamid.skip", "966501234567", "0")
	for range 2 { // Meta delivers again when unsure: still one case
		f.send(t, skip)
	}
	cs := f.cases(t, "0501234567")
	if len(cs) != 1 {
		t.Fatalf("%d cases after a report delivered twice, want 1", len(cs))
	}
	c, err := f.h.Store.Case(ctx, "qatif", cs[0].Number)
	if err != nil {
		t.Fatal(err)
	}
	if c.Channel != "whatsapp" || c.Service != "road-defect" || c.Description != "حفرة عميقة أمام المدرسة" || c.Lang != "ar" {
		t.Errorf("case %+v: want channel whatsapp, the first report service, the text after «بلاغ 1», Arabic", c)
	}
	reply := f.replies.last(t) // the second delivery was not answered
	if !strings.HasPrefix(reply, "+966501234567 ") || !strings.Contains(reply, c.Number) {
		t.Fatalf("reply %q: want the case number, to the sender", reply)
	}
	code, err := f.h.Store.AccessCode(ctx, "qatif", c.Number)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(reply, code) {
		t.Errorf("reply %q lacks the access code %s", reply, code)
	}

	status := textMessage("wamid.status", "966509999999", "status "+c.Number+" "+strings.ToLower(code))
	f.post(t, status, sign(status))
	if got := f.replies.last(t); got != "+966509999999 Case "+c.Number+": Received." {
		t.Errorf("status reply %q", got)
	}
	wrong := textMessage("wamid.wrong", "966509999999", c.Number+" AAAAA-AAAAA")
	f.post(t, wrong, sign(wrong))
	if got := f.replies.last(t); !strings.Contains(got, "No case matches") {
		t.Errorf("wrong code reply %q, want not found", got)
	}

	by := store.By{Actor: "sara", Desk: "1", Now: time.Now()}
	if _, err := f.h.Store.RequestInfo(ctx, "qatif", c.Number, by, "أرسل موقع الحفرة بدقة", time.Now().Add(72*time.Hour)); err != nil {
		t.Fatal(err)
	}
	answer := textMessage("wamid.answer", "966501234567", "بجوار البوابة الشمالية")
	f.post(t, answer, sign(answer))
	c, err = f.h.Store.Case(ctx, "qatif", c.Number)
	if err != nil {
		t.Fatal(err)
	}
	last := c.Timeline[len(c.Timeline)-1]
	if last.Kind != protocol.EntryCitizenReply || last.Text != "بجوار البوابة الشمالية" || c.Status == protocol.CaseAwaitingCitizen {
		t.Errorf("after the answer: status %s, last entry %+v; want the citizen's reply", c.Status, last)
	}

	hello := textMessage("wamid.hello", "966501234567", "hello")
	f.post(t, hello, sign(hello))
	if got := f.replies.last(t); !strings.Contains(got, "report") {
		t.Errorf("help reply %q, want English help", got)
	}
}

// A signed post delivered again, by Meta or by anyone who recorded it, is
// handled once: the citizen's answer is added once and answered once.
func TestReplayedPostHandledOnce(t *testing.T) {
	f := start(t)
	ctx := context.Background()
	f.send(t, textMessage("wamid.r1", "966501234567", "بلاغ 1 حفرة عميقة أمام المدرسة"))
	f.send(t, textMessage("wamid.r2", "966501234567", "0"))
	cs := f.cases(t, "0501234567")
	if len(cs) != 1 {
		t.Fatalf("%d cases, want 1", len(cs))
	}
	by := store.By{Actor: "sara", Desk: "1", Now: time.Now()}
	if _, err := f.h.Store.RequestInfo(ctx, "qatif", cs[0].Number, by, "أرسل موقع الحفرة بدقة", time.Now().Add(72*time.Hour)); err != nil {
		t.Fatal(err)
	}
	answer := textMessage("wamid.r3", "966501234567", "بجوار البوابة الشمالية")
	before := len(f.replies.sent)
	for range 3 {
		if code := f.post(t, answer, sign(answer)); code != 200 {
			t.Fatalf("replayed post: %d, want 200", code)
		}
	}
	if n := len(f.replies.sent) - before; n != 1 {
		t.Errorf("%d replies to a post delivered 3 times, want 1", n)
	}
	c, err := f.h.Store.Case(ctx, "qatif", cs[0].Number)
	if err != nil {
		t.Fatal(err)
	}
	replies := 0
	for _, e := range c.Timeline {
		if e.Kind == protocol.EntryCitizenReply {
			replies++
		}
	}
	if replies != 1 {
		t.Errorf("%d citizen replies on the timeline, want 1", replies)
	}
	ttl, err := f.h.Redis.Client().TTL(ctx, seenKey("wamid.r3")).Result()
	if err != nil || ttl <= 6*24*time.Hour || ttl > 7*24*time.Hour {
		t.Errorf("a seen message id is kept %v (%v), want 7 days", ttl, err)
	}
}

func seenKey(id string) string {
	sum := sha256.Sum256([]byte(id))
	return "whatsapp:seen:" + hex.EncodeToString(sum[:])
}

// Case lookups by WhatsApp count wrong codes like the tracking page: the
// guessing number is locked, the citizen's own number still gets the status.
func TestStatusWrongCodeLock(t *testing.T) {
	f := start(t)
	f.send(t, textMessage("wamid.l1", "966501234567", "بلاغ 1 حفرة عميقة أمام المدرسة"))
	f.send(t, textMessage("wamid.l2", "966501234567", "0"))
	number := f.cases(t, "0501234567")[0].Number
	code, err := f.h.Store.AccessCode(context.Background(), "qatif", number)
	if err != nil {
		t.Fatal(err)
	}
	for i := range guess.Limit {
		f.send(t, textMessage(fmt.Sprintf("wamid.guess%d", i), "966509999999", number+" AAAAA-AAAAA"))
	}
	if got := f.send(t, textMessage("wamid.guess-right", "966509999999", "status "+number+" "+code)); !strings.Contains(got, "Too many wrong access codes") {
		t.Errorf("the guesser's reply %q, want locked", got)
	}
	if got := f.send(t, textMessage("wamid.owner", "966501234567", "status "+number+" "+code)); got != "+966501234567 Case "+number+": Received." {
		t.Errorf("the citizen's reply %q, want the status", got)
	}
}
