package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/internal/redisproc"
)

// maxManifest bounds the manifest read into memory.
const maxManifest = 64 << 20

// Restore checks the archive at from in full and only then makes dataDir
// a data folder holding it: <dataDir>/redis (an append-only file the hub's
// supervised Redis loads), <dataDir>/media and <dataDir>/catalogue.yaml. A
// corrupt or truncated archive changes nothing. dataDir must be empty or
// missing unless force, which replaces it (never while a hub runs on it).
func Restore(ctx context.Context, from, dataDir string, force bool) (Manifest, error) {
	target, err := filepath.Abs(dataDir)
	if err != nil {
		return Manifest{}, fmt.Errorf("restore: %w", err)
	}
	if err := checkTarget(ctx, target, force); err != nil {
		return Manifest{}, err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return Manifest{}, fmt.Errorf("restore: %w", err)
	}
	// The staging folder sits beside the target, so moving it into place
	// is a rename on the same file system.
	stage, err := os.MkdirTemp(filepath.Dir(target), ".shamil-restore-*")
	if err != nil {
		return Manifest{}, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(stage)

	m, err := extract(from, stage)
	if err != nil {
		return m, fmt.Errorf("restore: backup %s: %w", from, err)
	}
	if err := rdbToAOF(ctx, filepath.Join(stage, "redis")); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	if err := checkTarget(ctx, target, force); err != nil { // it may have changed meanwhile
		return m, err
	}
	return m, replace(target, stage)
}

// checkTarget refuses a data folder that holds anything unless force, and
// always one a running hub uses.
func checkTarget(ctx context.Context, target string, force bool) error {
	entries, err := os.ReadDir(target)
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if !force {
		return fmt.Errorf("restore: data folder %s is not empty: restore into an empty folder, or add --force to replace what it holds", target)
	}
	if client, err := redisproc.Connect(ctx, target); err == nil {
		client.Close()
		return fmt.Errorf("restore: a hub is running on %s: stop it first", target)
	}
	return nil
}

// replace moves stage to target, setting aside and then removing what
// target held.
func replace(target, stage string) error {
	old := ""
	if _, err := os.Stat(target); err == nil {
		old = fmt.Sprintf("%s.replaced-%d", target, time.Now().UnixNano())
		if err := os.Rename(target, old); err != nil {
			return fmt.Errorf("restore: set aside %s: %w", target, err)
		}
	}
	if err := os.Rename(stage, target); err != nil {
		if old != "" {
			os.Rename(old, target)
		}
		return fmt.Errorf("restore: move into %s: %w", target, err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("restore: remove the replaced data folder %s: %w", old, err)
		}
	}
	return nil
}

// extract unpacks the archive at path into dir and checks it against its
// manifest: every entry listed, sizes and SHA-256 equal, nothing missing.
func extract(path, dir string) (Manifest, error) {
	var m Manifest
	f, err := os.Open(path)
	if err != nil {
		return m, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return m, fmt.Errorf("not a backup archive (gzip): %w", err)
	}
	tr := tar.NewReader(gz)
	got := map[string]File{}
	var manifest []byte
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, corrupt(err)
		}
		name := hdr.Name
		if hdr.Typeflag != tar.TypeReg || !expectedName(name) {
			return m, fmt.Errorf("unexpected entry %q: not a Shamil backup", name)
		}
		if _, dup := got[name]; dup || (name == manifestName && manifest != nil) {
			return m, fmt.Errorf("entry %q appears twice", name)
		}
		if name == manifestName {
			if manifest, err = io.ReadAll(io.LimitReader(tr, maxManifest)); err != nil {
				return m, corrupt(err)
			}
			continue
		}
		file, err := extractFile(tr, filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return m, corrupt(fmt.Errorf("%s: %w", name, err))
		}
		file.Name = name
		got[name] = file
	}
	// Reading to the end makes gzip check its own checksum and length.
	if _, err := io.Copy(io.Discard, gz); err != nil {
		return m, corrupt(err)
	}
	if manifest == nil {
		return m, errors.New("no manifest.json: truncated, or not a Shamil backup")
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		return m, fmt.Errorf("manifest.json: %w", err)
	}
	if m.Format != formatVersion {
		return m, fmt.Errorf("manifest.json: format %d; this hub reads format %d", m.Format, formatVersion)
	}
	listed := map[string]bool{}
	for _, want := range m.Files {
		have, ok := got[want.Name]
		switch {
		case !ok:
			return m, fmt.Errorf("%s is listed in the manifest but missing", want.Name)
		case have.Size != want.Size || have.SHA256 != want.SHA256:
			return m, fmt.Errorf("%s: checksum mismatch (size %d, SHA-256 %s; the manifest says %d, %s)",
				want.Name, have.Size, have.SHA256, want.Size, want.SHA256)
		}
		listed[want.Name] = true
	}
	for name := range got {
		if !listed[name] {
			return m, fmt.Errorf("%s is not listed in the manifest", name)
		}
	}
	if !listed[rdbName] || !listed[catalogueName] {
		return m, fmt.Errorf("the archive lacks %s or %s", rdbName, catalogueName)
	}
	return m, nil
}

// extractFile writes one entry to path and returns its size and SHA-256.
func extractFile(r io.Reader, path string) (File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return File{}, err
	}
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return File{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), r)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return File{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, err
}

// expectedName reports whether name is an entry a backup has; it keeps
// every path inside the staging folder.
func expectedName(name string) bool {
	switch name {
	case rdbName, catalogueName, manifestName:
		return true
	}
	key, ok := strings.CutPrefix(name, mediaDir)
	return ok && media.ValidKey(key)
}

// corrupt names the usual causes of a tar or gzip error.
func corrupt(err error) error {
	return fmt.Errorf("corrupt or truncated: %w", err)
}
