package vqueue_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
)

// TestQueuePageOnAPhone takes a ticket on /queue from a phone-sized
// viewport, sees the place and the QR code, and cancels.
func TestQueuePageOnAPhone(t *testing.T) {
	h := hubtest.Start(t)
	ctx := browsertest.New(t, 390, 844)
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(s)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(h.URL+"/queue/qatif"),
		chromedp.WaitVisible("#take"), chromedp.Click(`input[value="road-defect"]`),
		chromedp.SendKeys("#phone", "0501234567"), chromedp.Click("#take-btn"),
		chromedp.WaitVisible("#number"), chromedp.WaitVisible("#qr")); err != nil {
		t.Fatal(err)
	}
	if got := text("#number"); got != "A-001" {
		t.Fatalf("number %q", got)
	}
	if got := text("#near"); got != "أنت التالي! توجّه إلى الفرع." {
		t.Fatalf("near %q", got)
	}
	if got := text("#state"); got != "لم تسجّل حضورك بعد: مكانك محفوظ." {
		t.Fatalf("state %q", got)
	}
	loaded, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("#qr").naturalWidth > 0`))
	if err != nil || !loaded {
		t.Fatalf("QR image not loaded: %v", err)
	}
	browsertest.Screenshot(t, ctx, "queue")

	// English is one tap away.
	if err := chromedp.Do(ctx, chromedp.Click("#lang")); err != nil {
		t.Fatal(err)
	}
	if got := text("#state"); got != "Not checked in yet: your place is kept." {
		t.Fatalf("English state %q", got)
	}
	// Cancel (the page asks first; the test accepts).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.confirm = () => true; true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click("#cancel"),
		chromedp.WaitNotVisible("#cancel")); err != nil {
		t.Fatal(err)
	}
	if got := text("#state"); got != "The ticket is cancelled." {
		t.Fatalf("after cancel %q", got)
	}
}
