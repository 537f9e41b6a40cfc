package assets

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"
)

// Every page but the display's self-contained offline page is built from
// the layout: no page writes its own <head> or the staff sign-in form, and
// each page, once built, has its head from the layout. The
// desk app's sign-in is a form of its own: it also asks for the hub's
// address, and the app shows it only once it knows it is signed out.
func TestPagesUseTheLayout(t *testing.T) {
	web := Web()
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(name) != ".html" || name == "shared/layout.html" || name == "display/offline.html" {
			return err
		}
		src, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		for _, own := range []string{"<head>", `id="signin-form"`} {
			if strings.Contains(string(src), own) && !(name == "desk/index.html" && own == `id="signin-form"`) {
				t.Errorf("%s writes %s itself: it belongs to shared/layout.html", name, own)
			}
		}
		if !strings.HasPrefix(string(src), layoutStart) {
			t.Errorf("%s does not begin with the layout's head", name)
		}
		page, err := fs.ReadFile(web, name)
		if err != nil {
			return err
		}
		s := string(page)
		if !strings.HasPrefix(s, "<!doctype html>") || strings.Count(s, "<head>") != 1 {
			t.Errorf("%s is not built from the layout:\n%.400s", name, s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A built page keeps its own title and styles, and is served with its
// rendered size.
func TestHeadOfAPage(t *testing.T) {
	web := Web()
	page, err := fs.ReadFile(web, "office/index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<title>شامل · المكتب الخلفي · Shamil back office</title>",
		`<link rel="stylesheet" href="/shared/base.css">`,
		`<link rel="stylesheet" href="/office/office.css">`,
		`<script type="module" src="/office/office.js"></script>`,
		`<h2 data-i18n="sign_in_title"></h2>`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("office/index.html lacks %s", want)
		}
	}
	info, err := fs.Stat(web, "office/index.html")
	if err != nil || info.Size() != int64(len(page)) {
		t.Errorf("office/index.html: stat says %v bytes (%v), the page has %d", info.Size(), err, len(page))
	}
}

// The scripts are ES modules that import what they use: every page loads
// its scripts as <script type="module" src=…>, never a classic or an inline
// script, and no script makes a window global. Two exceptions: the
// display's window.shamilDisplay, which the browser tests read, and the
// display's offline.html, a self-contained page opened from a copy on the
// TV while the hub is down, whose one script is inline. The Wails apps'
// window.go and window.runtime are made by Wails and only read here.
func TestScriptsAreModules(t *testing.T) {
	classic := regexp.MustCompile(`<script\b[^>]*>`)
	module := regexp.MustCompile(`^<script type="module" src="[^"]+"></script>`)
	global := regexp.MustCompile(`\b(?:window|globalThis|self|global)\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[[^\]]*\])\s*=[^=]|(?:defineProperty|assign)\(\s*(?:window|globalThis)\b`)
	imports := regexp.MustCompile(`(?m)^(?:import|export)\b[^"]*?\bfrom "([^"]+)";|^import "([^"]+)";`)
	allowed := map[string]string{"display/display.js": "shamilDisplay"}
	web := Web()
	err := fs.WalkDir(web, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(name, "vendor/") || name == "display/offline.html" || name == "shared/layout.html" {
			return err
		}
		raw, err := fs.ReadFile(web, name)
		if err != nil {
			return err
		}
		src := string(raw)
		switch path.Ext(name) {
		case ".html":
			for _, at := range classic.FindAllStringIndex(src, -1) {
				if !module.MatchString(src[at[0]:]) {
					t.Errorf("%s loads a classic or inline script: %s", name, src[at[0]:at[1]])
				}
			}
		case ".js":
			if name == "display/sw.js" { // a service worker, not a page's script
				return nil
			}
			for _, m := range global.FindAllStringSubmatch(src, -1) {
				if m[1] == "" || allowed[name] != m[1] {
					t.Errorf("%s makes a window global: %s", name, m[0])
				}
			}
			for _, m := range imports.FindAllStringSubmatch(src, -1) {
				spec := m[1] + m[2]
				target := path.Join(path.Dir(name), spec)
				if strings.HasPrefix(spec, "/") {
					target = strings.TrimPrefix(spec, "/")
				}
				if _, err := fs.Stat(web, target); err != nil {
					t.Errorf("%s imports %s, which is not in the tree (%s)", name, spec, target)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
