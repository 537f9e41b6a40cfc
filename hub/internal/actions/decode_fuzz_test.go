package actions

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// FuzzDecode feeds untrusted request data to the decoder of every payload
// type: it must never panic, and every failure must be a typed bad_request.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"service":"road-defect","lane":"priority","phone":"0501234567","lang":"ar"}`,
		`{"ticket":"qatif-20261128-A001"}`, `{"desk":"1","reason":"prayer"}`,
		`{"case":"QTF-2026-000001","text":"ok","deadline":"2026-12-01T10:00:00Z"}`,
		`{"case":"x","location":{"lat":26.5,"lng":50.0},"details":{"plot":"12"}}`,
		`{"case":"QTF-2026-000001","assignee":"omar"}`, `{"view":"due_soon","department":"roads"}`,
		`{"service":`, `[]`, `null`, `{"service":1}`, `{"a":{"b":[1,2,{"c":null}]}}`, ``,
	} {
		f.Add(s)
	}
	payloads := []func() any{
		func() any { return &protocol.IssueTicket{} }, func() any { return &protocol.TicketRef{} },
		func() any { return &protocol.TransferTicket{} }, func() any { return &protocol.DeskRef{} },
		func() any { return &protocol.PauseDesk{} }, func() any { return &protocol.CaseRequest{} },
		func() any { return &protocol.UpdateCase{} }, func() any { return &protocol.CaseText{} },
		func() any { return &protocol.RequestInfo{} }, func() any { return &protocol.ReferCase{} },
		func() any { return &protocol.CloseCase{} }, func() any { return &protocol.AssignCase{} },
		func() any { return &protocol.Inbox{} },
	}
	f.Fuzz(func(t *testing.T, data string) {
		for _, p := range payloads {
			err := decode(protocol.Request{Type: "x", Data: json.RawMessage(data)}, p())
			var pe *protocol.Error
			if err != nil && (!errors.As(err, &pe) || pe.Code != protocol.CodeBadRequest || pe.Message == "" || pe.MessageAr == "") {
				t.Fatalf("decode(%q) = %v", data, err)
			}
		}
	})
}
