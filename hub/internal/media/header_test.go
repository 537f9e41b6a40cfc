package media

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"hash/adler32"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"runtime"
	"testing"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// deepPNG is a whole w×h PNG of 16-bit RGBA pixels, all zero: a small file
// that decodes to w×h×8 bytes. Making it holds no image in memory.
func deepPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		c := append([]byte(kind), data...)
		b.Write(c)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(c))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 16, 6 // 16-bit RGBA
	chunk("IHDR", ihdr)
	// The rows are all alike: one is deflated and its blocks repeated (a
	// flushed deflate block refers to nothing before it), so that making
	// a 318 MB image is quick even under the race detector.
	row := make([]byte, 1+w*8) // filter byte, then the pixels
	var block bytes.Buffer
	fw, _ := flate.NewWriter(&block, flate.BestCompression)
	fw.Write(row)
	fw.Flush()
	var idat bytes.Buffer
	idat.Write([]byte{0x78, 0xDA}) // zlib header: deflate, best compression
	sum := adler32.New()
	for range h {
		idat.Write(block.Bytes())
		sum.Write(row)
	}
	idat.Write([]byte{0x03, 0x00}) // an empty final block
	binary.Write(&idat, binary.BigEndian, sum.Sum32())
	chunk("IDAT", idat.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

// The photo of the report: 6300×6300 16-bit RGBA, ~318 MB decoded, is
// refused from its header, without decoding it: the refusal allocates less
// than 16 MiB.
func TestDecompressionBombRefusedFromHeader(t *testing.T) {
	bomb := deepPNG(t, 6300, 6300)
	if len(bomb) > MaxPhotoBytes {
		t.Fatalf("the bomb is %d bytes, over the upload limit: it tests nothing", len(bomb))
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Prepare(bomb)
	runtime.ReadMemStats(&after)
	var pe *protocol.Error
	if !errors.As(err, &pe) || pe.Code != protocol.CodeBadRequest || pe.Field != "photos" || pe.MessageAr == "" {
		t.Fatalf("Prepare(bomb) = %v, want bad_request naming photos in both languages", err)
	}
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 16<<20 {
		t.Fatalf("refusing the bomb allocated %d MiB, want under 16 MiB", allocated>>20)
	}
	// A small photo of the same kind is taken.
	if _, err := Prepare(deepPNG(t, 64, 48)); err != nil {
		t.Fatalf("a small 16-bit PNG: %v", err)
	}
}

// The estimate of bytesPerPixel is at least what the decoders keep.
func TestBytesPerPixelCoversDecoders(t *testing.T) {
	r := image.Rect(0, 0, 16, 8)
	pal := image.NewPaletted(r, color.Palette{color.Black, color.White})
	for name, m := range map[string]image.Image{
		"gray": image.NewGray(r), "gray16": image.NewGray16(r), "paletted": pal,
		"rgba": image.NewRGBA(r), "nrgba": image.NewNRGBA(r), "rgba64": image.NewRGBA64(r), "nrgba64": image.NewNRGBA64(r),
	} {
		var b bytes.Buffer
		if err := png.Encode(&b, m); err != nil {
			t.Fatal(err)
		}
		check(t, "png "+name, b.Bytes())
	}
	for name, m := range map[string]image.Image{"gray": image.NewGray(r), "colour": image.NewRGBA(r)} {
		var b bytes.Buffer
		if err := jpeg.Encode(&b, m, nil); err != nil {
			t.Fatal(err)
		}
		check(t, "jpeg "+name, b.Bytes())
	}
}

func check(t *testing.T, name string, raw []byte) {
	t.Helper()
	cfg, _, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if est, got := int64(cfg.Width*cfg.Height)*bytesPerPixel(cfg.ColorModel), decodedBytes(m); est < got {
		t.Errorf("%s: estimated %d bytes, the decoder keeps %d", name, est, got)
	}
}

func decodedBytes(m image.Image) int64 {
	switch m := m.(type) {
	case *image.Gray:
		return int64(len(m.Pix))
	case *image.Gray16:
		return int64(len(m.Pix))
	case *image.Paletted:
		return int64(len(m.Pix))
	case *image.RGBA:
		return int64(len(m.Pix))
	case *image.NRGBA:
		return int64(len(m.Pix))
	case *image.RGBA64:
		return int64(len(m.Pix))
	case *image.NRGBA64:
		return int64(len(m.Pix))
	case *image.YCbCr:
		return int64(len(m.Y) + len(m.Cb) + len(m.Cr))
	case *image.CMYK:
		return int64(len(m.Pix))
	}
	return 1 << 62
}

// While MaxDecodes photos are being decoded, another waits decodeWait and
// is refused with ErrBusy, retryable.
func TestDecodesAreBounded(t *testing.T) {
	for range MaxDecodes {
		decodes <- struct{}{}
	}
	_, err := Prepare(deepPNG(t, 64, 48))
	for range MaxDecodes {
		<-decodes
	}
	if err != ErrBusy {
		t.Fatalf("Prepare with every decode slot taken = %v, want ErrBusy", err)
	}
	if ErrBusy.Code != protocol.CodeUnavailable || ErrBusy.MessageAr == "" {
		t.Fatalf("ErrBusy = %+v: want unavailable in both languages", ErrBusy)
	}
	if _, err := Prepare(deepPNG(t, 64, 48)); err != nil {
		t.Fatalf("Prepare with the slots free again: %v", err)
	}
}

// FuzzCheckHeader: the header check never panics, and what it passes
// decodes within the limits.
func FuzzCheckHeader(f *testing.F) {
	f.Add(deepPNG(f, 4, 3))
	f.Add(deepPNG(f, 700, 700))
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 8, 8)), nil)
	f.Add(b.Bytes())
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("\xff\xd8\xff\xc2\x00\x11\x08\x20\x00\x20\x00\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		fm, err := checkHeader(raw)
		if err != nil {
			return
		}
		cfg, err := fm.config(raw)
		if err != nil {
			t.Fatalf("passed a header that does not read: %v", err)
		}
		if px := int64(cfg.Width) * int64(cfg.Height); px > MaxPixels || px*bytesPerPixel(cfg.ColorModel) > MaxDecodedBytes {
			t.Fatalf("passed %dx%d %T over the limits", cfg.Width, cfg.Height, cfg.ColorModel)
		}
	})
}

// jpegHeader is a colour JPEG (4:2:0, as image/jpeg writes it) whose frame
// header claims w×h pixels, progressive or not; its pixels do not matter to
// the header check.
func jpegHeader(t *testing.T, progressive bool, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 16, 16)), nil); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	i := bytes.Index(raw, []byte{0xFF, 0xC0})
	if i < 0 {
		t.Fatal("no baseline frame header")
	}
	if progressive {
		raw[i+1] = 0xC2
	}
	binary.BigEndian.PutUint16(raw[i+5:], uint16(h))
	binary.BigEndian.PutUint16(raw[i+7:], uint16(w))
	return raw
}

// A progressive JPEG costs its coefficients too: a 36-megapixel one is
// refused where the baseline one passes; a 12-megapixel progressive phone
// photo passes.
func TestProgressiveJPEGCountsItsCoefficients(t *testing.T) {
	for _, tc := range []struct {
		name        string
		progressive bool
		w, h        int
		ok          bool
	}{
		{"baseline 36 MP", false, 6000, 6000, true},
		{"progressive 36 MP", true, 6000, 6000, false},
		{"progressive 12 MP", true, 4000, 3000, true},
	} {
		_, err := checkHeader(jpegHeader(t, tc.progressive, tc.w, tc.h))
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v, want accepted %v", tc.name, err, tc.ok)
		}
	}
}
