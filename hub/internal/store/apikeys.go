package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// keyAPIKey is an Open311 API key, found by its hash like a session.
func keyAPIKey(hash string) string { return "apikey:" + hash }

// APIKey is who an Open311 API key was issued to. The key itself is never
// stored.
type APIKey struct {
	ID        string // the first characters of the key's hash: names the key in logs and idempotency
	Name      string // the integration it was issued to, e.g. "FixMyStreet"
	Branch    string // the branch whose cases it may open
	CreatedAt time.Time
}

var errBadAPIKey = protocol.NewError(protocol.CodeForbidden,
	"Invalid api_key: ask the municipality for one", "مفتاح الواجهة (api_key) غير صالح: اطلبه من البلدية")

// AddAPIKey issues an Open311 API key for an integration at a branch and
// returns it. Only its SHA-256 is stored: the key cannot be shown again.
func (s *Store) AddAPIKey(ctx context.Context, branch, name string) (string, APIKey, error) {
	if !keyPart(branch) {
		return "", APIKey{}, protocol.FieldError("branch", fmt.Sprintf("Invalid branch id %q", branch), "معرّف الفرع غير صالح")
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 || !utf8.ValidString(name) {
		return "", APIKey{}, protocol.FieldError("name", "The name is required, at most 100 characters", "الاسم مطلوب، بحد أقصى ١٠٠ حرف")
	}
	key := auth.NewSessionToken()
	hash := auth.HashToken(key)
	now := time.Now()
	if err := s.createAccount(ctx, keyAPIKey(hash), "api_key_taken",
		"name", name, "branch", branch, "created_at", isoTime(now)); err != nil {
		return "", APIKey{}, fmt.Errorf("add api key %s: %w", name, err)
	}
	return key, APIKey{ID: hash[:16], Name: name, Branch: branch, CreatedAt: now.UTC()}, nil
}

// CheckAPIKey returns who an Open311 API key was issued to. A malformed or
// unknown key is a forbidden *protocol.Error.
func (s *Store) CheckAPIKey(ctx context.Context, key string) (APIKey, error) {
	if kind, _ := auth.ParseToken(key); kind != auth.TokenSession {
		return APIKey{}, errBadAPIKey
	}
	// The key is the hash of the secret: finding it is the check.
	hash := auth.HashToken(key)
	h, err := s.rdb.HGetAll(ctx, keyAPIKey(hash)).Result()
	if err != nil {
		return APIKey{}, fmt.Errorf("check api key: %w", err)
	}
	if len(h) == 0 {
		return APIKey{}, errBadAPIKey
	}
	created, _ := time.Parse(time.RFC3339Nano, h["created_at"])
	return APIKey{ID: hash[:16], Name: h["name"], Branch: h["branch"], CreatedAt: created}, nil
}
