package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWhatsAppChatUpdatesDoNotLoseEachOther(t *testing.T) {
	s, r := newStore(t)
	ctx := context.Background()
	const phone = "+966501234567"
	// Messages of one phone handled at once (Meta posts them in parallel):
	// each appends itself; none may be lost.
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			err := s.UpdateWhatsAppChat(ctx, phone, time.Minute, func(old []byte) ([]byte, error) {
				return fmt.Appendf(old, "%d,", i), nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := s.WhatsAppChat(ctx, phone)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		if !strings.Contains(","+string(got), fmt.Sprintf(",%d,", i)) {
			t.Errorf("change %d lost: %q", i, got)
		}
	}
	if ttl := r.Client().TTL(ctx, "whatsapp:chat:"+phone).Val(); ttl <= 0 || ttl > time.Minute {
		t.Errorf("ttl %v, want at most a minute", ttl)
	}

	if err := s.UpdateWhatsAppChat(ctx, phone, time.Minute, func([]byte) ([]byte, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	if got, err := s.WhatsAppChat(ctx, phone); err != nil || got != nil {
		t.Errorf("after a nil change: %q, %v; want nothing", got, err)
	}
	if _, err := s.WhatsAppChat(ctx, "+9665{x}"); err == nil {
		t.Error("a phone that breaks the key layout was accepted")
	}
}
