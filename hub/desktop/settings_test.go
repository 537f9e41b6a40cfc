package desktop

import (
	"os"
	"path/filepath"
	"testing"
)

type sample struct {
	Hub   string `json:"hub"`
	Token string `json:"token"`
}

func TestConfigFileIsPrivate(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", home)
	f, err := ConfigFile("kiosk")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(home, "shamil", "kiosk.json"); f.Path != want {
		t.Fatalf("path %s, want %s", f.Path, want)
	}

	var got sample
	if ok, err := f.Load(&got); ok || err != nil {
		t.Fatalf("before set-up: ok=%v err=%v, want no file and no error", ok, err)
	}
	want := sample{Hub: "http://hub:8080", Token: "secret"}
	if err := f.Save(want); err != nil {
		t.Fatal(err)
	}
	if ok, err := f.Load(&got); !ok || err != nil || got != want {
		t.Fatalf("load: %+v ok=%v err=%v, want %+v", got, ok, err, want)
	}
	for path, mode := range map[string]os.FileMode{f.Path: 0o600, filepath.Dir(f.Path): 0o700} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != mode {
			t.Errorf("%s has mode %v, want %v", path, info.Mode().Perm(), mode)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(f.Path))
	if len(entries) != 1 {
		t.Errorf("the settings folder holds %d files, want 1 (no temporary leftovers)", len(entries))
	}
}

func TestSaveTightensAnOpenFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shamil")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f := File{Path: filepath.Join(dir, "desk.json")}
	if err := f.Save(sample{}); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(dir)
	if info.Mode().Perm() != 0o700 {
		t.Fatalf("folder mode %v, want 0700", info.Mode().Perm())
	}
}

func TestLoadReportsABrokenFile(t *testing.T) {
	f := File{Path: filepath.Join(t.TempDir(), "kiosk.json")}
	os.WriteFile(f.Path, []byte("{not json"), 0o600)
	var got sample
	if ok, err := f.Load(&got); ok || err == nil {
		t.Fatalf("ok=%v err=%v, want an error", ok, err)
	}
}
