package publicpage

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// MaxBody is far more than a page's form needs.
const MaxBody = 4 << 10

var (
	errBadBody  = words.BadForm.Error(protocol.CodeBadRequest)
	errTooLarge = words.FormTooLarge.Error(protocol.CodeTooLarge)
)

// Decode reads JSON into v, or a urlencoded form into fields; unknown
// fields and repeated form fields are refused.
func Decode(contentType string, body io.Reader, v any, fields map[string]*string) error {
	data, err := io.ReadAll(io.LimitReader(body, MaxBody+1))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return errTooLarge
		}
		return errBadBody
	}
	if len(data) > MaxBody {
		return errTooLarge
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt == "application/x-www-form-urlencoded" {
		values, err := url.ParseQuery(string(data))
		if err != nil {
			return errBadBody
		}
		for k, vs := range values {
			p, ok := fields[k]
			if !ok || len(vs) != 1 {
				return errBadBody
			}
			*p = vs[0]
		}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errBadBody
	}
	if _, err := dec.Token(); err != io.EOF {
		return errBadBody
	}
	return nil
}
