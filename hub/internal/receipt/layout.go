package receipt

import (
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/shamil-municipal/shamil/hub/internal/arabic"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

const (
	pageWidth    = 80.0 // mm, the paper
	margin       = 4.0  // mm, all sides
	contentWidth = pageWidth - 2*margin
	mmPerPt      = 25.4 / 72
)

// item is a piece of the receipt, stacked from the top: its height is known
// before the page exists, so that the page can be exactly as tall as its
// content.
type item interface {
	height() float64
	draw(pdf *fpdf.Fpdf, top float64)
}

// layout lists the receipt's items from top to bottom.
func (r *Renderer) layout(d Data) ([]item, error) {
	loc := d.Location
	if loc == nil {
		loc = time.UTC
	}
	gregorian, hijriAr, dateEn, err := dateText(d.Issued, loc)
	if err != nil {
		return nil, err
	}
	aheadAr, aheadEn := aheadText(d.Ahead)
	l := lines{r: r}
	l.text(d.Municipality.Ar, arabic.RTL, 13, true)
	l.text(d.Municipality.En, arabic.LTR, 9.5, true)
	l.text(d.Branch.Ar, arabic.RTL, 10, false)
	l.text(d.Branch.En, arabic.LTR, 8.5, false)
	l.rule()
	l.text(both(words.TicketNumber), arabic.RTL, 8.5, false)
	l.text(d.Ticket, arabic.LTR, 44, true)
	switch d.Lane {
	case protocol.LanePriority:
		l.text(both(words.LanePriority), arabic.RTL, 11, true)
	case protocol.LaneAppointment:
		l.text(both(words.LaneAppointment), arabic.RTL, 11, true)
	}
	l.gap(1)
	l.text(d.Service.Ar, arabic.RTL, 12, true)
	l.text(d.Service.En, arabic.LTR, 9.5, false)
	if d.Notice.Ar != "" {
		l.gap(1)
		l.text(d.Notice.Ar, arabic.RTL, 10, true)
		l.text(d.Notice.En, arabic.LTR, 8.5, false)
	}
	l.rule()
	l.text(both(words.CaseNumber), arabic.RTL, 8.5, false)
	l.text(d.Case, arabic.LTR, 14, true)
	if d.AccessCode != "" {
		l.text(both(words.AccessCode), arabic.RTL, 8.5, false)
		l.text(d.AccessCode, arabic.LTR, 14, true)
	}
	for _, m := range d.More {
		l.rule()
		l.text(both(words.AnotherCaseOfVisit), arabic.RTL, 8.5, false)
		l.text(m.Service.Ar, arabic.RTL, 10.5, true)
		l.text(m.Service.En, arabic.LTR, 8.5, false)
		l.text(m.Case, arabic.LTR, 12, true)
		l.text(both(words.AccessCode), arabic.RTL, 8.5, false)
		l.text(m.AccessCode, arabic.LTR, 12, true)
	}
	l.rule()
	l.text(aheadAr, arabic.RTL, 10.5, false)
	l.text(aheadEn, arabic.LTR, 9, false)
	if waitAr, waitEn, ok := waitText(d.Wait); ok {
		l.text(waitAr, arabic.RTL, 10.5, false)
		l.text(waitEn, arabic.LTR, 9, false)
	}
	l.gap(1)
	l.text(fmt.Sprintf(words.IssuedOn.Ar, arabic.IsolateLTR(gregorian)), arabic.RTL, 9, false)
	l.text(hijriAr, arabic.RTL, 9, false)
	l.text(dateEn, arabic.LTR, 8, false)
	l.gap(2)
	if err := l.qr(d.TrackingURL); err != nil {
		return nil, err
	}
	l.gap(1)
	l.text(words.TrackOnline.Ar, arabic.RTL, 9.5, false)
	l.text(words.TrackOnline.En, arabic.LTR, 8.5, false)
	l.text(d.TrackingURL, arabic.LTR, 7, false)
	return l.items, l.err
}

// lines collects items; the first error stops it, so that layout reads as
// a list.
type lines struct {
	r     *Renderer
	items []item
	err   error
}

func (l *lines) gap(mm float64) { l.items = append(l.items, gap(mm)) }
func (l *lines) rule()          { l.items = append(l.items, rule{}) }

func (l *lines) qr(url string) error {
	q, err := newQR(url)
	if err != nil {
		return err
	}
	l.items = append(l.items, q)
	return nil
}

// text adds a paragraph, wrapped to the content width and centred; empty
// text adds nothing.
func (l *lines) text(s string, dir arabic.Direction, size float64, bold bool) {
	if l.err != nil {
		return
	}
	if t, err := l.r.textLine(s, dir, size, bold); err != nil || t.width <= contentWidth {
		// Most text fits on one line: no need to wrap.
		l.err = err
		if err == nil && len(t.runs) > 0 {
			l.items = append(l.items, t)
		}
		return
	}
	measure := func(line string) float64 {
		t, _ := l.r.textLine(line, dir, size, bold) // the whole text encoded, so the parts do
		return t.width
	}
	for _, line := range arabic.Wrap(s, contentWidth, measure) {
		t, err := l.r.textLine(line, dir, size, bold)
		if err != nil {
			l.err = err
			return
		}
		l.items = append(l.items, t)
	}
}

// textLine is one line of text, ready to draw.
type textLine struct {
	runs  []encodedRun
	size  float64 // points
	width float64 // mm
}

// encodedRun is a run in its font's encoding.
type encodedRun struct {
	font *pdfFont
	text string
}

func (r *Renderer) textLine(line string, dir arabic.Direction, size float64, bold bool) (textLine, error) {
	runs, err := arabic.Visual(line, dir)
	if err != nil {
		return textLine{}, err
	}
	t := textLine{size: size}
	b := 0
	if bold {
		b = 1
	}
	for _, run := range runs {
		f := r.fonts[run.Font][b]
		enc, err := f.encode(run.Text)
		if err != nil {
			return textLine{}, fmt.Errorf("%q: %w", line, err)
		}
		t.runs = append(t.runs, encodedRun{f, enc})
		t.width += f.widthMM(enc, size)
	}
	return t, nil
}

// Line height and baseline as multiples of the font size; Arabic letters
// reach further above and below than Latin ones.
const (
	lineHeight = 1.45
	baseline   = 1.08
)

func (t textLine) height() float64 { return t.size * lineHeight * mmPerPt }

func (t textLine) draw(pdf *fpdf.Fpdf, top float64) {
	x := (pageWidth - t.width) / 2
	y := top + t.size*baseline*mmPerPt
	for _, run := range t.runs {
		pdf.SetFont(run.font.family, run.font.style, t.size)
		pdf.Text(x, y, run.text)
		x += run.font.widthMM(run.text, t.size)
	}
}

// gap is vertical space, in mm.
type gap float64

func (g gap) height() float64              { return float64(g) }
func (g gap) draw(_ *fpdf.Fpdf, _ float64) {}

// rule is a thin dashed line between sections.
type rule struct{}

func (rule) height() float64 { return 4 }

func (rule) draw(pdf *fpdf.Fpdf, top float64) {
	pdf.SetLineWidth(0.2)
	pdf.SetDashPattern([]float64{1, 1}, 0)
	pdf.Line(margin, top+2, pageWidth-margin, top+2)
	pdf.SetDashPattern(nil, 0)
}

// both is a label in one line, Arabic first: both(words.TicketNumber) is
// its Arabic, " / ", then "Ticket number".
func both(t words.Text) string { return t.Ar + " / " + t.En }
