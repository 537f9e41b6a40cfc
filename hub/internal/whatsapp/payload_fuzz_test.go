package whatsapp

import "testing"

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"wamid.1","from":"966501234567","type":"text","text":{"body":"بلاغ حفرة"}}]}}]}]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"x","from":"1","type":"location","location":{"latitude":26.5,"longitude":50}}]}}]}]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"statuses","value":{}}]}]}`))
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
