package main

import "encoding/json"

// Layout is where the page's parts are, as the page reports it each time
// they move: the screen shown, the language, the viewport's size and the
// boxes (CSS pixels) of the parts an officer needs while serving.
type Layout struct {
	Screen string `json:"screen"`
	Lang   string `json:"lang"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Parts  []Part `json:"parts"`
}

// Part is one part's box; Text is what a select shows.
type Part struct {
	ID     string `json:"id"`
	Left   int    `json:"left"`
	Top    int    `json:"top"`
	Right  int    `json:"right"`
	Bottom int    `json:"bottom"`
	Text   string `json:"text"`
}

// Layout logs the page's layout, so a window too small for the desk (a
// part outside the viewport) shows in the log, and tests can check it.
func (a *App) Layout(l Layout) {
	raw, _ := json.Marshal(l)
	a.log.Info("the screen laid out", "layout", string(raw))
}
