// Package assets holds the files the hub and the apps ship inside their
// binaries: the fonts (Noto Sans and Noto Sans Arabic, SIL OFL 1.1, see
// fonts/OFL.txt), the shared styles and scripts, and every frontend. The hub
// serves the tree at its root (/shared/…, /fonts/…) and the desktop apps
// serve the same tree, so pages link to each other's files with relative
// paths such as ../shared/base.css. Every page's <head> and the staff
// sign-in form are written once, in shared/layout.html; the scripts are ES
// modules that import the shared code (shared/i18n.js, shared/hub.js).
package assets

import (
	"embed"
	"io/fs"
)

//go:embed fonts shared desk kiosk track display dashboard vendor report queue office performance book admin
var files embed.FS

// Web is the whole tree: fonts/, shared/ and one folder per frontend, with
// the pages built from shared/layout.html (layout.go). The hub and both
// apps serve this tree.
func Web() fs.FS {
	web, err := rendered()
	if err != nil {
		panic(err) // the pages are embedded: a programming error, caught by the package's test
	}
	return web
}

// Fonts returns the font files: NotoSans-Regular.ttf, NotoSans-Bold.ttf,
// NotoSansArabic-Regular.ttf, NotoSansArabic-Bold.ttf and OFL.txt.
func Fonts() fs.FS {
	return sub("fonts")
}

// sub returns a view of one folder; the folders are embedded above, so a
// failure is a programming error.
func sub(dir string) fs.FS {
	f, err := fs.Sub(files, dir)
	if err != nil {
		panic("assets: " + err.Error())
	}
	return f
}
