package pages_test

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// board is what the display shows, read from the page.
type board struct {
	Current   string   `json:"current"`
	Desk      string   `json:"desk"`
	Previous  []string `json:"previous"`
	Transfers []string `json:"transfers"`
	Waiting   string   `json:"waiting"`
	Banner    bool     `json:"banner"`
	Problem   string   `json:"problem"`
	Announced []string `json:"announced"`
	Search    string   `json:"search"`
}

const readBoard = `(() => {
  const $ = (id) => document.getElementById(id);
  const rows = (id) => [...document.querySelectorAll("#" + id + " li")].map((li) => li.textContent);
  return {
    current: $("current-number").textContent, desk: $("current-desk").textContent,
    previous: rows("previous"), transfers: rows("transfers"), waiting: $("waiting").textContent,
    banner: !$("connection").classList.contains("hidden"),
    problem: $("problem").classList.contains("hidden") ? "" : $("problem").textContent,
    announced: window.shamilDisplay ? window.shamilDisplay.announced : [],
    search: location.search,
  };
})()`

// waitBoard reads the board until ok accepts it, for up to 10 s.
func waitBoard(t *testing.T, ctx context.Context, what string, ok func(board) bool) board {
	t.Helper()
	return browsertest.WaitFor(t, ctx, what, readBoard, ok)
}

// waitCaughtUp waits until the display has applied what the hub sent on
// connecting: a call made before then is shown but, rightly, not announced.
func waitCaughtUp(t *testing.T, ctx context.Context) {
	t.Helper()
	browsertest.WaitFor(t, ctx, "caught up", "!!(window.shamilDisplay && !shamilDisplay.state.catchingUp)",
		func(ok bool) bool { return ok })
}

type desk struct {
	h     *hubtest.Hub
	token string
	id    string
}

func (d desk) post(t *testing.T, path, body string) protocol.Ticket {
	t.Helper()
	var tk protocol.Ticket
	d.h.Do(t, "POST", "/api/v1/branches/qatif/"+path, d.token, body, http.StatusOK, &tk)
	return tk
}

func openDesk(t *testing.T, h *hubtest.Hub, username, id string) desk {
	t.Helper()
	d := desk{h: h, token: h.User(t, protocol.RoleOfficer, username, username), id: id}
	h.Do(t, "POST", "/api/v1/branches/qatif/desks/"+id+"/open", d.token, "", http.StatusOK, nil)
	return d
}

func (d desk) callNext(t *testing.T) protocol.Ticket {
	return d.post(t, "desks/"+d.id+"/call-next", "")
}

func announcement(number, deskAr, deskEn string) []string {
	return []string{"الرقم " + number + "، توجه إلى " + deskAr, "Number " + number + ", please go to " + deskEn}
}

func hasRow(rows []string, number, deskAr, deskEn string) bool {
	return slices.ContainsFunc(rows, func(r string) bool {
		return strings.Contains(r, number) && strings.Contains(r, deskAr) && strings.Contains(r, deskEn)
	})
}

// A day in the hall: calls appear big with their desk and are announced, a
// transfer shows where to go, and after the display's connection is cut
// and restored it shows exactly the calls made meanwhile, announcing only
// the latest one, the same as a freshly loaded display.
func TestHallDisplay(t *testing.T) {
	h := hubtest.Start(t)
	display := h.Device(t, protocol.RoleDisplay)
	kiosk := h.Device(t, protocol.RoleKiosk)
	var tickets []string
	for range 4 {
		var issued protocol.IssuedTicket
		h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"road-defect"}`, http.StatusCreated, &issued)
		tickets = append(tickets, issued.Ticket.Number)
	}
	sara, omar := openDesk(t, h, "sara", "1"), openDesk(t, h, "omar", "2")
	t1 := sara.callNext(t)

	ctx := browsertest.New(t, 1920, 1080)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(h.URL+"/display/qatif?token="+display)); err != nil {
		t.Fatal(err)
	}

	// (1) The call made before the page opened is on screen, silently.
	b := waitBoard(t, ctx, "first call", func(b board) bool {
		return b.Current == t1.Number && strings.Contains(b.Desk, "مكتب ١") && strings.Contains(b.Desk, "Desk 1")
	})
	if len(b.Announced) != 0 || b.Search != "" {
		t.Fatalf("first call: %+v", b)
	}

	// A live call: big, with its desk, announced in Arabic then English.
	t2 := omar.callNext(t)
	calledT2 := time.Now()
	want := announcement(t2.Number, "مكتب ٢", "Desk 2")
	b = waitBoard(t, ctx, "live call", func(b board) bool { return b.Current == t2.Number && len(b.Announced) == 2 })
	if !strings.Contains(b.Desk, "Desk 2") || !slices.Equal(b.Announced, want) || !hasRow(b.Previous, t1.Number, "مكتب ١", "Desk 1") {
		t.Fatalf("live call: %+v, want announced %q", b, want)
	}

	// (3) A transfer shows where the visitor must go.
	sara.post(t, "tickets/"+t1.ID+"/transfer", `{"desk":"3","note":"survey"}`)
	b = waitBoard(t, ctx, "transfer", func(b board) bool { return len(b.Transfers) == 1 })
	if !hasRow(b.Transfers, t1.Number, "مكتب ٣", "Desk 3") || len(b.Previous) != 0 || b.Current != t2.Number {
		t.Fatalf("transfer: %+v", b)
	}
	browsertest.Screenshot(t, ctx, "display-transfer")

	// (2) Cut the display off; meanwhile desk 1 calls the next visitor,
	// desk 3 calls the one transferred to it and desk 2 recalls its own.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("shamilDisplay.hub.suspend(), true")); err != nil {
		t.Fatal(err)
	}
	waitBoard(t, ctx, "cut", func(b board) bool { return b.Banner })
	t3 := sara.callNext(t)
	huda := openDesk(t, h, "huda", "3")
	if again := huda.callNext(t); again.ID != t1.ID {
		t.Fatalf("desk 3 called %s, want the transferred %s", again.Number, t1.Number)
	}
	time.Sleep(time.Until(calledT2.Add(21 * time.Second))) // on purpose: the branch's recall delay
	omar.post(t, "tickets/"+t2.ID+"/recall", "")
	if t3.Number != tickets[2] {
		t.Fatalf("desk 1 called %s, want %s", t3.Number, tickets[2])
	}

	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("shamilDisplay.hub.resume(), true")); err != nil {
		t.Fatal(err)
	}
	want = append(want, announcement(t2.Number, "مكتب ٢", "Desk 2")...)
	b = waitBoard(t, ctx, "restored", func(b board) bool { return !b.Banner && len(b.Announced) == 4 })
	checkRestored := func(b board) {
		t.Helper()
		if b.Current != t2.Number || !strings.Contains(b.Desk, "Desk 2") || len(b.Previous) != 2 ||
			!hasRow(b.Previous[:1], t1.Number, "مكتب ٣", "Desk 3") || !hasRow(b.Previous[1:], t3.Number, "مكتب ١", "Desk 1") ||
			len(b.Transfers) != 0 || b.Waiting != "1" {
			t.Fatalf("after the cut the display shows %+v", b)
		}
	}
	checkRestored(b)
	time.Sleep(time.Second) // on purpose: nothing more is announced meanwhile
	b = waitBoard(t, ctx, "announced once", func(board) bool { return true })
	if !slices.Equal(b.Announced, want) {
		t.Fatalf("announced %q, want %q", b.Announced, want)
	}
	// (5) What the hall sees.
	browsertest.Screenshot(t, ctx, "display")

	// A display loaded now (a snapshot, not the missed events) agrees.
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	b = waitBoard(t, ctx, "reloaded", func(b board) bool { return b.Current == t2.Number && len(b.Previous) == 2 })
	checkRestored(b)
	if len(b.Announced) != 0 {
		t.Fatalf("a reloaded display announced %q", b.Announced)
	}
}

// A display without a valid token says so in both languages.
func TestDisplayTokenProblems(t *testing.T) {
	h := hubtest.Start(t)
	for _, c := range []struct{ name, query, ar, en string }{
		{"no-token", "", "لم تُسجَّل هذه الشاشة", "not enrolled"},
		{"wrong-token", "?token=wrong", "غير صحيح أو منتهٍ", "wrong or expired"},
	} {
		ctx := browsertest.New(t, 1280, 720)
		if err := chromedp.Do(ctx, chromedp.Navigate(h.URL+"/display/qatif"+c.query)); err != nil {
			t.Fatal(err)
		}
		b := waitBoard(t, ctx, "token "+c.query, func(b board) bool { return b.Problem != "" })
		if !strings.Contains(b.Problem, c.ar) || !strings.Contains(b.Problem, c.en) {
			t.Fatalf("token %q: the display says %q", c.query, b.Problem)
		}
		browsertest.Screenshot(t, ctx, "display-"+c.name)
	}
}

// An unknown branch gets a page in both languages, not the display.
func TestDisplayUnknownBranch(t *testing.T) {
	h := hubtest.Start(t)
	res, err := http.Get(h.URL + "/display/nowhere")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "لا يوجد فرع بهذا الاسم") ||
		!strings.Contains(string(body), "There is no branch by this name") {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	for _, path := range []string{"/display/display.js", "/display/display.css", "/shared/hub.js"} {
		res, err := http.Get(h.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
	}
}
