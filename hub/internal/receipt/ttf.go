package receipt

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ttf is what a PDF simple font needs from a TrueType file: the glyph
// advances of the characters, and the metrics for the font descriptor.
// All values are in font units (unitsPerEm to the em).
type ttf struct {
	unitsPerEm             int
	xMin, yMin, xMax, yMax int
	ascent, descent        int
	capHeight              int
	italicAngle            int
	underlinePos           int
	underlineThickness     int
	advance                map[rune]int // characters the font has a glyph for
}

var errTruncated = errors.New("truncated font data")

// parseTTF reads the tables head, hhea, hmtx, OS/2, post and the Unicode
// BMP cmap (format 4) of a TrueType font.
func parseTTF(data []byte) (*ttf, error) {
	tables, err := tableDirectory(data)
	if err != nil {
		return nil, err
	}
	for _, tag := range []string{"head", "hhea", "hmtx", "OS/2", "post", "cmap"} {
		if tables[tag] == nil {
			return nil, fmt.Errorf("font has no %q table", tag)
		}
	}
	head, hhea, os2, post := tables["head"], tables["hhea"], tables["OS/2"], tables["post"]
	if len(head) < 54 || len(hhea) < 36 || len(os2) < 90 || len(post) < 12 {
		return nil, errTruncated
	}
	f := &ttf{
		unitsPerEm:         int(u16(head, 18)),
		xMin:               int(i16(head, 36)),
		yMin:               int(i16(head, 38)),
		xMax:               int(i16(head, 40)),
		yMax:               int(i16(head, 42)),
		ascent:             int(i16(hhea, 4)),
		descent:            int(i16(hhea, 6)),
		capHeight:          int(i16(os2, 88)),
		italicAngle:        int(int32(binary.BigEndian.Uint32(post[4:])) >> 16),
		underlinePos:       int(i16(post, 8)),
		underlineThickness: int(i16(post, 10)),
	}
	if f.unitsPerEm == 0 {
		return nil, errors.New("font has unitsPerEm 0")
	}
	glyphs, err := cmapFormat4(tables["cmap"])
	if err != nil {
		return nil, err
	}
	hmtx := tables["hmtx"]
	metrics := int(u16(hhea, 34))
	if metrics == 0 || len(hmtx) < 4*metrics {
		return nil, errTruncated
	}
	f.advance = make(map[rune]int, len(glyphs))
	for r, g := range glyphs {
		// Glyphs past the last long metric share its advance.
		f.advance[r] = int(u16(hmtx, 4*min(g, metrics-1)))
	}
	return f, nil
}

// tableDirectory maps each table tag to the table's bytes.
func tableDirectory(data []byte) (map[string][]byte, error) {
	if len(data) < 12 {
		return nil, errTruncated
	}
	if v := binary.BigEndian.Uint32(data); v != 0x00010000 && v != 0x74727565 { // TrueType outlines
		return nil, fmt.Errorf("not a TrueType font (version %#x)", v)
	}
	n := int(u16(data, 4))
	if len(data) < 12+16*n {
		return nil, errTruncated
	}
	tables := make(map[string][]byte, n)
	for i := range n {
		rec := data[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(data)) {
			return nil, fmt.Errorf("table %q: %w", rec[:4], errTruncated)
		}
		tables[string(rec[:4])] = data[off : off+length]
	}
	return tables, nil
}

// cmapFormat4 maps each BMP character of the Windows Unicode cmap subtable
// to its glyph index.
func cmapFormat4(cmap []byte) (map[rune]int, error) {
	if len(cmap) < 4 {
		return nil, errTruncated
	}
	for i := range int(u16(cmap, 2)) {
		rec := 4 + 8*i
		if len(cmap) < rec+8 {
			return nil, errTruncated
		}
		platform, encoding := u16(cmap, rec), u16(cmap, rec+2)
		off := int(binary.BigEndian.Uint32(cmap[rec+4:]))
		if platform == 3 && encoding == 1 && off+14 <= len(cmap) && u16(cmap, off) == 4 {
			return readFormat4(cmap[off:])
		}
	}
	return nil, errors.New("font has no Windows Unicode BMP (3,1) format 4 cmap")
}

func readFormat4(t []byte) (map[rune]int, error) {
	segs := int(u16(t, 6)) / 2
	ends, starts, deltas, rangeOffsets := 14, 16+2*segs, 16+4*segs, 16+6*segs
	if len(t) < 16+8*segs {
		return nil, errTruncated
	}
	glyphs := make(map[rune]int)
	next := 0 // segments are sorted and disjoint, which bounds the work
	for s := range segs {
		end, start := int(u16(t, ends+2*s)), int(u16(t, starts+2*s))
		if start < next || end < start {
			return nil, fmt.Errorf("cmap segment %d (%#x–%#x) out of order", s, start, end)
		}
		next = end + 1
		delta, ro := int(u16(t, deltas+2*s)), int(u16(t, rangeOffsets+2*s))
		for c := start; c <= end && c != 0xFFFF; c++ {
			g := (c + delta) & 0xFFFF
			if ro != 0 {
				// The offset counts from the idRangeOffset entry itself.
				at := rangeOffsets + 2*s + ro + 2*(c-start)
				if at+2 > len(t) {
					return nil, errTruncated
				}
				if g = int(u16(t, at)); g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g != 0 {
				glyphs[rune(c)] = g
			}
		}
	}
	return glyphs, nil
}

func u16(b []byte, at int) uint16 { return binary.BigEndian.Uint16(b[at:]) }
func i16(b []byte, at int) int16  { return int16(binary.BigEndian.Uint16(b[at:])) }
