package booking

import (
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/internal/publicpage"
)

func FuzzDecode(f *testing.F) {
	f.Add("application/json", `{"service":"building-permit","slot":"2026-12-07T08:50:00+03:00","phone":"0501234567","lang":"ar","request_id":"r1"}`)
	f.Add("application/x-www-form-urlencoded", "service=building-permit&slot=2026-12-07T08%3A50%3A00%2B03%3A00&phone=0501234567")
	f.Add("application/json", `{"code":"7KQ2M-XD9PA","slot":"x"}`)
	f.Add("application/x-www-form-urlencoded", "code=a&code=b")
	f.Add("application/json", `{"slot":1}`)
	f.Fuzz(func(t *testing.T, contentType, body string) {
		_, errBook := decodeBook(contentType, strings.NewReader(body))
		_, errChange := decodeChange(contentType, strings.NewReader(body))
		if (errBook == nil || errChange == nil) && len(body) > publicpage.MaxBody {
			t.Fatalf("a %d-byte body accepted", len(body))
		}
	})
}
