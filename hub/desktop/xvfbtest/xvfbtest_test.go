package xvfbtest

import (
	"bytes"
	"os"
	"testing"
)

func TestDisplayRunsAndScreenshots(t *testing.T) {
	Require(t)
	a := StartDisplay(t, 640, 480)
	b := StartDisplay(t, 640, 480)
	if a.Name == b.Name {
		t.Fatalf("two displays share the number %s", a.Name)
	}
	a.Click(t, 10, 10)
	path := a.Screenshot(t, "xvfbtest-empty")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\x89PNG")) {
		t.Fatalf("%s is not a PNG", path)
	}
	os.Remove(path)
}
