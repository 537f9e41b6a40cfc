// Package backup writes and restores one archive of everything a hub
// keeps: a point-in-time snapshot of its Redis, the citizens' photos, the
// catalogue, and a manifest with versions and SHA-256 checksums
// (docs/operations.md, Backups).
//
// The archive is a gzip-compressed tar:
//
//	redis/dump.rdb        the Redis snapshot (RDB)
//	media/<key>           each photo, as media.Dir keeps it
//	catalogue.yaml        the catalogue the hub runs with
//	manifest.json         last: versions, and each file's size and SHA-256
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/internal/media"
)

// Names of the archive's entries.
const (
	rdbName       = "redis/dump.rdb"
	mediaDir      = "media/"
	catalogueName = "catalogue.yaml"
	manifestName  = "manifest.json"
)

// formatVersion is the archive layout this package writes and reads.
const formatVersion = 1

// Manifest describes an archive: what wrote it, from what, and every other
// entry with its size and SHA-256.
type Manifest struct {
	Format       int       `json:"format"`
	Created      time.Time `json:"created"`
	HubVersion   string    `json:"hub_version"`
	RedisVersion string    `json:"redis_version"`
	Catalogue    string    `json:"catalogue"` // the path the hub ran with
	Files        []File    `json:"files"`
}

// File is one entry of the archive.
type File struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Source is what a backup copies.
type Source struct {
	// Redis is the hub's store: the supervised redis-server or one
	// reached with a redis://, rediss:// or Sentinel URL (not a cluster).
	Redis *redis.Client
	// MediaDir is the photos' folder, <data-dir>/media; it may not exist yet.
	MediaDir string
	// Catalogue is the catalogue file's path.
	Catalogue string
}

// Write writes the archive of src to out. The Redis snapshot is taken
// first and the photos copied after it, so every photo a case in the
// snapshot names is in the archive.
func Write(ctx context.Context, out io.Writer, src Source) (Manifest, error) {
	m := Manifest{Format: formatVersion, Created: time.Now().UTC(), HubVersion: hubVersion(), Catalogue: src.Catalogue}
	info, err := src.Redis.InfoMap(ctx, "server").Result()
	if err != nil {
		return m, fmt.Errorf("backup: ask redis its version: %w", err)
	}
	m.RedisVersion = info["Server"]["redis_version"]

	gz := gzip.NewWriter(out)
	tw := tar.NewWriter(gz)
	add := func(name string, size int64, r io.Reader) error {
		h := sha256.New()
		hdr := &tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: m.Created, Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("backup: write %s: %w", name, err)
		}
		n, err := io.Copy(tw, io.TeeReader(io.LimitReader(r, size), h))
		if err == nil && n != size {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return fmt.Errorf("backup: write %s: %w", name, err)
		}
		m.Files = append(m.Files, File{Name: name, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))})
		return nil
	}

	rdb, size, closeConn, err := snapshot(ctx, src.Redis)
	if err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	err = add(rdbName, size, rdb)
	closeConn()
	if err != nil {
		return m, err
	}
	if err := addFile(add, catalogueName, src.Catalogue); err != nil {
		return m, err
	}
	photos, err := os.ReadDir(src.MediaDir)
	if err != nil && !os.IsNotExist(err) {
		return m, fmt.Errorf("backup: read photos: %w", err)
	}
	for _, p := range photos {
		if !p.Type().IsRegular() || !media.ValidKey(p.Name()) {
			continue // a Put under way leaves a temporary file
		}
		if err := addFile(add, mediaDir+p.Name(), filepath.Join(src.MediaDir, p.Name())); err != nil {
			return m, err
		}
	}

	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, fmt.Errorf("backup: manifest: %w", err)
	}
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o600, Size: int64(len(manifest)), ModTime: m.Created, Typeflag: tar.TypeReg}); err != nil {
		return m, fmt.Errorf("backup: write manifest: %w", err)
	}
	if _, err := tw.Write(manifest); err != nil {
		return m, fmt.Errorf("backup: write manifest: %w", err)
	}
	if err := tw.Close(); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	if err := gz.Close(); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	return m, nil
}

// WriteFile writes the archive to path through a temporary file in the
// same folder, so a failed backup never leaves a partial archive there.
func WriteFile(ctx context.Context, path string, src Source) (Manifest, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name()) // nothing left to remove after the rename
	m, err := Write(ctx, tmp, src)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("backup: %w", cerr)
	}
	if err != nil {
		return m, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	return m, nil
}

// addFile adds the file at path to the archive under name.
func addFile(add func(string, int64, io.Reader) error, name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return add(name, st.Size(), f)
}

// hubVersion names the build: its module version and VCS revision.
func hubVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := []string{bi.Main.Version}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
			v = append(v, s.Key+"="+s.Value)
		}
	}
	return strings.Join(v, " ")
}
