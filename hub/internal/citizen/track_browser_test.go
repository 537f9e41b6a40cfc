package citizen_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
)

// TestTrackingPageOnAPhone follows a case end to end from a phone: a ticket
// from the kiosk, served at desk 3, the desk asks for information, the
// citizen answers on the tracking page, the desk responds and resolves, and
// the citizen reads the whole history and rates the service.
func TestTrackingPageOnAPhone(t *testing.T) {
	f := newFixture(t)
	f.serveAtDesk(t)
	f.requestInfo(t, "أرسل اسم الشارع وأقرب معلم للحفرة من فضلك.")
	ctx := browsertest.New(t, 390, 844)
	qr := f.URL + "/track?case=" + f.ticket.Case + "&code=" + f.ticket.AccessCode

	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		must(t, err)
		return strings.TrimSpace(s)
	}
	timeline := func() []string {
		t.Helper()
		k, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#timeline li")].map(li => li.dataset.kind)`))
		must(t, err)
		return k
	}

	// A wrong code typed into the form gets the neutral answer.
	must(t, chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(f.URL+"/track"), chromedp.WaitVisible("#lookup"),
		chromedp.SendKeys("#case", f.ticket.Case), chromedp.SendKeys("#code", "AAAAA-AAAAA"),
		chromedp.Click("#lookup button[type=submit]"), chromedp.WaitVisible("#error")))
	if got := text("#error"); got != "لا توجد معاملة بهذا الرقم ورمز الدخول" {
		t.Fatalf("wrong code: %q", got)
	}

	// The receipt's QR code opens the case awaiting the citizen.
	must(t, chromedp.Do(ctx, chromedp.Navigate(qr), chromedp.WaitVisible("#reply")))
	if got := text("#status"); got != "بانتظار المواطن" {
		t.Fatalf("status %q", got)
	}
	if got := text("#question"); got != "أرسل اسم الشارع وأقرب معلم للحفرة من فضلك." {
		t.Fatalf("question %q", got)
	}
	if got := text("#phone"); got != "05•••••4567" {
		t.Fatalf("phone %q", got)
	}
	if got := text("#targets"); !strings.Contains(got, "4 ساعات عمل") {
		t.Fatalf("targets %q", got)
	}
	browsertest.Screenshot(t, ctx, "track-awaiting")

	answer := `شارع القدس، بجانب المدرسة <img src=x onerror="document.title='pwned'">`
	must(t, chromedp.Do(ctx, chromedp.SendKeys("#reply-text", answer),
		chromedp.SetUploadFiles("#reply-photos", []string{writePhoto(t)}),
		chromedp.Click("#reply button[type=submit]"), chromedp.WaitVisible("#done")))
	if got := text("#timeline li:first-child .entry-text"); got != answer {
		t.Fatalf("the answer reads %q", got)
	}
	browsertest.WaitFor(t, ctx, "the answer's photo", `(() => { const i = document.querySelector("#timeline li:first-child .photos img"); return i && i.complete ? i.naturalWidth : 0 })()`,
		func(w float64) bool { return w == 64 })
	browsertest.Screenshot(t, ctx, "track-answered")
	injected, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#timeline img:not(.photos img)") !== null || document.title === "pwned"`))
	must(t, err)
	if injected {
		t.Fatal("the answer was run as HTML")
	}
	if text("#status") != "قيد العمل" {
		t.Fatalf("status after the answer %q", text("#status"))
	}

	// The desk sees the answer, responds and resolves.
	var staffView struct{ Status string }
	f.Do(t, "GET", "/api/v1/branches/qatif/cases/"+f.ticket.Case, f.officer, "", http.StatusOK, &staffView)
	f.staff(t, "respond", `{"text":"شكراً، أُرسل الفريق إلى الموقع."}`)
	f.staff(t, "resolve", `{"text":"رُدمت الحفرة يوم الأحد. / The pothole was filled on Sunday."}`)

	must(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible("#rating")))
	want := []string{"resolved", "response", "response", "citizen_reply", "info_request", "served", "opened"}
	if got := timeline(); !slices.Equal(got, want) {
		t.Fatalf("timeline %v, want %v", got, want)
	}
	if text("#status") != "محلولة" || !strings.Contains(text("#timeline"), "خُدمت في المكتب 3") {
		t.Fatalf("resolved page: %q / %q", text("#status"), text("#timeline"))
	}
	must(t, chromedp.Do(ctx, chromedp.Click(`#stars button[data-stars="5"]`),
		chromedp.SendKeys("#rating-comment", "خدمة سريعة، شكراً"), chromedp.Click("#rating button[type=submit]"),
		chromedp.WaitVisible("#done")))
	if got := text("#timeline li:first-child .entry-text"); got != "5/5 — خدمة سريعة، شكراً" {
		t.Fatalf("rating reads %q", got)
	}
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#rating").classList.contains("hidden")`))
	must(t, err)
	if !hidden {
		t.Fatal("the rating form is still offered")
	}
	browsertest.Screenshot(t, ctx, "track-resolved")

	// English is one tap away.
	must(t, chromedp.Do(ctx, chromedp.Click("#lang")))
	if text("#status") != "Resolved" || !strings.Contains(text("#timeline"), "Served at desk 3") {
		t.Fatalf("English page: %q", text("#status"))
	}
	browsertest.Screenshot(t, ctx, "track-resolved-en")
}
