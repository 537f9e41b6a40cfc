package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/desktop/xvfbtest"
	"github.com/shamil-municipal/shamil/hub/hubtest"
)

// Every service is in sight without scrolling, in portrait and landscape,
// with the 15 services of Qatif and with a 30-service catalogue: on one
// page, or on pages turned with Next, every tile wholly on the screen.
func TestKioskShowsEveryService(t *testing.T) {
	xvfbtest.Require(t)
	for _, c := range []struct {
		name, catalogue string
		services        int
	}{
		{"15 services", hubtest.Catalogue(), 15},
		{"30 services", catalogueOf30(t), 30},
	} {
		h := hubtest.StartWith(t, c.catalogue)
		for _, size := range [][2]int{{1080, 1920}, {1920, 1080}} {
			t.Run(fmt.Sprintf("%s at %d×%d", c.name, size[0], size[1]), func(t *testing.T) {
				d, app, _ := startKiosk(t, h, size[0], size[1])
				seen := map[string]bool{}
				for pages := 1; ; pages++ {
					l := app.Layout(t)
					for _, p := range tiles(l) {
						if !l.Inside(p) {
							t.Errorf("page %d: %s at %+v is not inside the %d×%d screen", pages, p.ID, p, l.Width, l.Height)
						}
						seen[p.ID] = true
					}
					d.Screenshot(t, fmt.Sprintf("kiosk-start-%d-%dx%d-page%d", c.services, size[0], size[1], pages))
					page := l.Part("page").Text
					if page == "" || l.Part("next").Text == "disabled" {
						break
					}
					if pages > 5 {
						t.Fatalf("more than 5 pages of %d services", c.services)
					}
					tap(t, app, "next")
					app.WaitLayout(t, "the next page", func(l desktop.Layout) bool { return l.Part("page").Text != page })
				}
				if len(seen) != c.services {
					t.Errorf("%d services shown, want %d", len(seen), c.services)
				}
			})
		}
	}
}

// With the hub out of reach the banner says so in both languages, under
// the bar: the language button stays in sight and free to press.
func TestKioskOfflineBanner(t *testing.T) {
	xvfbtest.Require(t)
	// A hub address where nothing listens.
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	d, app, _ := launchKiosk(t, "http://"+closed.Addr().String(), "a-token", 1080, 1920)
	l := app.WaitLayout(t, "the offline banner", func(l desktop.Layout) bool { return l.Part("connection").Bottom > 0 })
	d.Screenshot(t, "kiosk-offline") // the layout is sent once painted
	banner, lang := l.Part("connection"), l.Part("lang")
	if banner.Top < lang.Bottom && banner.Bottom > lang.Top {
		t.Errorf("the banner %+v covers the language button %+v", banner, lang)
	}
	if !strings.ContainsFunc(banner.Text, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }) ||
		!strings.ContainsFunc(banner.Text, func(r rune) bool { return r >= 'a' && r <= 'z' }) {
		t.Errorf("the banner says %q, not in both languages", banner.Text)
	}
}

// catalogueOf30 is the Qatif catalogue with 15 more services, as a file.
func catalogueOf30(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(hubtest.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	var more strings.Builder
	categories := []string{"report", "complaint", "request", "permit", "inquiry"}
	for i := 1; i <= 15; i++ {
		fmt.Fprintf(&more, `
  - code: extra-%d
    category: %s
    name: { ar: خدمة إضافية رقم %d, en: Additional service %d }
    description:
      ar: خدمة للاختبار بوصف من سطرين كما في الخدمات الحقيقية.
      en: A service for the test, with a description as long as the real ones.
`, i, categories[i%len(categories)], i, i)
	}
	path := filepath.Join(t.TempDir(), "catalogue-30.yaml")
	if err := os.WriteFile(path, append(raw, more.String()...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
