package ws

import (
	"errors"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

func TestDecodeRequest(t *testing.T) {
	for _, c := range []struct {
		frame, id, code, field string
	}{
		{`{"id":"1","type":"queue.get"}`, "1", "", ""},
		{`{"id":"2","type":"ticket.issue","data":{"service":"x"}}`, "2", "", ""},
		{`{"id":"3","type":"ticket.issue"`, "", protocol.CodeBadRequest, ""},
		{`{"id":"4","type":5}`, "4", protocol.CodeBadRequest, "type"},
		{`{"type":"queue.get"}`, "", protocol.CodeBadRequest, "id"},
		{`{"id":"6"}`, "6", protocol.CodeBadRequest, "type"},
		{`[1,2]`, "", protocol.CodeBadRequest, ""},
		{`null`, "", protocol.CodeBadRequest, "id"},
		{``, "", protocol.CodeBadRequest, ""},
	} {
		req, err := decodeRequest([]byte(c.frame))
		var perr *protocol.Error
		switch {
		case c.code == "" && err != nil:
			t.Errorf("%s: unexpected error %v", c.frame, err)
		case c.code != "" && (!errors.As(err, &perr) || perr.Code != c.code || perr.Field != c.field || perr.MessageAr == ""):
			t.Errorf("%s: error %#v, want code %s field %q with both languages", c.frame, err, c.code, c.field)
		case req.ID != c.id:
			t.Errorf("%s: id %q, want %q", c.frame, req.ID, c.id)
		}
	}
}

func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{
		`{"id":"1","type":"auth","data":{"token":"t","version":1,"subscribe":true,"resume":{"epoch":"e","offset":3}}}`,
		`{"id":"2","type":"ticket.issue","data":{"service":"permit","lane":"priority"}}`,
		`{"id":"3","type":"ticket.issue"`, `{"id":5,"type":"x"}`, `{"id":"6","type":["x"]}`,
		`{"id":"7","type":"x","data":` + strings.Repeat("[", 10000), `null`, `"x"`, ``, "\xff\xfe",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, frame []byte) {
		req, err := decodeRequest(frame)
		if err == nil {
			if req.ID == "" || req.Type == "" {
				t.Fatalf("accepted %q without id or type", frame)
			}
			return
		}
		var perr *protocol.Error
		if !errors.As(err, &perr) || perr.Code != protocol.CodeBadRequest || perr.Message == "" {
			t.Fatalf("%q: error %v is not a bad_request protocol error", frame, err)
		}
	})
}
