// Package media keeps the photos citizens send with their answers and
// reports: the checks a photo passes before it is kept (photo.go) and where
// it is kept (this file).
package media

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// Store keeps photos by key. Keys are content addresses (KeyFor), so a Put
// of the same key twice writes the same bytes and a Put never overwrites
// anything else. The filesystem implementation serves one hub; when several
// hub replicas run, an S3-compatible object store implements the same three
// methods (the key becomes the object name) and replaces it.
type Store interface {
	Put(ctx context.Context, key string, data []byte) error
	// Get returns ErrNotFound for a key that is not stored.
	Get(ctx context.Context, key string) ([]byte, error)
	Delete(ctx context.Context, key string) error
}

// ErrNotFound is Get's answer for a key that is not stored.
var ErrNotFound = errors.New("media: not found")

// validKey is the form of every key: a SHA-256 in hex and the format.
var validKey = regexp.MustCompile(`^[0-9a-f]{64}\.(jpg|png)$`)

// ValidKey reports whether key has the form KeyFor gives, so it is safe as
// a file or object name.
func ValidKey(key string) bool { return validKey.MatchString(key) }

// Dir stores photos as files in one folder, <data-dir>/media.
type Dir struct {
	path string
}

// NewDir returns a store in path; the folder is made on the first Put.
func NewDir(path string) *Dir { return &Dir{path: path} }

// Put writes the file under a temporary name and renames it, so a reader
// never sees half a photo.
func (d *Dir) Put(_ context.Context, key string, data []byte) error {
	if !ValidKey(key) {
		return fmt.Errorf("media: put: bad key %q", key)
	}
	if err := os.MkdirAll(d.path, 0o750); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	tmp, err := os.CreateTemp(d.path, ".put-*")
	if err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(d.path, key)); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	return nil
}

// Get reads a photo.
func (d *Dir) Get(_ context.Context, key string) ([]byte, error) {
	if !ValidKey(key) {
		return nil, ErrNotFound
	}
	data, err := os.ReadFile(filepath.Join(d.path, key))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("media: get %s: %w", key, err)
	}
	return data, nil
}

// Delete removes a photo; removing one that is not there is not an error.
func (d *Dir) Delete(_ context.Context, key string) error {
	if !ValidKey(key) {
		return fmt.Errorf("media: delete: bad key %q", key)
	}
	if err := os.Remove(filepath.Join(d.path, key)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("media: delete %s: %w", key, err)
	}
	return nil
}

// Keep checks every photo (Prepare) before it stores any, so a bad one
// leaves nothing behind, and returns their keys. The caller's script runs
// after: if it fails, the stored files belong to no case. Such orphans are
// harmless (nobody can reach a photo not named on a case's timeline) and
// cheap; a sweep can remove them if they ever matter.
func Keep(ctx context.Context, store Store, raw [][]byte) ([]string, error) {
	photos := make([]Photo, 0, len(raw))
	for _, b := range raw {
		p, err := Prepare(b)
		if err != nil {
			return nil, err
		}
		photos = append(photos, p)
	}
	keys := make([]string, 0, len(photos))
	for _, p := range photos {
		if err := store.Put(ctx, p.Key, p.Data); err != nil {
			return nil, err
		}
		keys = append(keys, p.Key)
	}
	return keys, nil
}
