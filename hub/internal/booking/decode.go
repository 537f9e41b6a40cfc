package booking

import (
	"io"

	"github.com/shamil-municipal/shamil/hub/internal/publicpage"
)

// bookRequest is the body of POST /api/v1/branches/{b}/bookings, as JSON or
// as an HTML form.
type bookRequest struct {
	Service   string `json:"service"`
	Slot      string `json:"slot"` // RFC 3339
	Phone     string `json:"phone"`
	Lang      string `json:"lang"`
	RequestID string `json:"request_id"`
}

// changeRequest is the body of a change or a cancel: the access code, and
// for a change the new slot (and service, when it changes too).
type changeRequest struct {
	Code    string `json:"code"`
	Service string `json:"service"`
	Slot    string `json:"slot"`
}

func decodeBook(contentType string, body io.Reader) (bookRequest, error) {
	var in bookRequest
	err := publicpage.Decode(contentType, body, &in, map[string]*string{"service": &in.Service, "slot": &in.Slot,
		"phone": &in.Phone, "lang": &in.Lang, "request_id": &in.RequestID})
	return in, err
}

func decodeChange(contentType string, body io.Reader) (changeRequest, error) {
	var in changeRequest
	err := publicpage.Decode(contentType, body, &in, map[string]*string{"code": &in.Code, "service": &in.Service, "slot": &in.Slot})
	return in, err
}
