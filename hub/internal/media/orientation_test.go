package media_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/shamil-municipal/shamil/hub/internal/media"
)

// exifOrientation is an EXIF TIFF block with only the orientation tag.
func exifOrientation(v uint16) string {
	b := make([]byte, 8+2+12+4)
	copy(b, "MM\x00\x2a")
	binary.BigEndian.PutUint32(b[4:], 8)
	binary.BigEndian.PutUint16(b[8:], 1)
	binary.BigEndian.PutUint16(b[10:], 0x0112)
	binary.BigEndian.PutUint16(b[12:], 3) // SHORT
	binary.BigEndian.PutUint32(b[14:], 1)
	binary.BigEndian.PutUint16(b[18:], v)
	return string(b)
}

// markedJPEG is 40×30, blue, with a red block in its top-left corner.
func markedJPEG(t *testing.T) []byte {
	m := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		for y := 0; y < 30; y++ {
			c := color.RGBA{0, 0, 255, 255}
			if x < 12 && y < 12 {
				c = color.RGBA{255, 0, 0, 255}
			}
			m.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func isRed(c color.Color) bool {
	r, _, b, _ := c.RGBA()
	return r > 0xc000 && b < 0x4000
}

// A phone held upright writes orientation 6: the photo must come out
// upright, 30 wide and 40 high, the top-left corner now top-right.
func TestPrepareTurnsByOrientation(t *testing.T) {
	for _, tc := range []struct {
		orientation uint16
		w, h        int
		redX, redY  int
	}{
		{1, 40, 30, 3, 3},
		{3, 40, 30, 36, 26},
		{6, 30, 40, 26, 3},
		{8, 30, 40, 3, 36},
	} {
		p, err := media.Prepare(withEXIF(markedJPEG(t), exifOrientation(tc.orientation)))
		if err != nil {
			t.Fatal(err)
		}
		m, err := jpeg.Decode(bytes.NewReader(p.Data))
		if err != nil {
			t.Fatal(err)
		}
		if m.Bounds().Dx() != tc.w || m.Bounds().Dy() != tc.h || !isRed(m.At(tc.redX, tc.redY)) {
			t.Errorf("orientation %d: %v, red at (%d,%d): %v", tc.orientation, m.Bounds(), tc.redX, tc.redY, m.At(tc.redX, tc.redY))
		}
	}
}
