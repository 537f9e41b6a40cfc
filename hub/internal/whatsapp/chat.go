package whatsapp

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// chatTTL is how long a conversation is remembered after its last change:
// a report left half-way is forgotten, and photos and a location sent
// later than that no longer join the case just reported.
const chatTTL = 30 * time.Minute

// chat is what the hub remembers of a phone's conversation, in Redis.
type chat struct {
	Lang     string    `json:"lang,omitempty"`     // the language of the last message with letters
	Draft    *draft    `json:"draft,omitempty"`    // a report being put together
	Reported *reported `json:"reported,omitempty"` // the case this conversation reported
}

// draft is a report still missing its service, branch, description or
// location.
type draft struct {
	Service     string             `json:"service,omitempty"`
	Branch      string             `json:"branch,omitempty"`
	Description string             `json:"description,omitempty"`
	Photos      []string           `json:"photos,omitempty"` // media keys, already stored
	Location    *protocol.Location `json:"location,omitempty"`
	NoLocation  bool               `json:"no_location,omitempty"` // the citizen skipped the location
}

// reported is the case a conversation opened, which later photos (up to
// media.MaxPhotos in all) and a location join.
type reported struct {
	Branch string   `json:"branch"`
	Case   string   `json:"case"`
	Photos []string `json:"photos,omitempty"`
}

func (w *Webhook) loadChat(ctx context.Context, phone string) (chat, error) {
	b, err := w.Store.WhatsAppChat(ctx, phone)
	if err != nil {
		return chat{}, err
	}
	return decodeChat(b)
}

// updateChat changes the phone's conversation atomically; change may run
// more than once and must only change the chat.
func (w *Webhook) updateChat(ctx context.Context, phone string, change func(*chat) error) error {
	return w.Store.UpdateWhatsAppChat(ctx, phone, chatTTL, func(old []byte) ([]byte, error) {
		c, err := decodeChat(old)
		if err != nil {
			return nil, err
		}
		if err := change(&c); err != nil {
			return nil, err
		}
		if c == (chat{}) {
			return nil, nil
		}
		return json.Marshal(c)
	})
}

func decodeChat(b []byte) (chat, error) {
	var c chat
	if b == nil {
		return c, nil
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return chat{}, fmt.Errorf("whatsapp chat: decode: %w", err)
	}
	return c, nil
}
