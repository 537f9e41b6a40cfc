package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// SMS sends through a generic HTTP gateway: POST URL with the JSON body
// {"to": "+9665…", "text": "…"} and, when Token is set, the header
// "Authorization: Bearer <Token>". Any 2xx answer means accepted.
type SMS struct {
	URL    string
	Token  string
	Client *http.Client
}

func (s *SMS) Name() string { return "sms" }

func (s *SMS) Send(ctx context.Context, m Message) error {
	body, err := json.Marshal(map[string]string{"to": m.To, "text": m.Text()})
	if err != nil {
		return fmt.Errorf("sms: encode: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("sms: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if s.Token != "" {
		req.Header.Set("Authorization", "Bearer "+s.Token)
	}
	return do(s.Client, req, "sms")
}
