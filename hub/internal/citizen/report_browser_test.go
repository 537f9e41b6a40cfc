package citizen_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/internal/ratelimit"
)

// writePhoto saves the test photo as a file the browser can upload.
func writePhoto(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "pothole.png")
	must(t, os.WriteFile(path, testPhoto(t), 0o600))
	return path
}

// TestReportPageOnAPhone reports a pothole from a phone with a photo; the
// citizen gets a case number and access code, and the case reaches the
// desks' open cases.
func TestReportPageOnAPhone(t *testing.T) {
	f := newFixture(t)
	ctx := browsertest.New(t, 390, 844)
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		must(t, err)
		return strings.TrimSpace(s)
	}

	// Headless Chromium's window is at least 500 px wide: a phone's 390
	// is emulated.
	must(t, chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(f.URL+"/report"), chromedp.WaitVisible("#report"),
		chromedp.WaitReady(`#service option[value="road-defect"]`)))
	// English is one tap away, services included.
	must(t, chromedp.Do(ctx, chromedp.Click("#lang")))
	if got := text("#report h1"); got != "New report or request" {
		t.Fatalf("English title %q", got)
	}
	if got := text("#app"); got != "Shamil · Qatif Governorate Municipality" {
		t.Fatalf("English header %q, want the municipality's name", got)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#service option[value="road-defect"]').textContent`))
	must(t, err)
	if got == "" || strings.ContainsAny(got, "ابتثجحخدذرزسشصضطظعغفقكلمنهوي") {
		t.Fatalf("English service name %q", got)
	}
	must(t, chromedp.Do(ctx, chromedp.Click("#lang")))
	// Sending without a description gets a clear answer.
	must(t, chromedp.Do(ctx, chromedp.SetValue("#service", "road-defect"),
		chromedp.Click("#report button[type=submit]"), chromedp.WaitVisible("#error")))
	if got := text("#error"); got != "اكتب وصفاً للمشكلة أو الطلب." {
		t.Fatalf("error %q", got)
	}
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys("#description", "حفرة عميقة أمام المدرسة تعيق السيارات"),
		chromedp.SendKeys("#district", "الناصرة"), chromedp.SendKeys("#street", "شارع القدس"),
		chromedp.SendKeys("#phone", "0501234567"),
		chromedp.SetUploadFiles("#photos", []string{writePhoto(t)})))
	// The page's own photo button, in the page's language, and what was chosen.
	for sel, want := range map[string]string{"#app": "شامل · بلدية محافظة القطيف", "label.pick": "اختر الصور", "#chosen": "الصور المختارة: 1"} {
		if got := text(sel); got != want {
			t.Fatalf("%s = %q, want %q", sel, got, want)
		}
	}
	browsertest.Screenshot(t, ctx, "report-form")

	must(t, chromedp.Do(ctx, chromedp.Click("#report button[type=submit]"), chromedp.WaitVisible("#done")))
	number, access := text("#number"), text("#access")
	if !strings.HasPrefix(number, "QTF-") || access == "" {
		t.Fatalf("case %q code %q", number, access)
	}

	found := false
	for _, c := range openCases(t, f) {
		found = found || (c.Number == number && c.Channel == "online" && c.Phone == "+966501234567")
	}
	if !found {
		t.Fatalf("%s did not reach the desks", number)
	}

	// The link opens the case, with the photo on its timeline.
	must(t, chromedp.Do(ctx, chromedp.Click("#track"), chromedp.WaitVisible("#result")))
	if got := text("#number"); got != number {
		t.Fatalf("tracking page shows %q", got)
	}
	browsertest.WaitFor(t, ctx, "the report's photo", `(() => { const i = document.querySelector('#timeline li[data-kind="photos"] img'); return i && i.complete ? i.naturalWidth : 0 })()`,
		func(w float64) bool { return w == 64 })
}

// TestReportPageSaysWhenLimited: over the limit of reports from one
// address, the page says so and when to try again.
func TestReportPageSaysWhenLimited(t *testing.T) {
	f := newFixture(t)
	counter := "{limit}" + ratelimit.ReportsPerAddress.Name + ":127.0.0.1"
	must(t, f.Redis.Client().Set(context.Background(), counter, ratelimit.ReportsPerAddress.Limit, 20*time.Minute).Err())
	ctx := browsertest.New(t, 390, 844)
	must(t, chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(f.URL+"/report"), chromedp.WaitVisible("#report"),
		chromedp.WaitReady(`#service option[value="road-defect"]`), chromedp.SetValue("#service", "road-defect"),
		chromedp.SendKeys("#description", "حفرة عميقة"), chromedp.SendKeys("#district", "الناصرة"),
		chromedp.Click("#report button[type=submit]"), chromedp.WaitVisible("#error")))
	got, err := chromedp.Run(ctx, chromedp.Text("#error"))
	must(t, err)
	if want := "أُرسلت بلاغات كثيرة من هذا الاتصال. حاول مجدداً بعد 20 دقيقة."; strings.TrimSpace(got) != want {
		t.Fatalf("error %q, want %q", got, want)
	}
	browsertest.Screenshot(t, ctx, "report-limited")
}
