package ws

import (
	"encoding/json"
	"errors"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// decodeRequest reads one client frame. A frame that is not a request is a
// bad_request *protocol.Error naming the problem; the returned request
// still carries the id when it could be read, so the reply can name it.
func decodeRequest(frame []byte) (protocol.Request, error) {
	var req protocol.Request
	if err := json.Unmarshal(frame, &req); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax):
			return req, words.NotJSON.Fill(syntax.Offset).Error(protocol.CodeBadRequest)
		case errors.As(err, &typ) && typ.Field != "":
			return req, words.FieldType.Fill(typ.Field, typ.Type, typ.Value).FieldError(typ.Field)
		default:
			return req, words.NotRequest.Error(protocol.CodeBadRequest)
		}
	}
	if req.ID == "" {
		return req, words.NoRequestID.FieldError("id")
	}
	if req.Type == "" {
		return req, words.NoRequestType.FieldError("type")
	}
	return req, nil
}
