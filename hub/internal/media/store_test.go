package media_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/shamil-municipal/shamil/hub/internal/media"
)

func TestDir(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "media")
	d := media.NewDir(path)
	data := []byte("photo bytes")
	key := media.KeyFor(data, ".jpg")

	if _, err := d.Get(ctx, key); !errors.Is(err, media.ErrNotFound) {
		t.Fatalf("get before put: %v", err)
	}
	if err := d.Put(ctx, key, data); err != nil {
		t.Fatal(err)
	}
	got, err := d.Get(ctx, key)
	if err != nil || string(got) != string(data) {
		t.Fatalf("get: %q %v", got, err)
	}
	files, _ := os.ReadDir(path)
	if len(files) != 1 {
		t.Fatalf("files left behind: %v", files)
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Get(ctx, key); !errors.Is(err, media.ErrNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Fatalf("second delete: %v", err)
	}
	for _, bad := range []string{"../etc/passwd", "", key + "/x", "ABC.jpg"} {
		if err := d.Put(ctx, bad, data); err == nil {
			t.Fatalf("put %q accepted", bad)
		}
		if _, err := d.Get(ctx, bad); !errors.Is(err, media.ErrNotFound) {
			t.Fatalf("get %q: %v", bad, err)
		}
	}
}
