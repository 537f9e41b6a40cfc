package report

import (
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/shamil-municipal/shamil/hub/internal/arabic"
	"github.com/shamil-municipal/shamil/hub/internal/stats"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// Page geometry, mm (A4 portrait).
const (
	margin    = 15.0
	pageWidth = 210.0
	textWidth = pageWidth - 2*margin
	rowHeight = 6.5
	pageEnd   = 297.0 - margin
)

// Renderer draws reports with the fonts the receipts use: Noto Sans for
// Latin text and Noto Sans Arabic, shaped by hub/internal/arabic.
type Renderer struct {
	fonts map[arabic.Font][2][]byte // regular, bold
}

// NewRenderer reads the fonts from assets.Fonts().
func NewRenderer(fonts fs.FS) (*Renderer, error) {
	r := &Renderer{fonts: map[arabic.Font][2][]byte{}}
	for font, names := range map[arabic.Font][2]string{
		arabic.Latin:  {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf"},
		arabic.Arabic: {"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"},
	} {
		var files [2][]byte
		for i, name := range names {
			data, err := fs.ReadFile(fonts, name)
			if err != nil {
				return nil, fmt.Errorf("report fonts: %w", err)
			}
			files[i] = data
		}
		r.fonts[font] = files
	}
	return r, nil
}

// Document is what a PDF report shows besides the figures.
type Document struct {
	Municipality protocol.Text
	Branch       protocol.Text
	Generated    time.Time // in the branch's time zone
	Figures      stats.Figures
}

// PDF writes the report.
func (r *Renderer) PDF(w io.Writer, d Document) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(false, margin)
	for font, files := range r.fonts {
		pdf.AddUTF8FontFromBytes(font.String(), "", files[0])
		pdf.AddUTF8FontFromBytes(font.String(), "B", files[1])
	}
	p := &page{pdf: pdf}
	p.newPage()
	f := d.Figures

	p.line(d.Municipality.Ar, arabic.RTL, 15, true, 'C')
	p.line(d.Municipality.En, arabic.LTR, 11, true, 'C')
	p.line(fmt.Sprintf(words.ReportOf.Ar, d.Branch.Ar), arabic.RTL, 13, true, 'C')
	p.line(fmt.Sprintf(words.ReportOf.En, d.Branch.En), arabic.LTR, 11, false, 'C')
	period := f.From
	if f.To != f.From {
		period += " – " + f.To
	}
	p.line(fmt.Sprintf(words.ReportPeriod.Ar, arabic.IsolateLTR(period)), arabic.RTL, 11, false, 'C')
	p.line(fmt.Sprintf(words.ReportPeriod.En, period)+"  ·  Generated "+d.Generated.Format("2006-01-02 15:04"), arabic.LTR, 9, false, 'C')
	p.y += 3

	p.heading(words.Summary)
	summary := []struct {
		name  words.Text
		value string
	}{
		{words.Figures["tickets"], strconv.Itoa(f.Tickets)},
		{words.Figures["served"], strconv.Itoa(f.Served)},
		{words.Figures["no_shows"], strconv.Itoa(f.NoShows)},
		{words.Figures["cancelled"], strconv.Itoa(f.Cancelled)},
		{words.TicketStates[protocol.TicketExpired], strconv.Itoa(f.Expired)},
		{words.Figures["avg_wait"], clock(f.Wait.Avg)},
		{words.Figures["p50_wait"], clock(f.Wait.P50)},
		{words.Figures["p90_wait"], clock(f.Wait.P90)},
		{words.Figures["avg_service"], clock(f.Service.Avg)},
		{words.Figures["p50_service"], clock(f.Service.P50)},
		{words.Figures["p90_service"], clock(f.Service.P90)},
		{words.Figures["cases_opened"], strconv.Itoa(f.Cases.Opened)},
		{words.Figures["cases_resolved"], strconv.Itoa(f.Cases.Resolved)},
		{words.Figures["cases_open"], strconv.Itoa(f.Cases.Open)},
		{words.Figures["cases_overdue"], strconv.Itoa(f.Cases.Overdue)},
		{words.Figures["late_first_responses"], strconv.Itoa(f.Cases.LateFirstResponse)},
		{words.Figures["avg_first_response"], clock(f.Cases.FirstResponse.Avg)},
		{words.Figures["p90_first_response"], clock(f.Cases.FirstResponse.P90)},
		{words.Figures["appointments_booked"], strconv.Itoa(f.Appointments.Booked)},
		{words.Figures["appointments_arrived"], strconv.Itoa(f.Appointments.Arrived)},
		{words.Figures["appointments_missed"], strconv.Itoa(f.Appointments.NoShows)},
		{words.Figures["appointment_wait"], clock(f.Appointments.Wait.Avg)},
		{words.Figures["walk_in_wait"], clock(f.Appointments.WalkInWait.Avg)},
	}
	for _, s := range summary {
		p.need(rowHeight)
		p.cell(margin, 80, s.name.En, arabic.LTR, false, 'L')
		p.cell(margin+80, 25, s.value, arabic.LTR, true, 'C')
		p.cell(margin+105, textWidth-105, s.name.Ar, arabic.RTL, false, 'R')
		p.y += rowHeight
	}

	p.heading(words.ByService)
	serviceCols := []column{{"Service", 44, 'L'}, {"Tickets", 15, 'C'}, {"Served", 15, 'C'}, {"No-shows", 18, 'C'},
		{"Avg wait", 17, 'C'}, {"Avg service", 21, 'C'}, {words.Service.Ar, 50, 'R'}}
	p.header(serviceCols)
	for _, s := range f.Services {
		p.row(serviceCols, s.Name.En+" ", strconv.Itoa(s.Tickets), strconv.Itoa(s.Served), strconv.Itoa(s.NoShows),
			clock(s.Wait.Avg), clock(s.Service.Avg), s.Name.Ar)
	}

	p.heading(words.ByOfficer)
	officerCols := []column{{"Officer", 60, 'L'}, {"Served", 30, 'C'}, {"No-shows", 30, 'C'}, {"Avg service", 30, 'C'}, {"P90 service", 30, 'C'}}
	p.header(officerCols)
	for _, o := range f.Officers {
		p.row(officerCols, o.Officer, strconv.Itoa(o.Served), strconv.Itoa(o.NoShows), clock(o.Service.Avg), clock(o.Service.P90))
	}

	p.heading(words.ByHour)
	hourCols := []column{{"Hour", 60, 'L'}, {"Arrivals", 60, 'C'}, {"Completions", 60, 'C'}}
	p.header(hourCols)
	for h, hour := range f.Hours {
		if hour != (stats.Hour{}) {
			p.row(hourCols, fmt.Sprintf("%02d:00", h), strconv.Itoa(hour.Arrivals), strconv.Itoa(hour.Completions))
		}
	}
	p.y += 3
	p.line(words.ReportUnits.Ar, arabic.RTL, 8, false, 'R')
	p.line(words.ReportUnits.En, arabic.LTR, 8, false, 'L')

	if p.err != nil {
		return fmt.Errorf("report pdf: %w", p.err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("report pdf: %w", err)
	}
	return nil
}

// column is a table column: its English header, width and alignment.
type column struct {
	title string
	width float64
	align byte
}

// page draws text top to bottom, starting new pages as needed.
type page struct {
	pdf *fpdf.Fpdf
	y   float64
	err error
}

func (p *page) newPage() {
	p.pdf.AddPage()
	p.y = margin
}

func (p *page) need(h float64) {
	if p.y+h > pageEnd {
		p.newPage()
	}
}

func (p *page) heading(t words.Text) {
	p.need(3*rowHeight + 4)
	p.y += 4
	p.cell(margin, textWidth/2, t.En, arabic.LTR, true, 'L')
	p.cell(margin+textWidth/2, textWidth/2, t.Ar, arabic.RTL, true, 'R')
	p.y += rowHeight
	p.pdf.SetLineWidth(0.4)
	p.pdf.Line(margin, p.y, pageWidth-margin, p.y)
	p.y += 1
}

func (p *page) header(cols []column) {
	cells := make([]string, len(cols))
	for i, c := range cols {
		cells[i] = c.title
	}
	p.pdf.SetFillColor(235, 240, 245)
	p.pdf.Rect(margin, p.y, textWidth, rowHeight, "F")
	p.rowBold(cols, true, cells...)
}

func (p *page) row(cols []column, cells ...string) { p.rowBold(cols, false, cells...) }

func (p *page) rowBold(cols []column, bold bool, cells ...string) {
	p.need(rowHeight)
	x := margin
	for i, c := range cols {
		dir := arabic.LTR
		if c.align == 'R' {
			dir = arabic.RTL
		}
		p.cell(x, c.width, cells[i], dir, bold, c.align)
		x += c.width
	}
	p.y += rowHeight
}

// line is a line across the page.
func (p *page) line(s string, dir arabic.Direction, size float64, bold bool, align byte) {
	p.need(size * 0.55)
	p.text(margin, textWidth, s, dir, size, bold, align)
	p.y += size * 0.55
}

// cell draws s at 10 pt in the box [x, x+width] of the current row.
func (p *page) cell(x, width float64, s string, dir arabic.Direction, bold bool, align byte) {
	p.text(x+1, width-2, s, dir, 10, bold, align)
}

// text draws one line, shaped and in visual order, aligned in a box.
func (p *page) text(x, width float64, s string, dir arabic.Direction, size float64, bold bool, align byte) {
	if p.err != nil || s == "" {
		return
	}
	runs, err := arabic.Visual(s, dir)
	if err != nil {
		p.err = err
		return
	}
	style := ""
	if bold {
		style = "B"
	}
	total := 0.0
	for _, run := range runs {
		p.pdf.SetFont(run.Font.String(), style, size)
		total += p.pdf.GetStringWidth(run.Text)
	}
	switch align {
	case 'R':
		x += width - total
	case 'C':
		x += (width - total) / 2
	}
	baseline := p.y + size*0.352778*1.1 // points to mm, with room above
	for _, run := range runs {
		p.pdf.SetFont(run.Font.String(), style, size)
		p.pdf.Text(x, baseline, run.Text)
		x += p.pdf.GetStringWidth(run.Text)
	}
}
