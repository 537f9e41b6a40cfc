package main

import "github.com/shamil-municipal/shamil/hub/desktop"

// Layout logs where the page's parts are, each time they move (see
// desktop.Layout): the ticket's actions, the case's actions, the queue,
// and what the service and category selects show.
func (a *App) Layout(l desktop.Layout) { l.Log(a.log) }
