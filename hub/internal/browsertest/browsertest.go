// Package browsertest drives Debian's headless Chromium from tests (with
// chromedp) and saves screenshots of what a person would see.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// chromedp here is the generic API: chromedp.Do(ctx, steps...) runs actions
// that return nothing; chromedp.Run(ctx, action) returns an action's value,
// e.g. text, err := chromedp.Run(ctx, chromedp.Text("#total")).

// New starts a fresh headless Chromium with a window of the given size and
// returns a context to run chromedp actions in; the browser closes when the
// test ends. The test is skipped, not failed, only when chromium is not
// installed and SHAMIL_REQUIRE_REDIS (set by make test) is unset.
func New(t testing.TB, width, height int) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("SHAMIL_REQUIRE_REDIS") != "" {
			t.Fatalf("chromium not found: %v", err)
		}
		t.Skip("chromium not installed (make test installs it)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
		// This machine reaches no network but its own: without these,
		// Chromium's background connections are refused, many at a time.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Screenshot saves the page as build/screenshots/<name>.png under the
// repository and returns the path.
func Screenshot(t testing.TB, ctx context.Context, name string) string {
	t.Helper()
	// Chromium's capture beyond the viewport lays a right-to-left page out
	// again, wider, and shifts it off the image: a page that fits the
	// window is captured as it is shown.
	fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollHeight <= innerHeight`))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	capture := chromedp.FullScreenshot(100)
	if fits {
		capture = chromedp.CaptureScreenshot()
	}
	png, err := chromedp.Run(ctx, capture)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join(hubtest.Root(), "build", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// WaitFor evaluates js in the page until ok accepts its value, for up to
// 10 s, and returns that value; what names the wait in the failure. A
// promise (an async function's) is waited for.
func WaitFor[T any](t testing.TB, ctx context.Context, what, js string, ok func(T) bool) T {
	t.Helper()
	await := true
	awaited := func(p *runtime.EvaluateParams) { p.AwaitPromise = &await }
	var v T
	wait.Succeeds(t, 10*time.Second, what, func() error {
		var err error
		v, err = chromedp.Run(ctx, chromedp.Evaluate[T](js, awaited))
		if err == nil && !ok(v) {
			err = fmt.Errorf("the page shows %+v", v)
		}
		return err
	})
	return v
}
