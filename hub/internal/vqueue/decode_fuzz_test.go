package vqueue

import (
	"github.com/shamil-municipal/shamil/hub/internal/publicpage"
	"strings"
	"testing"
)

func FuzzDecodeTake(f *testing.F) {
	f.Add("application/json", `{"service":"road-defect","phone":"0501234567","lang":"ar","request_id":"r1"}`)
	f.Add("application/x-www-form-urlencoded", "service=road-defect&phone=0501234567&lane=normal")
	f.Add("application/json", `{"service":1}`)
	f.Add("application/x-www-form-urlencoded", "service=a&service=b")
	f.Add("text/plain", `{"lane":"priority"}`)
	f.Fuzz(func(t *testing.T, contentType, body string) {
		in, err := decodeTake(contentType, strings.NewReader(body))
		if err != nil {
			return
		}
		if in.Lane != "" && in.Lane != "normal" {
			t.Fatalf("lane %q accepted", in.Lane)
		}
		if len(body) > publicpage.MaxBody {
			t.Fatalf("a %d-byte body accepted", len(body))
		}
	})
}
