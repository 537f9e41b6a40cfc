package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// archiveOf packs entries (name, content pairs) as a backup would.
func archiveOf(entries ...string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	for i := 0; i+1 < len(entries); i += 2 {
		tw.WriteHeader(&tar.Header{Name: entries[i], Mode: 0o600, Size: int64(len(entries[i+1])), Typeflag: tar.TypeReg})
		tw.Write([]byte(entries[i+1]))
	}
	tw.Close()
	zw.Close()
	return b.Bytes()
}

// An archive is untrusted input: whatever its bytes, extract returns an
// error or a checked manifest, and writes nothing outside its folder.
func FuzzExtract(f *testing.F) {
	manifest := `{"format":1,"files":[{"name":"catalogue.yaml","size":2,"sha256":"` +
		"a4d6cdb6a2c5cf6c24e2c4a6b6a3c1c7bd4d3c0b8c1d4b7f3f0c9a9a8e5c1b2a" + `"}]}`
	f.Add(archiveOf("catalogue.yaml", "x\n", "manifest.json", manifest))
	f.Add(archiveOf("../escape", "x"))
	f.Add(archiveOf("media/../../x.jpg", "x"))
	f.Add(archiveOf("redis/dump.rdb", "REDIS0011", "manifest.json", "{"))
	f.Add([]byte("\x1f\x8b\x08\x00"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		root := t.TempDir()
		path := filepath.Join(root, "in.tar.gz")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(root, "stage")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		m, err := extract(path, dir)
		if err == nil && m.Format != formatVersion {
			t.Fatalf("accepted format %d", m.Format)
		}
		entries, _ := os.ReadDir(root)
		for _, e := range entries {
			if e.Name() != "in.tar.gz" && e.Name() != "stage" {
				t.Fatalf("wrote %s outside the staging folder", e.Name())
			}
		}
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if rel, _ := filepath.Rel(dir, p); strings.HasPrefix(rel, "..") {
				t.Fatalf("wrote %s outside the staging folder", p)
			}
			return nil
		})
	})
}
