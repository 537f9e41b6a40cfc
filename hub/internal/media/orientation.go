package media

import (
	"encoding/binary"
	"image"
)

// jpegOrientation reads the EXIF orientation (1 to 8) of a JPEG: how the
// camera was held. Re-encoding drops the EXIF block, so the hub turns the
// pixels itself; otherwise a phone photo taken upright would show on its
// side. Anything unreadable is 1, as taken.
func jpegOrientation(raw []byte) int {
	orientation := 1
	jpegSegments(raw, func(marker byte, seg []byte) bool {
		if marker == 0xE1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			orientation = tiffOrientation(seg[6:])
			return false
		}
		return true
	})
	return orientation
}

// jpegSegments calls each with the marker and payload of every JPEG segment
// before the first scan, until each returns false or the data stops making
// sense.
func jpegSegments(raw []byte, each func(marker byte, seg []byte) bool) {
	for i := 2; i+4 <= len(raw) && raw[i] == 0xFF; {
		marker := raw[i+1]
		if marker == 0xDA { // start of scan: the headers are over
			return
		}
		size := int(binary.BigEndian.Uint16(raw[i+2:]))
		if size < 2 || i+2+size > len(raw) {
			return
		}
		if !each(marker, raw[i+4:i+2+size]) {
			return
		}
		i += 2 + size
	}
}

// tiffOrientation finds tag 0x0112 in the first IFD of an EXIF TIFF block.
func tiffOrientation(tiff []byte) int {
	if len(tiff) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	ifd := int(order.Uint32(tiff[4:]))
	if ifd < 8 || ifd+2 > len(tiff) {
		return 1
	}
	n := int(order.Uint16(tiff[ifd:]))
	for k := 0; k < n; k++ {
		e := ifd + 2 + 12*k
		if e+12 > len(tiff) {
			break
		}
		if order.Uint16(tiff[e:]) == 0x0112 {
			if v := int(order.Uint16(tiff[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

// orient turns an image the way its EXIF orientation says it should be
// seen.
func orient(m image.Image, orientation int) image.Image {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	// src maps a pixel of the result to the pixel of m it shows.
	var src func(x, y int) (int, int)
	switch orientation {
	case 2: // mirrored
		src = func(x, y int) (int, int) { return w - 1 - x, y }
	case 3: // upside down
		src = func(x, y int) (int, int) { return w - 1 - x, h - 1 - y }
	case 4: // mirrored upside down
		src = func(x, y int) (int, int) { return x, h - 1 - y }
	case 5: // mirrored, turned
		src = func(x, y int) (int, int) { return y, x }
	case 6: // needs a quarter turn clockwise
		src = func(x, y int) (int, int) { return y, h - 1 - x }
	case 7: // mirrored, turned the other way
		src = func(x, y int) (int, int) { return w - 1 - y, h - 1 - x }
	case 8: // needs a quarter turn anticlockwise
		src = func(x, y int) (int, int) { return w - 1 - y, x }
	default:
		return m
	}
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	if orientation >= 5 { // the turns swap width and height
		out = image.NewRGBA(image.Rect(0, 0, h, w))
	}
	ob := out.Bounds()
	for y := 0; y < ob.Dy(); y++ {
		for x := 0; x < ob.Dx(); x++ {
			sx, sy := src(x, y)
			out.Set(x, y, m.At(b.Min.X+sx, b.Min.Y+sy))
		}
	}
	return out
}
