package receipt

import (
	"fmt"

	"github.com/go-pdf/fpdf"
	"github.com/skip2/go-qrcode"
)

// qrSize is the printed side of the QR code with its quiet zone, in mm: a
// phone reads it easily from thermal paper.
const qrSize = 32.0

// qrBlock is a QR code drawn as vector rectangles, one per horizontal run
// of dark modules: sharp at any printer resolution, and a few hundred bytes.
type qrBlock struct {
	modules [][]bool // includes the four-module quiet zone
}

func newQR(content string) (qrBlock, error) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return qrBlock{}, fmt.Errorf("QR code for %q: %w", content, err)
	}
	return qrBlock{modules: q.Bitmap()}, nil
}

func (q qrBlock) height() float64 { return qrSize }

func (q qrBlock) draw(pdf *fpdf.Fpdf, top float64) {
	module := qrSize / float64(len(q.modules))
	left := (pageWidth - qrSize) / 2
	pdf.SetFillColor(0, 0, 0)
	for row, dark := range q.modules {
		for col := 0; col < len(dark); {
			if !dark[col] {
				col++
				continue
			}
			start := col
			for col < len(dark) && dark[col] {
				col++
			}
			// A hair taller than a module so that rows print without seams.
			pdf.Rect(left+float64(start)*module, top+float64(row)*module,
				float64(col-start)*module, module+0.01, "F")
		}
	}
}
