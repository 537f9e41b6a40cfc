package ws

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shamil-municipal/shamil/hub/protocol"
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
			return req, protocol.NewError(protocol.CodeBadRequest,
				fmt.Sprintf("The message is not valid JSON (at byte %d)", syntax.Offset),
				fmt.Sprintf("الرسالة ليست JSON صالحاً (عند البايت %d)", syntax.Offset))
		case errors.As(err, &typ) && typ.Field != "":
			return req, protocol.FieldError(typ.Field,
				fmt.Sprintf("The field %s must be a %s, not a %s", typ.Field, typ.Type, typ.Value),
				fmt.Sprintf("نوع الحقل %s غير صحيح", typ.Field))
		default:
			return req, protocol.NewError(protocol.CodeBadRequest,
				"The message must be a JSON object with id, type and data",
				"يجب أن تكون الرسالة كائن JSON يحوي id و type و data")
		}
	}
	if req.ID == "" {
		return req, protocol.FieldError("id", "The request has no id", "الطلب بلا معرّف (id)")
	}
	if req.Type == "" {
		return req, protocol.FieldError("type", "The request has no type", "الطلب بلا نوع (type)")
	}
	return req, nil
}
