package notify

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/config"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// Providers returns the configured providers, WhatsApp first, and the
// WhatsApp one on its own (nil when off) for the webhook's replies.
func Providers(cfg config.Config) ([]Notifier, *WhatsApp) {
	client := &http.Client{Timeout: 15 * time.Second}
	var ns []Notifier
	var wa *WhatsApp
	if cfg.WhatsApp.Token != "" {
		wa = &WhatsApp{APIURL: cfg.WhatsApp.APIURL, PhoneID: cfg.WhatsApp.PhoneID, Token: cfg.WhatsApp.Token, Client: client}
		ns = append(ns, wa)
	}
	if cfg.SMSURL != "" {
		ns = append(ns, &SMS{URL: cfg.SMSURL, Token: cfg.SMSToken, Client: client})
	}
	return ns, wa
}

// Start runs a Dispatcher over the configured providers for the branches;
// the returned func stops it and waits. With no provider it logs that
// notifications are off and does nothing.
func Start(ctx context.Context, st *store.Store, notifiers []Notifier, cat *catalogue.Catalogue, log *slog.Logger) (stop func()) {
	if len(notifiers) == 0 {
		log.Info("notifications off: set --whatsapp-token and --whatsapp-phone-id, or --sms-url")
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { New(st, notifiers, cat, Options{}, log).Run(ctx) })
	return func() {
		cancel()
		wg.Wait()
	}
}
