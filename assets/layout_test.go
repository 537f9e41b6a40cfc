package assets

import (
	"io/fs"
	"path"
	"strings"
	"testing"
)

// Every page but the display's self-contained offline page is built from
// the layout: no page writes its own <head>, its first scripts or the staff
// sign-in form, and each page, once built, has them from the layout. The
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
		for _, own := range []string{"<head>", "shared/i18n.js", `id="signin-form"`} {
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
		i18n, words := strings.Index(s, "shared/i18n.js"), strings.Index(s, "shared/words.js")
		if !strings.HasPrefix(s, "<!doctype html>") || strings.Count(s, "<head>") != 1 || i18n < 0 || words < i18n {
			t.Errorf("%s is not built from the layout (a head, then i18n.js and words.js):\n%.400s", name, s)
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
		`<script src="/shared/words.js"></script>`,
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
