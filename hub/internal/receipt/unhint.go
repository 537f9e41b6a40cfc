package receipt

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// unhint removes a TrueType font's hinting: the instructions of every glyph
// and the tables only they use (fpgm, prep, cvt, …), and the name table,
// which a PDF does not need. Hinting sharpens glyphs on low-resolution
// screens; a receipt is printed at 203 dpi or more, and the instructions
// are about a third of a subset's size.
func unhint(font []byte) ([]byte, error) {
	tables, err := tableDirectory(font)
	if err != nil {
		return nil, err
	}
	head, maxp, loca, glyf := tables["head"], tables["maxp"], tables["loca"], tables["glyf"]
	if len(head) < 54 || len(maxp) < 6 || glyf == nil {
		return nil, errTruncated
	}
	n := int(u16(maxp, 4))
	longLoca := u16(head, 50) == 1
	offset := func(i int) int {
		if longLoca {
			return int(binary.BigEndian.Uint32(loca[4*i:]))
		}
		return 2 * int(u16(loca, 2*i))
	}
	if (longLoca && len(loca) < 4*(n+1)) || (!longLoca && len(loca) < 2*(n+1)) {
		return nil, errTruncated
	}
	var newGlyf, newLoca []byte
	for i := range n {
		newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(newGlyf)))
		start, end := offset(i), offset(i+1)
		if start > end || end > len(glyf) {
			return nil, fmt.Errorf("glyph %d: %w", i, errTruncated)
		}
		g, err := stripInstructions(glyf[start:end])
		if err != nil {
			return nil, fmt.Errorf("glyph %d: %w", i, err)
		}
		newGlyf = append(newGlyf, g...)
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
	}
	newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(newGlyf)))
	newHead := slices.Clone(head)
	binary.BigEndian.PutUint16(newHead[50:], 1) // long loca offsets
	tables["head"], tables["loca"], tables["glyf"] = newHead, newLoca, newGlyf
	for _, tag := range []string{"fpgm", "prep", "cvt ", "gasp", "hdmx", "LTSH", "VDMX", "name", "DSIG"} {
		delete(tables, tag)
	}
	return assembleTTF(tables), nil
}

// Composite glyph flags.
const (
	argsAreWords    = 0x0001
	haveScale       = 0x0008
	moreComponents  = 0x0020
	haveXYScale     = 0x0040
	have2x2         = 0x0080
	haveInstruction = 0x0100
)

// stripInstructions returns a glyph description without its instructions.
func stripInstructions(g []byte) ([]byte, error) {
	if len(g) == 0 {
		return g, nil // an empty glyph, such as space
	}
	if len(g) < 10 {
		return nil, errTruncated
	}
	if contours := int(i16(g, 0)); contours >= 0 {
		at := 10 + 2*contours // the instruction length follows the contour end points
		if len(g) < at+2 || len(g) < at+2+int(u16(g, at)) {
			return nil, errTruncated
		}
		out := slices.Clone(g[:at+2])
		binary.BigEndian.PutUint16(out[at:], 0)
		return append(out, g[at+2+int(u16(g, at)):]...), nil
	}
	out := slices.Clone(g)
	at := 10
	for {
		if len(out) < at+4 {
			return nil, errTruncated
		}
		flags := u16(out, at)
		binary.BigEndian.PutUint16(out[at:], flags&^haveInstruction)
		at += 4 // flags, glyph index
		if flags&argsAreWords != 0 {
			at += 4
		} else {
			at += 2
		}
		switch {
		case flags&haveScale != 0:
			at += 2
		case flags&haveXYScale != 0:
			at += 4
		case flags&have2x2 != 0:
			at += 8
		}
		if flags&moreComponents == 0 {
			break
		}
	}
	if at > len(out) {
		return nil, errTruncated
	}
	return out[:at], nil // the instructions, if any, follow the components
}

// assembleTTF writes a TrueType file from its tables.
func assembleTTF(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for tag := range tables {
		tags = append(tags, tag)
	}
	slices.Sort(tags)
	n := len(tags)
	search := 1
	for search*2 <= n {
		search *= 2
	}
	out := binary.BigEndian.AppendUint32(nil, 0x00010000)
	out = binary.BigEndian.AppendUint16(out, uint16(n))
	out = binary.BigEndian.AppendUint16(out, uint16(16*search))
	out = binary.BigEndian.AppendUint16(out, uint16(bitsLen(search)-1))
	out = binary.BigEndian.AppendUint16(out, uint16(16*(n-search)))
	offset := 12 + 16*n
	var body []byte
	for _, tag := range tags {
		t := tables[tag]
		out = append(out, tag...)
		out = binary.BigEndian.AppendUint32(out, checksum(t))
		out = binary.BigEndian.AppendUint32(out, uint32(offset+len(body)))
		out = binary.BigEndian.AppendUint32(out, uint32(len(t)))
		body = append(body, t...)
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
	}
	return append(out, body...)
}

func bitsLen(v int) int {
	n := 0
	for ; v > 0; v >>= 1 {
		n++
	}
	return n
}

func checksum(t []byte) uint32 {
	var sum uint32
	for i := 0; i < len(t); i += 4 {
		var word [4]byte
		copy(word[:], t[i:])
		sum += binary.BigEndian.Uint32(word[:])
	}
	return sum
}
