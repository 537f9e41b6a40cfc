package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// The limits on what a citizen sends: MaxPhotos photos of at most
// MaxPhotoBytes each, and at most MaxPixels once decoded (a small file can
// claim a huge image: a decompression bomb). 40 megapixels is more than any
// phone camera takes.
const (
	MaxPhotos     = 3
	MaxPhotoBytes = 5 << 20
	MaxPixels     = 40_000_000
)

// Photo is a photo ready to keep: re-encoded, so it carries no metadata
// (EXIF, GPS position, camera serial), turned the way the camera's EXIF
// orientation said, and its key.
type Photo struct {
	Key  string
	Data []byte
}

var (
	ErrTooMany = protocol.FieldError("photos", fmt.Sprintf("Send at most %d photos", MaxPhotos),
		fmt.Sprintf("أرسل %d صور على الأكثر", MaxPhotos))
	ErrTooLarge = &protocol.Error{Code: protocol.CodeTooLarge, Field: "photos",
		Message: "A photo is larger than 5 MB", MessageAr: "إحدى الصور أكبر من 5 ميغابايت"}
	errNotImage = protocol.FieldError("photos", "A photo is not a JPEG or PNG image, or it is damaged",
		"إحدى الصور ليست صورة JPEG أو PNG، أو أنها تالفة")
	errTooManyPixels = protocol.FieldError("photos", "A photo has too many pixels (at most 40 megapixels)",
		"دقة إحدى الصور كبيرة جداً (40 ميغابكسل على الأكثر)")
)

// Prepare checks a photo a citizen sent and re-encodes it. The format is
// read from the bytes, never from the file name or the Content-Type the
// client claims.
func Prepare(raw []byte) (Photo, error) {
	if len(raw) > MaxPhotoBytes {
		return Photo{}, ErrTooLarge
	}
	var (
		decodeConfig func([]byte) (image.Config, error)
		decode       func([]byte) (image.Image, error)
		encode       func(*bytes.Buffer, image.Image) error
		ext          string
	)
	switch http.DetectContentType(raw) {
	case "image/jpeg":
		decodeConfig = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }
		encode = func(w *bytes.Buffer, m image.Image) error { return jpeg.Encode(w, m, &jpeg.Options{Quality: 85}) }
		ext = ".jpg"
	case "image/png":
		decodeConfig = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }
		encode = func(w *bytes.Buffer, m image.Image) error { return png.Encode(w, m) }
		ext = ".png"
	default:
		return Photo{}, errNotImage
	}
	cfg, err := decodeConfig(raw)
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return Photo{}, errNotImage
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return Photo{}, errTooManyPixels
	}
	img, err := decode(raw)
	if err != nil {
		return Photo{}, errNotImage
	}
	if ext == ".jpg" {
		img = orient(img, jpegOrientation(raw))
	}
	var out bytes.Buffer
	if err := encode(&out, img); err != nil {
		return Photo{}, fmt.Errorf("media: re-encode photo: %w", err)
	}
	return Photo{Key: KeyFor(out.Bytes(), ext), Data: out.Bytes()}, nil
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
