// The desk app: an officer signs in, holds a desk, calls and serves
// visitors and records their cases. See docs/desk.md.
package main

import (
	"log/slog"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/words"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	file, err := desktop.ConfigFile("desk-session")
	if err != nil {
		log.Error("desk app", "error", err)
		os.Exit(1)
	}
	app := newApp(log, file)
	err = wails.Run(&options.App{
		Title: words.AppTitle(words.DeskAppTitle),
		// Maximised: laid out for 1366×768, it uses the width of larger screens.
		WindowStartState: options.Maximised,
		Width:            1366,
		Height:           768,
		MinWidth:         1024,
		MinHeight:        640,
		AssetServer:      &assetserver.Options{Handler: desktop.Pages(assets.Web(), "/desk/index.html")},
		Bind:             []any{app},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: "sa.gov.qatif.shamil.desk",
		},
	})
	if err != nil {
		log.Error("desk app", "error", err)
		os.Exit(1)
	}
}
