package citizen

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"

	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// maxForm bounds a whole multipart request: the photos and the text fields.
const maxForm = media.MaxPhotos*media.MaxPhotoBytes + maxBody

var errBadForm = words.NotExpectedForm.Error(protocol.CodeBadRequest)

// form is a multipart request as sent by the citizen's pages: text fields
// and up to media.MaxPhotos files in the "photos" field.
type form struct {
	values map[string]string
	photos [][]byte
}

func (f form) value(name string) string { return f.values[name] }

func isMultipart(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "multipart/form-data"
}

// readForm reads a multipart request with only the named text fields and
// "photos" files, each within its limit. Nothing is written to disk.
func readForm(w http.ResponseWriter, r *http.Request, fields ...string) (form, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	mr, err := r.MultipartReader()
	if err != nil {
		return form{}, errBadForm
	}
	f := form{values: map[string]string{}}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return f, nil
		}
		if err != nil {
			return form{}, formError(err)
		}
		name := part.FormName()
		switch {
		case name == "photos":
			if len(f.photos) == media.MaxPhotos {
				return form{}, media.ErrTooMany
			}
			data, err := io.ReadAll(io.LimitReader(part, media.MaxPhotoBytes+1))
			if err != nil {
				return form{}, formError(err)
			}
			if len(data) > media.MaxPhotoBytes {
				return form{}, media.ErrTooLarge
			}
			if len(data) > 0 { // an empty file input sends an empty part
				f.photos = append(f.photos, data)
			}
		case slices.Contains(fields, name):
			if _, dup := f.values[name]; dup {
				return form{}, errBadForm
			}
			data, err := io.ReadAll(io.LimitReader(part, maxBody+1))
			if err != nil {
				return form{}, formError(err)
			}
			if len(data) > maxBody {
				return form{}, errTooLarge
			}
			f.values[name] = string(data)
		default:
			return form{}, errBadForm
		}
	}
}

func formError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return media.ErrTooLarge
	}
	return errBadForm
}
