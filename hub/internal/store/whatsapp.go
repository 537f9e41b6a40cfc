package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

// keyWhatsAppChat is the WhatsApp conversation of a mobile number. It is not
// per branch: the branch is one of the things the conversation chooses.
func keyWhatsAppChat(phone string) string { return "whatsapp:chat:" + phone }

// WhatsAppChat returns the stored conversation state of a phone (nil when
// there is none or it expired). The whatsapp package owns its format.
func (s *Store) WhatsAppChat(ctx context.Context, phone string) ([]byte, error) {
	if !keyPart(phone) {
		return nil, fmt.Errorf("whatsapp chat: bad phone %q", phone)
	}
	b, err := s.rdb.Get(ctx, keyWhatsAppChat(phone)).Bytes()
	if isNil(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("whatsapp chat: %w", err)
	}
	return b, nil
}

// UpdateWhatsAppChat changes the conversation state of a phone atomically:
// change gets the stored state (nil when none) and returns the new one, kept
// for ttl (nil deletes it). Two messages of the same phone handled at once
// do not lose each other's change: the loser runs change again on the
// winner's state (WATCH/MULTI), so change must have no side effects.
func (s *Store) UpdateWhatsAppChat(ctx context.Context, phone string, ttl time.Duration, change func(old []byte) ([]byte, error)) error {
	if !keyPart(phone) {
		return fmt.Errorf("whatsapp chat: bad phone %q", phone)
	}
	key := keyWhatsAppChat(phone)
	txn := func(tx *redis.Tx) error {
		old, err := tx.Get(ctx, key).Bytes()
		if err != nil && !isNil(err) {
			return err
		}
		next, err := change(old)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			if next == nil {
				p.Del(ctx, key)
			} else {
				p.Set(ctx, key, next, ttl)
			}
			return nil
		})
		return err
	}
	for attempt := range 30 {
		err := s.rdb.Watch(ctx, txn, key)
		if errors.Is(err, redis.TxFailedErr) {
			// Lost the race: wait a little, at random, so that the losers
			// do not collide again.
			select {
			case <-time.After(time.Duration(rand.IntN(2*(attempt+1))+1) * time.Millisecond):
			case <-ctx.Done():
				return fmt.Errorf("whatsapp chat: %w", ctx.Err())
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("whatsapp chat: %w", err)
		}
		return nil
	}
	return fmt.Errorf("whatsapp chat of %s: too many concurrent changes", phone)
}

// keyWhatsAppSeen marks a delivered WhatsApp message. Meta's message ids
// (wamid.…) are long and base64: the key holds their SHA-256.
func keyWhatsAppSeen(id string) string {
	sum := sha256.Sum256([]byte(id))
	return "whatsapp:seen:" + hex.EncodeToString(sum[:])
}

// FirstWhatsAppDelivery marks a message id as delivered, for keep, and
// reports whether it was new: Meta delivers a message again when unsure, and
// anyone who recorded a signed post can replay it.
func (s *Store) FirstWhatsAppDelivery(ctx context.Context, id string, keep time.Duration) (bool, error) {
	first, err := s.rdb.SetNX(ctx, keyWhatsAppSeen(id), 1, keep).Result()
	if err != nil {
		return false, fmt.Errorf("whatsapp message %s: %w", id, err)
	}
	return first, nil
}
