package media_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

func testImage() image.Image {
	m := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		for y := 0; y < 30; y++ {
			m.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 90, 255})
		}
	}
	return m
}

func testJPEG(t testing.TB) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func testPNG(t testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, testImage()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withEXIF puts an APP1 Exif segment, as a phone camera writes, right after
// the JPEG's start-of-image marker.
func withEXIF(jpg []byte, payload string) []byte {
	seg := append([]byte("Exif\x00\x00"), payload...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xE1, byte((len(seg)+2)>>8), byte(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

func protocolCode(err error) string {
	var pe *protocol.Error
	if errors.As(err, &pe) {
		return pe.Code + "/" + pe.Field
	}
	return ""
}

func TestPrepareStripsMetadata(t *testing.T) {
	raw := withEXIF(testJPEG(t), "GPS 26.5650N 50.0119E Pixel-8 serial 12345")
	if _, err := jpeg.Decode(bytes.NewReader(raw)); err != nil {
		t.Fatalf("the test photo is not a JPEG: %v", err)
	}
	p, err := media.Prepare(raw)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(p.Data, []byte("Exif")) || bytes.Contains(p.Data, []byte("GPS")) {
		t.Fatal("the metadata survived")
	}
	m, err := jpeg.Decode(bytes.NewReader(p.Data))
	if err != nil || m.Bounds().Dx() != 40 || m.Bounds().Dy() != 30 {
		t.Fatalf("re-encoded photo: %v %v", m.Bounds(), err)
	}
	if !media.ValidKey(p.Key) || p.Key != media.KeyFor(p.Data, ".jpg") {
		t.Fatalf("key %q", p.Key)
	}
}

func TestPreparePNG(t *testing.T) {
	p, err := media.Prepare(testPNG(t))
	if err != nil {
		t.Fatal(err)
	}
	if media.ContentType(p.Key) != "image/png" {
		t.Fatalf("key %q", p.Key)
	}
	if _, err := png.Decode(bytes.NewReader(p.Data)); err != nil {
		t.Fatal(err)
	}
}

// hugePNG is a valid PNG header claiming w×h pixels, followed by nothing.
func hugePNG(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestPrepareRefuses(t *testing.T) {
	jpg := testJPEG(t)
	for name, tc := range map[string]struct {
		raw  []byte
		want string
	}{
		"text posing as PNG":  {[]byte("<script>alert(1)</script> this is photo.png"), "bad_request/photos"},
		"GIF":                 {[]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "bad_request/photos"},
		"cut-off JPEG":        {jpg[:len(jpg)/2], "bad_request/photos"},
		"empty":               {nil, "bad_request/photos"},
		"decompression bomb":  {hugePNG(100_000, 100_000), "bad_request/photos"},
		"over 5 MB":           {append(append([]byte{}, jpg...), make([]byte, media.MaxPhotoBytes)...), "too_large/photos"},
		"PNG magic, no image": {[]byte("\x89PNG\r\n\x1a\nnothing"), "bad_request/photos"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := media.Prepare(tc.raw)
			if got := protocolCode(err); got != tc.want {
				t.Fatalf("got %v (%s), want %s", err, got, tc.want)
			}
			var pe *protocol.Error
			errors.As(err, &pe)
			if pe.Message == "" || pe.MessageAr == "" {
				t.Fatalf("error without both languages: %+v", pe)
			}
		})
	}
}

// FuzzPrepare feeds the decoder path untrusted bytes: it must never panic,
// and whatever it accepts must be a photo of the format its key names.
func FuzzPrepare(f *testing.F) {
	f.Add(testJPEG(f))
	f.Add(testPNG(f))
	f.Add(withEXIF(testJPEG(f), "GPS"))
	f.Add(withEXIF(testJPEG(f), "MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00"))
	f.Add(hugePNG(1, 1))
	f.Add([]byte("not an image"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := media.Prepare(raw)
		if err != nil {
			return
		}
		cfg, format, derr := image.DecodeConfig(bytes.NewReader(p.Data))
		if derr != nil {
			t.Fatalf("accepted photo does not decode: %v", derr)
		}
		if want := map[string]string{"jpeg": "image/jpeg", "png": "image/png"}[format]; want != media.ContentType(p.Key) {
			t.Fatalf("format %s, key %s", format, p.Key)
		}
		if int64(cfg.Width)*int64(cfg.Height) > media.MaxPixels {
			t.Fatal("accepted a photo over the pixel limit")
		}
	})
}
