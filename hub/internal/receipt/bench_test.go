package receipt

import (
	"bytes"
	"io/fs"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/shamil-municipal/shamil/assets"
)

// BenchmarkRender is the renderer as the hub uses it.
func BenchmarkRender(b *testing.B) {
	r := newTestRenderer(b)
	d := sampleData(b)
	var size int
	for b.Loop() {
		pdf, err := r.Render(d)
		if err != nil {
			b.Fatal(err)
		}
		size = len(pdf)
	}
	b.ReportMetric(float64(size), "bytes/pdf")
}

// BenchmarkRenderBaseline is the obvious way, for comparison: the same
// layout, with the four TrueType files registered in every document
// (AddUTF8FontFromBytes) and fpdf's own UTF-8 subsetting.
func BenchmarkRenderBaseline(b *testing.B) {
	r := newTestRenderer(b)
	d := sampleData(b)
	var files [2][2][]byte
	for script, names := range fontFiles {
		for bold, name := range names {
			var err error
			if files[script][bold], err = fs.ReadFile(assets.Fonts(), name); err != nil {
				b.Fatal(err)
			}
		}
	}
	var size int
	for b.Loop() {
		pdf, err := renderBaseline(r, files, d)
		if err != nil {
			b.Fatal(err)
		}
		size = len(pdf)
	}
	b.ReportMetric(float64(size), "bytes/pdf")
}

func renderBaseline(r *Renderer, files [2][2][]byte, d Data) ([]byte, error) {
	items, err := r.layout(d)
	if err != nil {
		return nil, err
	}
	height := 2 * margin
	for _, it := range items {
		height += it.height()
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: pageWidth, Ht: height}})
	pdf.SetAutoPageBreak(false, 0)
	for script, byBold := range r.fonts {
		for bold, f := range byBold {
			pdf.AddUTF8FontFromBytes("utf8"+f.family, f.style, files[script][bold])
		}
	}
	pdf.AddPage()
	y := margin
	for _, it := range items {
		if t, ok := it.(textLine); ok {
			x := (pageWidth - t.width) / 2
			for _, run := range t.runs {
				var text []rune
				for i := range len(run.text) {
					text = append(text, run.font.char[run.text[i]])
				}
				pdf.SetFont("utf8"+run.font.family, run.font.style, t.size)
				pdf.Text(x, y+t.size*baseline*mmPerPt, string(text))
				x += run.font.widthMM(run.text, t.size)
			}
		} else {
			it.draw(pdf, y)
		}
		y += it.height()
	}
	var out bytes.Buffer
	err = pdf.Output(&out)
	return out.Bytes(), err
}
