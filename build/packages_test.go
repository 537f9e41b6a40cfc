// Package build_test checks the Debian packages build/package.sh makes:
// their fields and files, their systemd units, and a hub installed into a
// throwaway root that starts from its unit's command line.
package build_test

import (
	"bufio"
	"bytes"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// files each package must hold, besides its DEBIAN folder.
var files = map[string][]string{
	"shamil-hub": {"./usr/bin/shamil-hub", "./lib/systemd/system/shamil-hub.service",
		"./lib/systemd/system/shamil-backup.service", "./lib/systemd/system/shamil-backup.timer",
		"./usr/lib/shamil/shamil-backup", "./etc/shamil/hub.env", "./etc/shamil/catalogue.yaml",
		"./usr/share/doc/shamil-hub/operations.md", "./usr/share/doc/shamil-hub/haproxy.cfg"},
	"shamil-kiosk": {"./usr/bin/shamil-kiosk", "./lib/systemd/system/shamil-kiosk.service"},
	"shamil-desk":  {"./usr/bin/shamil-desk", "./usr/share/applications/shamil-desk.desktop"},
}

func output(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestPackages(t *testing.T) {
	if _, err := exec.LookPath("dpkg-deb"); err != nil {
		t.Skip("dpkg-deb is not installed")
	}
	if testing.Short() {
		t.Skip("builds the hub and both apps")
	}
	if exec.Command("pkg-config", "--exists", "gtk+-3.0", "webkit2gtk-4.0").Run() != nil {
		t.Skip("the apps need the GTK and WebKit headers (build/deps.sh test installs them)")
	}
	out := t.TempDir()
	cmd := exec.Command("./package.sh")
	cmd.Env = append(os.Environ(), "OUT="+out, "VERSION=1.2.3")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("package.sh: %v\n%s", err, b)
	}
	for name, want := range files {
		t.Run(name, func(t *testing.T) {
			deb := filepath.Join(out, name+"_1.2.3_amd64.deb")
			fields := output(t, "dpkg-deb", "--field", deb, "Package", "Version", "Architecture")
			if want := "Package: " + name + "\nVersion: 1.2.3\nArchitecture: amd64\n"; fields != want {
				t.Errorf("fields:\n%s\nwant\n%s", fields, want)
			}
			var listed []string
			for _, line := range strings.Split(output(t, "dpkg-deb", "--contents", deb), "\n") {
				if f := strings.Fields(line); len(f) == 6 {
					listed = append(listed, f[5])
					if f[1] != "root/root" {
						t.Errorf("%s is owned by %s", f[5], f[1])
					}
				}
			}
			for _, f := range want {
				if !slices.Contains(listed, f) {
					t.Errorf("%s lacks %s", name, f)
				}
			}
			root := t.TempDir()
			output(t, "dpkg-deb", "--extract", deb, root)
			verifyUnits(t, root)
			if name == "shamil-hub" {
				startFromUnit(t, root)
			}
		})
	}
}

// verifyUnits runs systemd-analyze verify on the package's units inside
// its root, next to a copy of the machine's own units (the targets they
// name) and of the commands they run from other packages (cage).
func verifyUnits(t *testing.T, root string) {
	t.Helper()
	units, _ := filepath.Glob(filepath.Join(root, "lib/systemd/system/*"))
	if len(units) == 0 {
		return
	}
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Log("systemd-analyze is not installed: units not verified")
		return
	}
	dir := filepath.Join(root, "lib/systemd/system")
	output(t, "cp", "-rn", "/lib/systemd/system/.", dir)
	// Commands of the base system a unit names (the backup's, /bin/kill for
	// a reload) come from this machine; the package's own are checked as
	// the package ships them.
	for _, unit := range units {
		for _, argv := range append(directive(t, unit, "ExecStart"), directive(t, unit, "ExecReload")...) {
			bin := strings.Fields(argv)[0]
			if _, err := os.Stat(filepath.Join(root, bin)); err == nil {
				continue
			}
			if _, err := os.Stat(bin); err != nil {
				t.Skipf("%s runs %s, which this machine lacks (build/deps.sh test installs it)", filepath.Base(unit), bin)
			}
			output(t, "install", "-D", bin, filepath.Join(root, bin))
		}
	}
	args := append([]string{"verify", "--root=" + root}, units...)
	// verify exits 0 after warnings about directives it ignores: any
	// message at all is a fault.
	if msg := output(t, "systemd-analyze", args...); strings.TrimSpace(msg) != "" {
		t.Errorf("systemd-analyze verify:\n%s", msg)
	}
}

// directive returns the values of a directive in a unit file.
func directive(t *testing.T, unit, name string) []string {
	t.Helper()
	f, err := os.Open(unit)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var values []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+"="); ok {
			values = append(values, v)
		}
	}
	return values
}

// startFromUnit runs the hub as its unit does, its environment file and
// command line taken from the package, with the data folder and the
// address moved into the test's own, and waits for /healthz.
func startFromUnit(t *testing.T, root string) {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server is not installed")
	}
	unit := filepath.Join(root, "lib/systemd/system/shamil-hub.service")
	execStart := directive(t, unit, "ExecStart")
	envFiles := directive(t, unit, "EnvironmentFile")
	if len(execStart) != 1 || len(envFiles) != 1 {
		t.Fatalf("ExecStart %q, EnvironmentFile %q: want one of each", execStart, envFiles)
	}
	env := []string{"PATH=" + os.Getenv("PATH")}
	raw, err := os.ReadFile(filepath.Join(root, envFiles[0]))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	for _, line := range strings.Split(string(raw), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok || strings.HasPrefix(k, "#") {
			continue
		}
		switch k {
		case "SHAMIL_LISTEN":
			v = addr
		case "SHAMIL_DATA_DIR":
			v = filepath.Join(t.TempDir(), "shamil")
		case "SHAMIL_CATALOGUE":
			v = filepath.Join(root, v)
		}
		env = append(env, k+"="+v)
	}
	argv := strings.Fields(execStart[0])
	hub := exec.Command(filepath.Join(root, argv[0]), argv[1:]...)
	hub.Env = env
	var stderr bytes.Buffer // read only once the hub has exited
	hub.Stderr = &stderr
	if err := hub.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- hub.Wait() }()
	stop := func() error {
		hub.Process.Signal(syscall.SIGTERM)
		return <-exited
	}
	deadline := time.After(60 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				if err := stop(); err != nil {
					t.Errorf("the hub did not stop cleanly on SIGTERM: %v\n%s", err, stderr.String())
				}
				return
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("the installed hub exited (%v):\n%s", err, stderr.String())
		case <-deadline:
			stop()
			t.Fatalf("the installed hub did not answer /healthz within 60 s:\n%s", stderr.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
}
