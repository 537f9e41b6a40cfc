package whatsapp

import (
	"encoding/json"
	"fmt"
)

// payload is the part of a WhatsApp Cloud API webhook notification the hub
// reads: entry[].changes[].value.messages[]. Delivery statuses are ignored.
type payload struct {
	Object string `json:"object"`
	Entry  []struct {
		Changes []struct {
			Field string `json:"field"`
			Value struct {
				Messages []Inbound `json:"messages"`
			} `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

// Inbound is one message a citizen sent.
type Inbound struct {
	ID   string `json:"id"`   // wamid…: unique, the same when Meta delivers again
	From string `json:"from"` // the sender's number, digits only
	Type string `json:"type"` // text, image, location, …
	Text *struct {
		Body string `json:"body"`
	} `json:"text,omitempty"`
	Image *struct {
		ID      string `json:"id"`
		Caption string `json:"caption"`
	} `json:"image,omitempty"`
	Location *struct {
		Latitude  float64 `json:"latitude"`
		Longitude float64 `json:"longitude"`
		Name      string  `json:"name"`
		Address   string  `json:"address"`
	} `json:"location,omitempty"`
}

// maxMessages bounds how many messages one post may carry.
const maxMessages = 100

// decode reads a webhook body into its messages, in order.
func decode(body []byte) ([]Inbound, error) {
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, fmt.Errorf("whatsapp webhook: %w", err)
	}
	if p.Object != "whatsapp_business_account" {
		return nil, fmt.Errorf("whatsapp webhook: object %q, want whatsapp_business_account", p.Object)
	}
	var msgs []Inbound
	for _, e := range p.Entry {
		for _, c := range e.Changes {
			if c.Field != "messages" {
				continue
			}
			for _, m := range c.Value.Messages {
				if m.ID == "" || m.From == "" {
					return nil, fmt.Errorf("whatsapp webhook: a message without id or sender")
				}
				msgs = append(msgs, m)
				if len(msgs) > maxMessages {
					return nil, fmt.Errorf("whatsapp webhook: more than %d messages", maxMessages)
				}
			}
		}
	}
	return msgs, nil
}

// text is what the citizen wrote: the text, or an image's caption.
func (m Inbound) text() string {
	switch {
	case m.Text != nil:
		return m.Text.Body
	case m.Image != nil:
		return m.Image.Caption
	}
	return ""
}
