package whatsapp

import (
	"strings"
	"testing"
)

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"wamid.1","from":"966501234567","type":"text","text":{"body":"بلاغ حفرة"}}]}}]}]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"x","from":"1","type":"location","location":{"latitude":26.5,"longitude":50}}]}}]}]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"statuses","value":{}}]}]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"x","from":"1","type":"image","image":{"id":"m1","caption":"بلاغ 2"}}]}}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		msgs, err := decode(body)
		if err != nil {
			return
		}
		if len(msgs) > maxMessages {
			t.Fatalf("%d messages", len(msgs))
		}
		for _, m := range msgs {
			if m.ID == "" || m.From == "" {
				t.Fatalf("message without id or sender: %+v", m)
			}
			_ = m.text()
		}
	})
}

// FuzzLeadingNumber: a citizen's menu choice, in any digits, never panics
// and is always on the menu.
func FuzzLeadingNumber(f *testing.F) {
	for _, s := range []string{"2", "٢ حفرة", "۳. text", "12", "0", "2024", "3rd", "", "9999999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n, rest, ok := leadingNumber(text, 9)
		if ok && (n < 1 || n > 9 || !strings.HasSuffix(text, rest)) {
			t.Fatalf("%q: %d, %q", text, n, rest)
		}
	})
}
