package open311

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"

	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// mediaField is the spec's name for a photo uploaded with a request.
const mediaField = "media"

// maxUpload bounds a multipart request: the form and the photos.
const maxUpload = maxBody + media.MaxPhotos*(media.MaxPhotoBytes+4<<10)

var (
	errTooLarge        = words.BodyTooLarge.Error(protocol.CodeTooLarge)
	errBadMultipart    = words.BadMultipart.FieldError("Content-Type")
	errUnsupportedType = words.UnsupportedType.ErrorOn(codeUnsupportedType, "Content-Type")
)

// codeUnsupportedType is the Open311 answer's own code for a body it cannot
// read (415); the hub's other interfaces have no such refusal.
const codeUnsupportedType = "unsupported_media_type"

// readPost reads a posted request's parameters and uploaded photos: a
// urlencoded form (query parameters count too, as with any form), or a
// multipart one whose files are the spec's media. Any other body is 415.
func readPost(w http.ResponseWriter, r *http.Request) (url.Values, [][]byte, error) {
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	switch {
	case ct == "" || (err == nil && mt == "application/x-www-form-urlencoded"):
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		if err := r.ParseForm(); err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				return nil, nil, errTooLarge
			}
			return nil, nil, words.BadURLEncoded.FieldError("Content-Type")
		}
		return r.Form, nil, nil
	case err == nil && mt == "multipart/form-data" && params["boundary"] != "":
		r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
		v, photos, err := readMultipart(r.Body, params["boundary"])
		if err != nil {
			return nil, nil, err
		}
		for name, vals := range r.URL.Query() {
			v[name] = append(v[name], vals...)
		}
		return v, photos, nil
	}
	return nil, nil, errUnsupportedType
}

// readMultipart reads a multipart form in memory: text parameters of at
// most maxBody bytes in all, and at most media.MaxPhotos files under media
// of at most media.MaxPhotoBytes each. Nothing is written to disk.
func readMultipart(body io.Reader, boundary string) (url.Values, [][]byte, error) {
	mr := multipart.NewReader(body, boundary)
	v := url.Values{}
	var photos [][]byte
	textLeft := maxBody
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return v, photos, nil
		}
		if err != nil {
			return nil, nil, uploadError(err)
		}
		name := part.FormName()
		if name == mediaField {
			if len(photos) == media.MaxPhotos {
				return nil, nil, media.ErrTooMany
			}
			data, err := io.ReadAll(io.LimitReader(part, media.MaxPhotoBytes+1))
			if err != nil {
				return nil, nil, uploadError(err)
			}
			if len(data) > media.MaxPhotoBytes {
				return nil, nil, media.ErrTooLarge
			}
			if len(data) > 0 { // an empty file input sends an empty part
				photos = append(photos, data)
			}
			continue
		}
		if name == "" || part.FileName() != "" {
			return nil, nil, words.FileOnlyInMedia.FieldError(mediaField)
		}
		data, err := io.ReadAll(io.LimitReader(part, int64(textLeft+1)))
		if err != nil {
			return nil, nil, uploadError(err)
		}
		if textLeft -= len(data); textLeft < 0 {
			return nil, nil, errTooLarge
		}
		v.Add(name, string(data))
	}
}

func uploadError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return media.ErrTooLarge
	}
	return errBadMultipart
}
