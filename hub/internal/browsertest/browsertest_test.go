package browsertest

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
)

// The harness itself: Chromium reaches a hub started in the test, and a
// screenshot lands on disk.
func TestChromiumReachesTheHub(t *testing.T) {
	h := hubtest.Start(t)
	ctx := New(t, 800, 600)
	if err := chromedp.Do(ctx, chromedp.Navigate(h.URL+"/healthz")); err != nil {
		t.Fatal(err)
	}
	body, err := chromedp.Run(ctx, chromedp.Text("body"))
	if err != nil || strings.TrimSpace(body) != "ok" {
		t.Fatalf("body %q, %v", body, err)
	}
	if st, err := os.Stat(Screenshot(t, ctx, "healthz")); err != nil || st.Size() == 0 {
		t.Fatalf("screenshot: %v", err)
	}
}
