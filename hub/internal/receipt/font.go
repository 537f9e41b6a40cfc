package receipt

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/encoding/charmap"

	"github.com/shamil-municipal/shamil/hub/internal/arabic"
)

// pdfFont is a TrueType font prepared once, at start-up, for fpdf's simple
// font path: a single-byte encoding of the characters a receipt can use,
// their widths, and a subset of the font holding only their glyphs.
// Adding it to a document is then a small JSON decode (AddFontFromBytes),
// where registering the TrueType file itself (AddUTF8FontFromBytes) parses
// the whole font and hashes a 65,536-entry width table for every document.
type pdfFont struct {
	family, style string
	def           fontDef       // OriginalSize is set per document
	subset        []byte        // TrueType file with the glyphs of code only
	code          map[rune]byte // the encoding: character → byte
	char          [256]rune     // the encoding reversed: byte → character
	width         [256]int      // advance of each byte, 1/1000 em
}

// fontDef is fpdf's font definition (the JSON files of its MakeFont tool).
type fontDef struct {
	Tp, Name     string
	Desc         fpdf.FontDescType
	Up, Ut       int
	Cw           []int
	Enc, Diff    string
	File         string
	OriginalSize int
}

// newPDFFont prepares data (a TrueType file) for the characters of code.
// Bytes 32–126 must keep their ASCII (WinAnsi) meaning; diff lists the
// other bytes as a PDF /Differences array (empty: plain WinAnsi).
func newPDFFont(data []byte, psName, family, style string, code map[rune]byte, diff string) (*pdfFont, error) {
	t, err := parseTTF(data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", psName, err)
	}
	f := &pdfFont{family: family, style: style, code: code}
	for r, b := range code {
		adv, ok := t.advance[r]
		if !ok {
			return nil, fmt.Errorf("font %s has no glyph for %U", psName, r)
		}
		f.width[b] = scale(adv, t)
		f.char[b] = r
	}
	subset := fpdf.UTF8CutFont(data, f.charset(nil))
	if subset == nil {
		return nil, fmt.Errorf("font %s: subsetting failed", psName)
	}
	if f.subset, err = unhint(subset); err != nil {
		return nil, fmt.Errorf("font %s: %w", psName, err)
	}
	desc := fpdf.FontDescType{
		Ascent:      scale(t.ascent, t),
		Descent:     scale(t.descent, t),
		CapHeight:   scale(t.capHeight, t),
		Flags:       32, // non-symbolic: the viewer maps glyph names through the font's Unicode cmap
		ItalicAngle: t.italicAngle,
		StemV:       80,
	}
	if style == "B" {
		desc.StemV = 120
	}
	desc.FontBBox.Xmin, desc.FontBBox.Ymin = scale(t.xMin, t), scale(t.yMin, t)
	desc.FontBBox.Xmax, desc.FontBBox.Ymax = scale(t.xMax, t), scale(t.yMax, t)
	f.def = fontDef{
		Tp:   "TrueType",
		Name: "SHAMIL+" + psName, // a subset is named with a six-letter tag
		Desc: desc,
		Up:   scale(t.underlinePos, t), Ut: scale(t.underlineThickness, t),
		Cw:  f.width[:],
		Enc: "cp1252", Diff: diff,
		File: psName + ".z", // ".z": fpdf marks the stream FlateDecode
	}
	return f, nil
}

// charset lists, in byte order, the characters of the bytes marked in
// used, or all characters of the encoding when used is nil.
func (f *pdfFont) charset(used *[256]bool) string {
	var b strings.Builder
	for c, r := range f.char {
		if r != 0 && (used == nil || used[c]) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// zlibWriters saves allocating a compressor (about 1 MB) for every font of
// every document.
var zlibWriters = sync.Pool{New: func() any { return zlib.NewWriter(nil) }}

// addTo registers the font with a document, embedding only the glyphs of
// the bytes marked in used: a receipt uses a fraction of the encoding, and
// this keeps the PDF small.
func (f *pdfFont) addTo(pdf *fpdf.Fpdf, used *[256]bool) error {
	subset := fpdf.UTF8CutFont(f.subset, f.charset(used))
	var z bytes.Buffer
	zw := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(zw)
	zw.Reset(&z)
	if _, err := zw.Write(subset); err != nil {
		return fmt.Errorf("font %s: compress: %w", f.def.Name, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("font %s: compress: %w", f.def.Name, err)
	}
	def := f.def
	def.OriginalSize = len(subset)
	js, err := json.Marshal(def)
	if err != nil {
		return fmt.Errorf("font %s: definition: %w", f.def.Name, err)
	}
	pdf.AddFontFromBytes(f.family, f.style, js, z.Bytes())
	return nil
}

func scale(v int, t *ttf) int {
	if v >= 0 {
		return (v*1000 + t.unitsPerEm/2) / t.unitsPerEm
	}
	return -scale(-v, t)
}

// encode converts text to the font's single-byte encoding.
func (f *pdfFont) encode(text string) (string, error) {
	b := make([]byte, 0, len(text))
	for _, r := range text {
		c, ok := f.code[r]
		if !ok {
			return "", &unprintableError{r: r, text: text}
		}
		b = append(b, c)
	}
	return string(b), nil
}

// widthMM is the width of encoded text at size points, in millimetres.
func (f *pdfFont) widthMM(encoded string, size float64) float64 {
	w := 0
	for i := 0; i < len(encoded); i++ {
		w += f.width[encoded[i]]
	}
	return float64(w) * size / 1000 * mmPerPt
}

// winAnsiCodes is the WinAnsi (Windows-1252) encoding, the one PDF viewers
// know for simple fonts without a /Differences array.
func winAnsiCodes() map[rune]byte {
	code := make(map[rune]byte)
	for b := 32; b < 256; b++ {
		if r := charmap.Windows1252.DecodeByte(byte(b)); r != '\uFFFD' && r != 0x7F && r != 0xAD {
			code[r] = byte(b)
		}
	}
	return code
}

// arabicCodes gives bytes 33 onwards to the characters an Arabic run can
// hold (space stays 32) and names them uniXXXX in a /Differences array; the
// viewer and pdftotext turn the names back into characters.
func arabicCodes() (map[rune]byte, string, error) {
	runes := arabic.PresentationForms()
	runes = append(runes, '\u060C', '\u061B', '\u061F', '\u0640') // comma, semicolon, question mark, tatweel
	for r := '\u064B'; r <= '\u0652'; r++ {                       // harakat
		runes = append(runes, r)
	}
	for r := '\u0660'; r <= '\u0669'; r++ { // Arabic-Indic digits
		runes = append(runes, r)
	}
	slices.Sort(runes)
	if len(runes) > 256-33 {
		return nil, "", fmt.Errorf("%d Arabic characters do not fit a single-byte encoding", len(runes))
	}
	code := map[rune]byte{' ': 32}
	var diff strings.Builder
	diff.WriteString("33")
	for i, r := range runes {
		code[r] = byte(33 + i)
		fmt.Fprintf(&diff, " /uni%04X", r)
	}
	return code, diff.String(), nil
}

// unprintableError is a character the receipt fonts cannot print.
type unprintableError struct {
	r    rune
	text string
}

func (e *unprintableError) Error() string {
	return fmt.Sprintf("character %U (%q) in %q cannot be printed on a receipt", e.r, e.r, e.text)
}
