package main

import (
	"testing"

	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/desktop/xvfbtest"
	"github.com/shamil-municipal/shamil/hub/hubtest"
)

// openDesk starts the desk app at 1366×768 against h, signs sara in with
// password, claims the first desk and waits for the work screen. A failed
// test leaves a screenshot named shot.
func openDesk(t *testing.T, h *hubtest.Hub, password, shot string) (*xvfbtest.Display, *xvfbtest.App) {
	t.Helper()
	bin := xvfbtest.Build(t, "./desk")
	d := xvfbtest.StartDisplay(t, 1366, 768)
	app := d.App(t, bin)
	app.Env = append(app.Env, "SHAMIL_HUB="+h.URL)
	app.Start(t)
	t.Cleanup(func() {
		if t.Failed() {
			d.Screenshot(t, shot)
		}
	})
	app.WaitLayout(t, "the sign-in screen", func(l desktop.Layout) bool { return l.Screen == "signin" && l.Focus == "username" })
	d.Type(t, "sara")
	d.Key(t, "Tab")
	d.Type(t, password)
	d.Key(t, "Return")
	app.WaitIdle(t, "the claim screen", func(l desktop.Layout) bool { return l.Screen == "claim" && l.Focus == "desk-1" })
	d.Key(t, "Return")
	app.WaitIdle(t, "the work screen", func(l desktop.Layout) bool { return l.Screen == "work" })
	return d, app
}
