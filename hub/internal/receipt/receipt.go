// Package receipt renders the ticket receipt a kiosk prints: an 80 mm wide
// PDF, as tall as its content, in Arabic and English, with a QR code that
// leads to the case's tracking page.
package receipt

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/shamil-municipal/shamil/hub/internal/arabic"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Data is what a receipt shows.
type Data struct {
	Municipality protocol.Text
	Branch       protocol.Text
	Ticket       string // ticket number, e.g. A-042
	Lane         protocol.Lane
	Service      protocol.Text
	Case         string        // case number, e.g. QTF-2026-000123
	AccessCode   string        // the code that, with the case number, opens the case online
	Ahead        int           // people waiting before this ticket
	Wait         time.Duration // estimated wait; zero: no estimate, the line is left out
	Issued       time.Time
	Location     *time.Location // the branch's time zone (Asia/Riyadh); nil means UTC
	TrackingURL  string         // encoded in the QR code and printed below it
	Notice       protocol.Text  // a plain word for the visitor, under the service; empty: none
	// More are the visit's further cases (several matters in one visit),
	// in opening order; a reprint lists them under the first.
	More []VisitCase
}

// VisitCase is a further case of the same visit, as its receipt lists it:
// the visitor needs its own number and access code to track it.
type VisitCase struct {
	Service    protocol.Text
	Case       string
	AccessCode string
}

// Renderer renders receipts. Create it once: it prepares the fonts. It is
// safe for concurrent use.
type Renderer struct {
	fonts [2][2]*pdfFont // [arabic.Font][bold]
}

// The font files NewRenderer reads, by [arabic.Font][bold].
var fontFiles = [2][2]string{
	arabic.Latin:  {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf"},
	arabic.Arabic: {"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"},
}

// NewRenderer prepares the receipt fonts found in fonts (assets.Fonts()).
func NewRenderer(fonts fs.FS) (*Renderer, error) {
	arCode, arDiff, err := arabicCodes()
	if err != nil {
		return nil, fmt.Errorf("receipt fonts: %w", err)
	}
	latinCode := winAnsiCodes()
	r := &Renderer{}
	for script, files := range fontFiles {
		for bold, name := range files {
			data, err := fs.ReadFile(fonts, name)
			if err != nil {
				return nil, fmt.Errorf("receipt fonts: %w", err)
			}
			family, style := arabic.Font(script).String(), ""
			if bold == 1 {
				style = "B"
			}
			code, diff := latinCode, ""
			if arabic.Font(script) == arabic.Arabic {
				code, diff = arCode, arDiff
			}
			psName := name[:len(name)-len(".ttf")]
			if r.fonts[script][bold], err = newPDFFont(data, psName, family, style, code, diff); err != nil {
				return nil, fmt.Errorf("receipt fonts: %w", err)
			}
		}
	}
	return r, nil
}

// Render returns the receipt for d as a PDF. The same Data gives the same
// bytes.
func (r *Renderer) Render(d Data) ([]byte, error) {
	if err := d.check(); err != nil {
		return nil, fmt.Errorf("render receipt: %w", err)
	}
	items, err := r.layout(d)
	if err != nil {
		return nil, fmt.Errorf("render receipt %s: %w", d.Ticket, err)
	}
	height := 2 * margin
	for _, it := range items {
		height += it.height()
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: pageWidth, Ht: height}})
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(false, 0)
	// Fixed metadata so that the same receipt gives the same bytes.
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(d.Issued)
	pdf.SetModificationDate(d.Issued)
	pdf.SetProducer("Shamil", false)
	pdf.SetTitle("Ticket "+d.Ticket, false)
	used := usedBytes(items)
	for _, byScript := range r.fonts {
		for _, f := range byScript {
			if used[f] == nil {
				continue // a receipt without bold Arabic, say, does not embed it
			}
			if err := f.addTo(pdf, used[f]); err != nil {
				return nil, fmt.Errorf("render receipt %s: %w", d.Ticket, err)
			}
		}
	}
	pdf.AddPage()
	y := margin
	for _, it := range items {
		it.draw(pdf, y)
		y += it.height()
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, fmt.Errorf("render receipt %s: %w", d.Ticket, err)
	}
	return out.Bytes(), nil
}

// usedBytes marks, for each font, the bytes the text items draw.
func usedBytes(items []item) map[*pdfFont]*[256]bool {
	used := make(map[*pdfFont]*[256]bool)
	for _, it := range items {
		t, ok := it.(textLine)
		if !ok {
			continue
		}
		for _, run := range t.runs {
			u := used[run.font]
			if u == nil {
				u = new([256]bool)
				used[run.font] = u
			}
			for i := range len(run.text) {
				u[run.text[i]] = true
			}
		}
	}
	return used
}

// check names the first missing field.
func (d Data) check() error {
	switch {
	case d.Ticket == "":
		return errors.New("no ticket number")
	case d.Case == "":
		return errors.New("no case number")
	case d.TrackingURL == "":
		return errors.New("no tracking URL")
	case d.Issued.IsZero():
		return errors.New("no issue time")
	}
	return nil
}
