// Package desktop holds what the kiosk and desk apps share that needs no
// window: their settings file. The apps' window code (Wails) stays in their
// main packages; see xvfbtest for running them in tests.
package desktop

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// File is an app's settings file, JSON, readable by its user only: the
// folder is created 0700 and the file written 0600, because it holds a
// device token.
type File struct {
	Path string
}

// ConfigFile is app's settings file in the user's config folder:
// $XDG_CONFIG_HOME/shamil/<app>.json, usually ~/.config/shamil/<app>.json.
func ConfigFile(app string) (File, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return File{}, fmt.Errorf("find the config folder: %w", err)
	}
	return File{Path: filepath.Join(dir, "shamil", app+".json")}, nil
}

// Load decodes the file into v. ok is false when there is no file yet (the
// app is not set up), and v is untouched.
func (f File) Load(v any) (ok bool, err error) {
	data, err := os.ReadFile(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read settings: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("read settings %s: %w", f.Path, err)
	}
	return true, nil
}

// Save writes v to the file. It writes a temporary file and renames it, so
// a crash never leaves half a file, and it tightens the permissions of a
// folder or file that already existed.
func (f File) Save(v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode settings: %w", err)
	}
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create the settings folder: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("protect the settings folder: %w", err)
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(f.Path)+".*") // created 0600
	if err != nil {
		return fmt.Errorf("write settings: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename there is nothing to remove
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("write settings: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write settings: %w", err)
	}
	if err := os.Rename(tmp.Name(), f.Path); err != nil {
		return fmt.Errorf("write settings: %w", err)
	}
	return nil
}
