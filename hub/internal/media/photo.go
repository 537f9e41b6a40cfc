package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// The limits on what a citizen sends: MaxPhotos photos of at most
// MaxPhotoBytes each, and at most MaxPixels and MaxDecodedBytes once decoded
// (a small file can claim a huge image: a decompression bomb; a 308 KB PNG
// of 6300×6300 16-bit pixels decodes to 318 MB). 40 megapixels is more than
// any phone camera takes; 128 MiB holds a 40-megapixel JPEG or a
// 32-megapixel PNG with transparency.
const (
	MaxPhotos       = 3
	MaxPhotoBytes   = 5 << 20
	MaxPixels       = 40_000_000
	MaxDecodedBytes = 128 << 20
)

// At most MaxDecodes photos are decoded at once in the hub, so memory stays
// under about MaxDecodes × MaxDecodedBytes (and its re-encoding) however
// many citizens send photos. A photo waits up to decodeWait for its turn,
// then is refused with ErrBusy: the client retries after RetryAfter.
const (
	MaxDecodes = 2
	decodeWait = 3 * time.Second
	RetryAfter = 5 * time.Second
)

// decodes holds a token per photo being decoded.
var decodes = make(chan struct{}, MaxDecodes)

// Photo is a photo ready to keep: re-encoded, so it carries no metadata
// (EXIF, GPS position, camera serial), turned the way the camera's EXIF
// orientation said, and its key.
type Photo struct {
	Key  string
	Data []byte
}

var (
	ErrTooMany       = words.TooManyPhotos.Fill(MaxPhotos).FieldError("photos")
	ErrTooLarge      = words.PhotoTooLarge.ErrorOn(protocol.CodeTooLarge, "photos")
	errNotImage      = words.NotAPhoto.FieldError("photos")
	errTooManyPixels = words.TooManyPixels.FieldError("photos")
	errTooDeep       = words.PhotoTooDeep.FieldError("photos")
	// ErrBusy is a photo refused because the hub is decoding others: the
	// client may send it again after RetryAfter.
	ErrBusy = words.PhotosBusy.ErrorOn(protocol.CodeUnavailable, "photos")
)

// format is how a photo of one format is read and written.
type format struct {
	ext    string
	config func([]byte) (image.Config, error)
	decode func([]byte) (image.Image, error)
	encode func(*bytes.Buffer, image.Image) error
}

var (
	jpegFormat = format{".jpg",
		func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) },
		func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) },
		func(w *bytes.Buffer, m image.Image) error { return jpeg.Encode(w, m, &jpeg.Options{Quality: 85}) }}
	pngFormat = format{".png",
		func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) },
		func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) },
		func(w *bytes.Buffer, m image.Image) error { return png.Encode(w, m) }}
)

// Prepare checks a photo a citizen sent and re-encodes it. The format is
// read from the bytes, never from the file name or the Content-Type the
// client claims; the header is checked before anything is decoded.
func Prepare(raw []byte) (Photo, error) {
	f, err := checkHeader(raw)
	if err != nil {
		return Photo{}, err
	}
	timer := time.NewTimer(decodeWait)
	defer timer.Stop()
	select {
	case decodes <- struct{}{}:
	case <-timer.C:
		return Photo{}, ErrBusy
	}
	defer func() { <-decodes }()
	img, err := f.decode(raw)
	if err != nil {
		return Photo{}, errNotImage
	}
	if f.ext == ".jpg" {
		img = orient(img, jpegOrientation(raw))
	}
	var out bytes.Buffer
	if err := f.encode(&out, img); err != nil {
		return Photo{}, fmt.Errorf("media: re-encode photo: %w", err)
	}
	return Photo{Key: KeyFor(out.Bytes(), f.ext), Data: out.Bytes()}, nil
}

// checkHeader reads a photo's header, without decoding its pixels, and
// refuses what is not a JPEG or PNG, or would be too large once decoded.
func checkHeader(raw []byte) (format, error) {
	if len(raw) > MaxPhotoBytes {
		return format{}, ErrTooLarge
	}
	var f format
	switch http.DetectContentType(raw) {
	case "image/jpeg":
		f = jpegFormat
	case "image/png":
		f = pngFormat
	default:
		return format{}, errNotImage
	}
	cfg, err := f.config(raw)
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return format{}, errNotImage
	}
	pixels := int64(cfg.Width) * int64(cfg.Height)
	if pixels > MaxPixels {
		return format{}, errTooManyPixels
	}
	perPixel := float64(bytesPerPixel(cfg.ColorModel))
	if f.ext == ".jpg" {
		perPixel += jpegCoefficientBytes(raw)
	}
	if float64(pixels)*perPixel > MaxDecodedBytes {
		return format{}, errTooDeep
	}
	return f, nil
}

// bytesPerPixel is how many bytes the image/jpeg and image/png decoders
// keep per pixel of an image of the color model; anything unexpected counts
// as the most they keep, 8 (16-bit RGBA).
func bytesPerPixel(m color.Model) int64 {
	if _, ok := m.(color.Palette); ok { // a slice: not comparable below
		return 1
	}
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel: // JPEG colour: at most 4:4:4, no subsampling
		return 3
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4
	}
	return 8
}

// jpegCoefficientBytes is what image/jpeg keeps per pixel besides the
// image while it decodes a progressive JPEG: the coefficients of the whole
// image, 64 int32 (4 bytes a pixel) for each component, fewer for a
// subsampled one (its sampling factors against the largest, from the
// frame header). A baseline JPEG needs none.
func jpegCoefficientBytes(raw []byte) float64 {
	var perPixel float64
	jpegSegments(raw, func(marker byte, seg []byte) bool {
		switch marker {
		case 0xC2, 0xC6, 0xCA, 0xCE: // progressive frames (image/jpeg reads SOF2)
		case 0xC0, 0xC1, 0xC3, 0xC5, 0xC7, 0xC9, 0xCB, 0xCD, 0xCF:
			return false // a frame of another kind: no coefficients kept
		default:
			return true
		}
		// precision, height, width, components, then 3 bytes a component:
		// id, sampling factors (h<<4 | v), quantisation table.
		if len(seg) < 6 || len(seg) < 6+3*int(seg[5]) {
			perPixel = 4 * 4 // unreadable: the most, four full components
			return false
		}
		n := int(seg[5])
		var hMax, vMax float64 = 1, 1
		for i := range n {
			hv := seg[6+3*i+1]
			hMax, vMax = max(hMax, float64(hv>>4)), max(vMax, float64(hv&15))
		}
		for i := range n {
			hv := seg[6+3*i+1]
			perPixel += 4 * float64(hv>>4) * float64(hv&15) / (hMax * vMax)
		}
		return false
	})
	return perPixel
}

// KeyFor is the content address of a photo: the SHA-256 of its bytes and
// its format's extension (.jpg or .png).
func KeyFor(data []byte, ext string) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]) + ext
}

// ContentType is the media type of a stored photo, from its key.
func ContentType(key string) string {
	if len(key) > 4 && key[len(key)-4:] == ".png" {
		return "image/png"
	}
	return "image/jpeg"
}
