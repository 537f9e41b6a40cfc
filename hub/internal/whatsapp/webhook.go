// Package whatsapp is the inbound WhatsApp webhook, /webhooks/whatsapp: a
// citizen asks for a case's status, answers an information request or
// reports a problem, with photos and a location, by WhatsApp (the rules are
// in conversation.go).
package whatsapp

import (
	"context"
	"crypto/subtle"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/words"
)

// maxBody bounds a webhook post; Meta's are a few kilobytes.
const maxBody = 1 << 20

// seenFor is how long a message id is remembered, so that a post delivered
// or replayed again is handled once: Meta retries a delivery for up to 7
// days.
const seenFor = 7 * 24 * time.Hour

// Replier sends a text answer to a citizen (notify.WhatsApp does).
type Replier interface {
	SendText(ctx context.Context, to, body string) error
}

// Webhook handles /webhooks/whatsapp.
type Webhook struct {
	AppSecret   string
	VerifyToken string
	Acts        *actions.Actions
	Store       *store.Store
	Cat         *catalogue.Catalogue
	Reply       Replier
	Log         *slog.Logger
	// Photos: inbound images are fetched from the Graph API with the
	// token and kept in Media. Without a token or Media, images get a reply
	// that photos are not taken.
	GraphURL string // e.g. https://graph.facebook.com/v21.0
	Token    string
	Client   *http.Client // nil: http.DefaultClient
	Media    media.Store
}

// Mount adds GET and POST /webhooks/whatsapp to mux. Without an app secret
// (nothing could be trusted) or a way to reply, the webhook is off.
func Mount(mux *http.ServeMux, w *Webhook) {
	if w.AppSecret == "" || w.Reply == nil {
		return
	}
	mux.HandleFunc("GET /webhooks/whatsapp", w.verify)
	mux.HandleFunc("POST /webhooks/whatsapp", w.receive)
}

// verify answers Meta's subscription handshake: hub.mode=subscribe and the
// configured hub.verify_token get hub.challenge back.
func (w *Webhook) verify(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	token := q.Get("hub.verify_token")
	if q.Get("hub.mode") != "subscribe" || w.VerifyToken == "" ||
		subtle.ConstantTimeCompare([]byte(token), []byte(w.VerifyToken)) != 1 {
		http.Error(rw, words.VerificationFailed.Both(), http.StatusForbidden)
		return
	}
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(rw, q.Get("hub.challenge"))
}

// receive handles a signed notification. Every message is handled before
// the answer, so a 200 means done; Meta retries anything else. A message id
// already seen is skipped: a retried or replayed post is handled once. The
// signature is all that is checked; the verify token is for the handshake
// only.
func (w *Webhook) receive(rw http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, maxBody))
	if err != nil {
		http.Error(rw, words.WebhookTooLarge.Both(), http.StatusRequestEntityTooLarge)
		return
	}
	sig := r.Header.Get("X-Hub-Signature-256")
	if sig == "" {
		http.Error(rw, words.SignatureRequired.Both(), http.StatusUnauthorized)
		return
	}
	if !validSignature(sig, body, w.AppSecret) {
		http.Error(rw, words.BadSignature.Both(), http.StatusForbidden)
		return
	}
	msgs, err := decode(body)
	if err != nil {
		http.Error(rw, words.BadNotification.Both(), http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 15*time.Second)
	defer cancel()
	for _, m := range msgs {
		if m.ID != "" {
			first, err := w.Store.FirstWhatsAppDelivery(ctx, m.ID, seenFor)
			if err != nil {
				// Those handled already are marked: the retry skips them.
				w.Log.Error("whatsapp: mark a message delivered", "error", err)
				http.Error(rw, words.TryLater.Both(), http.StatusServiceUnavailable)
				return
			}
			if !first {
				continue
			}
		}
		w.handle(ctx, m)
	}
	rw.WriteHeader(http.StatusOK)
}
