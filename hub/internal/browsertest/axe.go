package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
)

// Violation is one rule axe-core found broken on a page, with the elements
// that break it.
type Violation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s: %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "))
}

// Axe runs axe-core (Deque, MPL-2.0; build/deps.sh test installs it into
// build/npm/) over the page as it is now and returns the serious and
// critical violations. The test is skipped when axe-core is missing,
// unless SHAMIL_REQUIRE_REDIS is set (make test): then it fails.
func Axe(t testing.TB, ctx context.Context) []Violation {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(hubtest.Root(), "build", "npm", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("SHAMIL_REQUIRE_REDIS") != "" {
			t.Fatalf("axe-core is missing (build/deps.sh test installs it): %v", err)
		}
		t.Skipf("axe-core is missing; run build/deps.sh test (%v)", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(src)+";true")); err != nil {
		t.Fatalf("load axe-core: %v", err)
	}
	found := WaitFor(t, ctx, "axe-core's answer", `axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations
  .filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) })))`,
		func([]Violation) bool { return true })
	return found
}
