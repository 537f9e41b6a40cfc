// The entrance kiosk: visitors choose a service and take a ticket; the
// receipt prints. See docs/kiosk.md for set-up and the staff gesture.
package main

import (
	"log/slog"
	"os"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/words"
)

func main() {
	started := time.Now()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	file, err := desktop.ConfigFile("kiosk")
	if err != nil {
		log.Error("kiosk", "error", err)
		os.Exit(1)
	}
	app := newApp(log, file, started)
	err = wails.Run(&options.App{
		Title:            words.AppTitle(words.KioskAppTitle),
		Width:            1280,
		Height:           800,
		Frameless:        true,
		WindowStartState: options.Fullscreen,
		BackgroundColour: &options.RGBA{R: 242, G: 244, B: 247, A: 255},
		AssetServer:      &assetserver.Options{Handler: desktop.Pages(assets.Web(), "/kiosk/index.html")},
		OnStartup:        app.startup,
		OnShutdown:       app.shutdown,
		Bind:             []any{app},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: "sa.gov.qatif.shamil.kiosk",
		},
	})
	if err != nil {
		log.Error("kiosk", "error", err)
		os.Exit(1)
	}
}
