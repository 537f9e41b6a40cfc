// Package xvfbtest runs a real desktop app (kiosk, desk) in a test: it
// builds the app with `-tags desktop,production`, starts a private X server
// (Xvfb) with a window manager (openbox, which fullscreen needs), runs the
// app with a private HOME and config folder, clicks and types with xdotool,
// and takes screenshots into build/screenshots/.
//
//	xvfbtest.Require(t)
//	bin := xvfbtest.Build(t, "./kiosk")
//	d := xvfbtest.StartDisplay(t, 1280, 800)
//	app := d.App(t, bin)
//	// write settings under app.ConfigHome, add app.Env
//	app.Start(t)
//	app.WaitOutput(t, "ready", 20*time.Second)
//	d.Click(t, 640, 400)
//	d.Screenshot(t, "kiosk-ticket")
//
// The harness sees only pixels and the app's output: an app that wants a
// test to know it is ready logs a line saying so.
package xvfbtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// Root is the repository's root folder.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// tools are the programs the harness runs.
var tools = []string{"Xvfb", "openbox", "xdotool", "import", "xprop"}

// Require skips the test when Xvfb or its helpers are missing, unless
// SHAMIL_REQUIRE_REDIS is set (as `make test` does): then it fails it.
func Require(t testing.TB) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("SHAMIL_REQUIRE_REDIS") != "" {
				t.Fatalf("%s is missing (build/deps.sh test installs it)", tool)
			}
			t.Skipf("%s is missing; run build/deps.sh test", tool)
		}
	}
}

var builds sync.Map // package → *build

type build struct {
	once sync.Once
	bin  string
	err  error
}

// Build compiles the app's main package (e.g. "./kiosk", relative to the
// repository root) with the desktop and production tags, once per test
// binary, and returns the executable's path under build/bin/test/.
func Build(t testing.TB, pkg string) string {
	t.Helper()
	v, _ := builds.LoadOrStore(pkg, &build{})
	b := v.(*build)
	b.once.Do(func() {
		b.bin = filepath.Join(Root(), "build", "bin", "test", filepath.Base(pkg))
		cmd := exec.Command("go", "build", "-tags", "desktop,production", "-o", b.bin, pkg)
		cmd.Dir = Root()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.bin
}

// Display is a private X server with a window manager.
type Display struct {
	Name          string // ":N", for DISPLAY
	Width, Height int
}

// StartDisplay starts Xvfb on a free display number and openbox on it; both
// stop when the test ends.
func StartDisplay(t testing.TB, width, height int) *Display {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// -displayfd makes Xvfb choose a free number and write it when ready.
	xvfb := exec.Command("Xvfb", "-displayfd", "3", "-nolisten", "tcp",
		"-screen", "0", fmt.Sprintf("%dx%dx24", width, height))
	xvfb.ExtraFiles = []*os.File{w}
	if err := xvfb.Start(); err != nil {
		w.Close()
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	stop(t, xvfb)
	number := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		number <- strings.TrimSpace(line)
	}()
	d := &Display{Width: width, Height: height}
	select {
	case n := <-number:
		if _, err := strconv.Atoi(n); err != nil {
			t.Fatalf("Xvfb did not start (it said %q)", n)
		}
		d.Name = ":" + n
	case <-time.After(10 * time.Second):
		t.Fatal("Xvfb did not start within 10 s")
	}
	wm := exec.Command("openbox")
	wm.Env = append(os.Environ(), "DISPLAY="+d.Name)
	var wmOutput lockedBuffer
	wm.Stdout, wm.Stderr = &wmOutput, &wmOutput
	if err := wm.Start(); err != nil {
		t.Fatalf("start openbox: %v", err)
	}
	stop(t, wm)
	// openbox is up once it has announced itself on the root window.
	wait.Succeeds(t, 30*time.Second, "openbox to start", func() error {
		out, err := d.command("xprop", "-root", "_NET_SUPPORTING_WM_CHECK").Output()
		if err != nil || !strings.Contains(string(out), "window id") {
			return fmt.Errorf("xprop: %v %s; openbox said: %s", err, out, wmOutput.String())
		}
		return nil
	})
	return d
}

// stop ends cmd when the test ends.
func stop(t testing.TB, cmd *exec.Cmd) {
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
}

func (d *Display) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+d.Name)
	return cmd
}

func (d *Display) run(t testing.TB, name string, args ...string) {
	t.Helper()
	if out, err := d.command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v: %s", name, strings.Join(args, " "), err, out)
	}
}

// Click clicks the left button at (x, y) on the screen.
func (d *Display) Click(t testing.TB, x, y int) {
	t.Helper()
	d.run(t, "xdotool", "mousemove", strconv.Itoa(x), strconv.Itoa(y), "click", "1")
}

// Type types text into the focused window.
func (d *Display) Type(t testing.TB, text string) {
	t.Helper()
	d.run(t, "xdotool", "type", "--delay", "20", text)
}

// Key presses keys in xdotool's names, e.g. "Return", "ctrl+shift+q".
func (d *Display) Key(t testing.TB, keys ...string) {
	t.Helper()
	d.run(t, "xdotool", append([]string{"key"}, keys...)...)
}

// Screenshot saves the whole screen as build/screenshots/<name>.png and
// returns the file's path.
func (d *Display) Screenshot(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join(Root(), "build", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	d.run(t, "import", "-window", "root", path)
	t.Logf("screenshot: %s", path)
	return path
}

// App is a desktop app to run on a display. Set Env and write settings
// under ConfigHome before Start.
type App struct {
	Display    *Display
	Bin        string
	Home       string   // HOME, a temporary folder
	ConfigHome string   // XDG_CONFIG_HOME, a temporary folder: os.UserConfigDir() in the app
	Env        []string // more environment, "KEY=value"

	cmd    *exec.Cmd
	output lockedBuffer
	exited chan struct{}
}

// App prepares bin to run on the display with a private HOME and config
// folder, removed when the test ends.
func (d *Display) App(t testing.TB, bin string) *App {
	home := t.TempDir()
	return &App{Display: d, Bin: bin, Home: home, ConfigHome: filepath.Join(home, ".config")}
}

// Start runs the app; it is killed when the test ends, and its output is
// logged if the test failed.
func (a *App) Start(t testing.TB) {
	t.Helper()
	if err := os.MkdirAll(a.ConfigHome, 0o700); err != nil {
		t.Fatal(err)
	}
	a.cmd = exec.Command(a.Bin)
	a.cmd.Env = append(os.Environ(), "DISPLAY="+a.Display.Name, "HOME="+a.Home, "XDG_CONFIG_HOME="+a.ConfigHome)
	a.cmd.Env = append(a.cmd.Env, a.Env...)
	a.cmd.Stdout, a.cmd.Stderr = &a.output, &a.output
	if err := a.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", a.Bin, err)
	}
	a.exited = make(chan struct{})
	go func() {
		a.cmd.Wait()
		close(a.exited)
	}()
	t.Cleanup(func() {
		a.cmd.Process.Kill()
		<-a.exited
		if t.Failed() {
			t.Logf("%s output:\n%s", filepath.Base(a.Bin), a.Output())
		}
	})
}

// Output is what the app wrote to stdout and stderr so far.
func (a *App) Output() string { return a.output.String() }

// WaitOutput waits until the app's output contains s; it fails the test
// if the app exits first or timeout passes.
func (a *App) WaitOutput(t testing.TB, s string, timeout time.Duration) {
	t.Helper()
	wait.Until(t, timeout, fmt.Sprintf("%s to write %q", filepath.Base(a.Bin), s), func() bool {
		if strings.Contains(a.Output(), s) {
			return true
		}
		select {
		case <-a.exited:
			t.Fatalf("%s exited before writing %q:\n%s", filepath.Base(a.Bin), s, a.Output())
		default:
		}
		return false
	})
}

// WaitWindow waits until the app shows a window.
func (a *App) WaitWindow(t testing.TB, timeout time.Duration) {
	t.Helper()
	pid := strconv.Itoa(a.cmd.Process.Pid)
	wait.Until(t, timeout, "the app's window", func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--pid", pid)
		cmd.Env = append(os.Environ(), "DISPLAY="+a.Display.Name)
		out, err := cmd.Output()
		return err == nil && len(bytes.TrimSpace(out)) > 0
	})
}

// Window is an app's top-level window: its title, its size on screen and
// whether the window manager has it maximised.
type Window struct {
	Title         string
	Width, Height int
	Maximised     bool
}

// Window returns the app's largest visible window.
func (a *App) Window(t testing.TB) Window {
	t.Helper()
	out, err := a.Display.command("xdotool", "search", "--onlyvisible", "--pid", strconv.Itoa(a.cmd.Process.Pid)).Output()
	if err != nil {
		t.Fatalf("find the app's window: %v", err)
	}
	var best Window
	for _, id := range strings.Fields(string(out)) {
		geo, err := a.Display.command("xdotool", "getwindowgeometry", "--shell", id).Output()
		if err != nil {
			continue
		}
		var w Window
		for _, line := range strings.Fields(string(geo)) {
			k, v, _ := strings.Cut(line, "=")
			n, _ := strconv.Atoi(v)
			switch k {
			case "WIDTH":
				w.Width = n
			case "HEIGHT":
				w.Height = n
			}
		}
		if w.Width*w.Height <= best.Width*best.Height {
			continue
		}
		name, err := a.Display.command("xdotool", "getwindowname", id).Output()
		if err != nil {
			continue
		}
		w.Title = strings.TrimSpace(string(name))
		state, _ := a.Display.command("xprop", "-id", id, "_NET_WM_STATE").Output()
		w.Maximised = strings.Contains(string(state), "_NET_WM_STATE_MAXIMIZED_HORZ") &&
			strings.Contains(string(state), "_NET_WM_STATE_MAXIMIZED_VERT")
		best = w
	}
	return best
}

// Layout is the last layout the app logged (desktop.Layout.Log).
func (a *App) Layout(t testing.TB) desktop.Layout {
	t.Helper()
	var l desktop.Layout
	prefix := desktop.LayoutMessage + `" layout=`
	for _, line := range strings.Split(a.Output(), "\n") {
		_, quoted, ok := strings.Cut(line, prefix)
		if !ok {
			continue
		}
		raw, err := strconv.Unquote(quoted)
		if err != nil {
			t.Fatalf("layout %s: %v", quoted, err)
		}
		l = desktop.Layout{}
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("layout %s: %v", raw, err)
		}
	}
	return l
}

// WaitLayout waits until the app's last logged layout satisfies ok, and
// returns it; what names the wait in the failure.
func (a *App) WaitLayout(t testing.TB, what string, ok func(desktop.Layout) bool) desktop.Layout {
	t.Helper()
	var l desktop.Layout
	wait.Succeeds(t, 20*time.Second, what, func() error {
		if l = a.Layout(t); !ok(l) {
			return fmt.Errorf("the last layout: %+v", l)
		}
		return nil
	})
	return l
}

// WaitIdle is WaitLayout for a layout with no action under way (Busy
// false) as well: the next key the test presses counts.
func (a *App) WaitIdle(t testing.TB, what string, ok func(desktop.Layout) bool) desktop.Layout {
	t.Helper()
	return a.WaitLayout(t, what, func(l desktop.Layout) bool { return !l.Busy && ok(l) })
}

// lockedBuffer is written by the app's output copier and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
