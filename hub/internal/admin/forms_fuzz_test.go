package admin

import (
	"errors"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// FuzzDecodeForm feeds untrusted bodies to the decoder of every add form:
// it must never panic, and every failure must be a bad_request in both
// languages.
func FuzzDecodeForm(f *testing.F) {
	for _, s := range []string{
		`{"kind":"kiosk","branch":"qatif","name":"كشك ٢"}`,
		`{"role":"department","branch":"qatif","department":"roads","head":true,"name":"هدى","username":"huda"}`,
		`{"role":"manager","branch":"qatif","region":["khobar"],"name":"خالد"}`,
		`{"branch":"qatif","name":"بلدي"}`, `{"region":"x"}`, `{"head":1}`, `{"x":1}`, `{} {}`, `[]`, `null`, ``, `{"name":`,
	} {
		f.Add(s)
	}
	forms := []func() any{func() any { return &newDevice{} }, func() any { return &newPerson{} }, func() any { return &newAPIKey{} }}
	f.Fuzz(func(t *testing.T, body string) {
		for _, form := range forms {
			err := decodeForm(strings.NewReader(body), form())
			var pe *protocol.Error
			if err != nil && (!errors.As(err, &pe) || pe.Code != protocol.CodeBadRequest || pe.Message == "" || pe.MessageAr == "") {
				t.Fatalf("decodeForm(%q) = %v", body, err)
			}
		}
	})
}
