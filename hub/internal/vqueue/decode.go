package vqueue

import (
	"io"

	"github.com/shamil-municipal/shamil/hub/internal/publicpage"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

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

var errLane = words.RemoteLaneOnly.FieldError("lane")

// decodeTake reads a take request whose body is of type contentType.
func decodeTake(contentType string, body io.Reader) (takeRequest, error) {
	var in takeRequest
	fields := map[string]*string{"service": &in.Service, "lane": &in.Lane, "phone": &in.Phone,
		"lang": &in.Lang, "request_id": &in.RequestID}
	if err := publicpage.Decode(contentType, body, &in, fields); err != nil {
		return takeRequest{}, err
	}
	if in.Lane != "" && in.Lane != string(protocol.LaneNormal) {
		return takeRequest{}, errLane
	}
	return in, nil
}

func decodeCode(contentType string, body io.Reader) (codeRequest, error) {
	var in codeRequest
	err := publicpage.Decode(contentType, body, &in, map[string]*string{"code": &in.Code})
	return in, err
}
