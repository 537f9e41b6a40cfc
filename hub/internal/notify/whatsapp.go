package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// WhatsApp sends through the WhatsApp Business Cloud API:
// POST {APIURL}/{PhoneID}/messages with a bearer token.
type WhatsApp struct {
	APIURL  string // e.g. https://graph.facebook.com/v21.0
	PhoneID string // the business phone number id
	Token   string
	Client  *http.Client
}

func (w *WhatsApp) Name() string { return "whatsapp" }

type waParam struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type waComponent struct {
	Type       string    `json:"type"`
	Parameters []waParam `json:"parameters"`
}

type waTemplate struct {
	Name       string        `json:"name"`
	Language   waLanguage    `json:"language"`
	Components []waComponent `json:"components,omitempty"`
}

type waLanguage struct {
	Code string `json:"code"`
}

type waText struct {
	Body string `json:"body"`
}

type waMessage struct {
	Product  string      `json:"messaging_product"`
	To       string      `json:"to"`
	Type     string      `json:"type"`
	Template *waTemplate `json:"template,omitempty"`
	Text     *waText     `json:"text,omitempty"`
}

// Send sends m as a template message.
func (w *WhatsApp) Send(ctx context.Context, m Message) error {
	lang := "ar"
	if m.Lang == "en" {
		lang = "en"
	}
	tpl := &waTemplate{Name: m.Template, Language: waLanguage{Code: lang}}
	if len(m.Params) > 0 {
		c := waComponent{Type: "body"}
		for _, p := range m.Params {
			c.Parameters = append(c.Parameters, waParam{Type: "text", Text: p})
		}
		tpl.Components = []waComponent{c}
	}
	return w.post(ctx, waMessage{Product: "whatsapp", To: waNumber(m.To), Type: "template", Template: tpl})
}

// SendText sends a free-form text: allowed only as a reply within 24 hours
// of the citizen's last message, which is when the webhook uses it.
func (w *WhatsApp) SendText(ctx context.Context, to, body string) error {
	return w.post(ctx, waMessage{Product: "whatsapp", To: waNumber(to), Type: "text", Text: &waText{Body: body}})
}

func (w *WhatsApp) post(ctx context.Context, msg waMessage) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return fmt.Errorf("whatsapp: encode: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(w.APIURL, "/")+"/"+w.PhoneID+"/messages", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("whatsapp: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+w.Token)
	return do(w.Client, req, "whatsapp")
}

// waNumber is the number as the Cloud API writes it: digits only.
func waNumber(e164 string) string { return strings.TrimPrefix(e164, "+") }

// do sends req and turns any answer but 2xx into an error that quotes it.
func do(c *http.Client, req *http.Request, provider string) error {
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", provider, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return fmt.Errorf("%s: %s: %s", provider, resp.Status, bytes.TrimSpace(snippet))
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	return nil
}
