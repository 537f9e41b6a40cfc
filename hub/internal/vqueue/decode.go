package vqueue

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// maxBody is far more than a ticket request needs.
const maxBody = 4 << 10

// takeRequest is the body of POST /api/v1/branches/{b}/remote-tickets, as
// JSON or as an HTML form.
type takeRequest struct {
	Service   string `json:"service"`
	Lane      string `json:"lane"` // only "normal" (or empty): priority is decided at the kiosk
	Phone     string `json:"phone"`
	Lang      string `json:"lang"`
	RequestID string `json:"request_id"`
}

// codeRequest is the body of a cancel: the access code.
type codeRequest struct {
	Code string `json:"code"`
}

var (
	errBadBody = protocol.NewError(protocol.CodeBadRequest, "The request is not valid JSON or form data with the expected fields",
		"الطلب ليس JSON أو نموذجاً صالحاً بالحقول المتوقعة")
	errTooLarge = protocol.NewError(protocol.CodeTooLarge, "The request is larger than 4 KiB", "الطلب أكبر من 4 كيلوبايت")
	errLane     = protocol.FieldError("lane", "Remote tickets are in the normal lane; ask at the kiosk for priority",
		"التذاكر عن بُعد في المسار العادي؛ اطلب الأولوية من جهاز الفرع")
)

// decodeTake reads a take request whose body is of type contentType.
func decodeTake(contentType string, body io.Reader) (takeRequest, error) {
	var in takeRequest
	fields := map[string]*string{"service": &in.Service, "lane": &in.Lane, "phone": &in.Phone,
		"lang": &in.Lang, "request_id": &in.RequestID}
	if err := decodeBody(contentType, body, &in, fields); err != nil {
		return takeRequest{}, err
	}
	if in.Lane != "" && in.Lane != string(protocol.LaneNormal) {
		return takeRequest{}, errLane
	}
	return in, nil
}

func decodeCode(contentType string, body io.Reader) (codeRequest, error) {
	var in codeRequest
	err := decodeBody(contentType, body, &in, map[string]*string{"code": &in.Code})
	return in, err
}

// decodeBody reads JSON into v, or a urlencoded form into fields; unknown
// fields and repeated form fields are refused.
func decodeBody(contentType string, body io.Reader, v any, fields map[string]*string) error {
	data, err := io.ReadAll(io.LimitReader(body, maxBody+1))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return errTooLarge
		}
		return errBadBody
	}
	if len(data) > maxBody {
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
