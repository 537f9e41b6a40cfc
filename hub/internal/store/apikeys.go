package store

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// keyAPIKey is an Open311 API key, found by its hash like a session.
func keyAPIKey(hash string) string { return accountsTag + "apikey:" + hash }

// APIKey is who an Open311 API key was issued to. The key itself is never
// stored.
type APIKey struct {
	ID        string // the first characters of the key's hash: names the key in logs and idempotency
	Name      string // the integration it was issued to, e.g. "FixMyStreet"
	Branch    string // the branch whose cases it may open
	CreatedAt time.Time
	Revoked   bool
}

var errBadAPIKey = words.BadAPIKey.Error(protocol.CodeForbidden)

// NewAPIKey is an Open311 API key to issue, as actions minted it: only
// its SHA-256 is stored, so the key cannot be shown again.
type NewAPIKey struct {
	Hash   string
	Name   string // the integration it is issued to
	Branch string // the branch whose cases it may open
}

// CreateAPIKey stores a new Open311 API key. e is as for CreateDevice (its
// Target set to the key's id).
func (s *Store) CreateAPIKey(ctx context.Context, k NewAPIKey, e AuditEntry) (APIKey, error) {
	if !keyPart(k.Branch) {
		return APIKey{}, words.BadBranchID.Fill(k.Branch).FieldError("branch")
	}
	now := time.Now()
	e.Target = k.Hash[:16]
	if err := s.changeAccount(ctx, keyAPIKey(k.Hash), "create", "api_key_taken",
		map[string]string{"name": k.Name, "branch": k.Branch, "created_at": isoTime(now)}, e); err != nil {
		return APIKey{}, fmt.Errorf("add api key %s: %w", k.Name, err)
	}
	return APIKey{ID: k.Hash[:16], Name: k.Name, Branch: k.Branch, CreatedAt: now.UTC()}, nil
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
	if len(h) == 0 || h["revoked_at"] != "" {
		return APIKey{}, errBadAPIKey
	}
	return apiKey(hash, h), nil
}

func apiKey(hash string, h map[string]string) APIKey {
	created, _ := time.Parse(time.RFC3339Nano, h["created_at"])
	return APIKey{ID: hash[:16], Name: h["name"], Branch: h["branch"], CreatedAt: created, Revoked: h["revoked_at"] != ""}
}

// apiKeyID is the shape of an APIKey.ID: 16 lowercase hex digits.
var apiKeyID = regexp.MustCompile(`^[0-9a-f]{16}$`)

// ListAPIKeys returns every Open311 API key, revoked ones too, ordered by
// id. It scans the keyspace, like ListDevices.
func (s *Store) ListAPIKeys(ctx context.Context) ([]APIKey, error) {
	var out []APIKey
	err := s.scanHashes(ctx, keyAPIKey("*"), func(key string, h map[string]string) {
		out = append(out, apiKey(strings.TrimPrefix(key, keyAPIKey("")), h))
	})
	if err != nil {
		return nil, fmt.Errorf("list api keys: %w", err)
	}
	slices.SortFunc(out, func(a, b APIKey) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// APIKeyByID finds an Open311 API key by its id.
func (s *Store) APIKeyByID(ctx context.Context, id string) (APIKey, error) {
	k, _, err := s.apiKeyByID(ctx, id)
	return k, err
}

// apiKeyByID is an Open311 API key and the key of its hash.
func (s *Store) apiKeyByID(ctx context.Context, id string) (APIKey, string, error) {
	unknown := words.UnknownAPIKey.Fill(id).ErrorOn(protocol.CodeNotFound, "id")
	if !apiKeyID.MatchString(id) {
		return APIKey{}, "", unknown
	}
	var found []string
	var h map[string]string
	err := s.scanHashes(ctx, keyAPIKey(id+"*"), func(key string, fields map[string]string) { found, h = append(found, key), fields })
	if err != nil {
		return APIKey{}, "", fmt.Errorf("find api key %s: %w", id, err)
	}
	if len(found) != 1 { // 64 bits of a SHA-256 do not collide in practice
		return APIKey{}, "", unknown
	}
	return apiKey(strings.TrimPrefix(found[0], keyAPIKey("")), h), found[0], nil
}

// RevokeAPIKey stops an Open311 API key working, found by its id, and
// appends e to the audit log in the same step. The key stays listed, as
// revoked.
func (s *Store) RevokeAPIKey(ctx context.Context, id string, e AuditEntry) (APIKey, error) {
	k, key, err := s.apiKeyByID(ctx, id)
	if err != nil {
		return APIKey{}, err
	}
	if err := s.changeAccount(ctx, key, "update", "unknown_api_key", map[string]string{"revoked_at": isoTime(time.Now())}, e); err != nil {
		return APIKey{}, fmt.Errorf("revoke api key %s: %w", id, err)
	}
	k.Revoked = true
	return k, nil
}
