package citizen

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http/httptest"
	"testing"

	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// FuzzReadForm feeds the multipart reader untrusted bodies: it never
// panics, answers only protocol errors, and never returns more than
// media.MaxPhotos photos or one over the size limit.
func FuzzReadForm(f *testing.F) {
	const boundary = "xBOUNDARYx"
	var seed bytes.Buffer
	w := multipart.NewWriter(&seed)
	w.SetBoundary(boundary)
	w.WriteField("code", "7KQ2M-XD9PA")
	w.WriteField("text", "شارع القدس")
	p, _ := w.CreateFormFile("photos", "a.png")
	p.Write([]byte("\x89PNG\r\n\x1a\n"))
	w.Close()
	f.Add(seed.Bytes())
	f.Add([]byte("--" + boundary + "\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\nx\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\ny\r\n--" + boundary + "--\r\n"))
	f.Add([]byte("--" + boundary + "\r\n\r\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", "/api/v1/cases/X/reply", bytes.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		form, err := readForm(httptest.NewRecorder(), r, "code", "text")
		var pe *protocol.Error
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("not a protocol error: %v", err)
		}
		if len(form.photos) > media.MaxPhotos {
			t.Fatalf("%d photos", len(form.photos))
		}
		for _, p := range form.photos {
			if len(p) > media.MaxPhotoBytes {
				t.Fatal("a photo over the limit")
			}
		}
	})
}

func TestReadFormNeedsMultipart(t *testing.T) {
	r := httptest.NewRequest("POST", "/", bytes.NewReader([]byte(`{"code":"x"}`)))
	r.Header.Set("Content-Type", "application/json")
	if _, err := readForm(httptest.NewRecorder(), r, "code"); err != errBadForm {
		t.Fatalf("got %v", err)
	}
}
