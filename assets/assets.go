// Package assets holds the files the hub and the apps ship inside their
// binaries: the fonts (Noto Sans and Noto Sans Arabic, SIL OFL 1.1, see
// fonts/OFL.txt) and, later, the frontends.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed fonts
var files embed.FS

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
