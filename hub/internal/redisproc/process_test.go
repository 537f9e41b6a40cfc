package redisproc

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/wait"
)

// needRedis skips the test when redis-server is missing, unless
// SHAMIL_REQUIRE_REDIS is set (make test sets it).
func needRedis(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		if os.Getenv("SHAMIL_REQUIRE_REDIS") != "" {
			t.Fatalf("redis-server not found: %v", err)
		}
		t.Skip("redis-server not installed (make test installs it)")
	}
}

// start starts a supervised Redis and stops it when the test ends.
func start(t *testing.T, opts Options) *Process {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	p, err := Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Stop(context.Background()) })
	return p
}

// client returns p.Client(), closed when the test ends.
func client(t *testing.T, p *Process) *redis.Client {
	c := p.Client()
	t.Cleanup(func() { c.Close() })
	return c
}

// serverPID asks the server for its process id.
func serverPID(t *testing.T, c *redis.Client) int {
	t.Helper()
	info, err := c.Info(context.Background(), "server").Result()
	if err != nil {
		t.Fatalf("INFO server: %v", err)
	}
	for _, line := range strings.Split(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "process_id:"); ok {
			pid, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("process_id %q: %v", v, err)
			}
			return pid
		}
	}
	t.Fatalf("no process_id in INFO server:\n%s", info)
	return 0
}

func TestStartSettings(t *testing.T) {
	needRedis(t)
	tests := []struct {
		durability, wantFsync string
	}{
		{"", "everysec"},
		{"everysec", "everysec"},
		{"always", "always"},
	}
	for _, tt := range tests {
		t.Run("durability="+tt.durability, func(t *testing.T) {
			dataDir := t.TempDir()
			c := client(t, start(t, Options{DataDir: dataDir, Durability: tt.durability}))
			ctx := context.Background()
			want := map[string]string{
				"appendfsync":    tt.wantFsync,
				"appendonly":     "yes",
				"port":           "0", // no TCP listener
				"save":           "",
				"protected-mode": "yes",
				"unixsocketperm": "700",
				"dir":            filepath.Join(dataDir, "redis"),
			}
			for name, v := range want {
				got, err := c.ConfigGet(ctx, name).Result()
				if err != nil {
					t.Fatalf("CONFIG GET %s: %v", name, err)
				}
				if got[name] != v {
					t.Errorf("%s = %q, want %q", name, got[name], v)
				}
			}
			if err := c.Set(ctx, "k", "v", 0).Err(); err != nil {
				t.Fatal(err)
			}
			if v, err := c.Get(ctx, "k").Result(); err != nil || v != "v" {
				t.Fatalf("GET k = %q, %v", v, err)
			}
			info, err := os.Stat(filepath.Join(dataDir, "redis"))
			if err != nil || info.Mode().Perm() != 0o700 {
				t.Errorf("redis folder: %v, mode %v; want 0700", err, info.Mode().Perm())
			}
			if _, err := os.Stat(filepath.Join(dataDir, "redis", "redis.log")); err != nil {
				t.Errorf("redis.log: %v", err)
			}
		})
	}
}

func TestDataSurvivesStopAndStart(t *testing.T) {
	needRedis(t)
	ctx := context.Background()
	opts := Options{DataDir: t.TempDir()}
	p := start(t, opts)
	c := p.Client()
	if err := c.Set(ctx, "ticket", "A-001", 0).Err(); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if err := p.Stop(ctx); err != nil {
		t.Fatalf("stop: %v", err)
	}

	c = client(t, start(t, opts))
	if v, err := c.Get(ctx, "ticket").Result(); err != nil || v != "A-001" {
		t.Fatalf("after restart GET ticket = %q, %v; want A-001 from the AOF", v, err)
	}
}

func TestSupervisorRestartsKilledServer(t *testing.T) {
	needRedis(t)
	ctx := context.Background()
	c := client(t, start(t, Options{DataDir: t.TempDir(), Durability: "always"}))
	if err := c.Set(ctx, "ticket", "B-007", 0).Err(); err != nil {
		t.Fatal(err)
	}
	oldPID := serverPID(t, c)
	if err := syscall.Kill(oldPID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}

	wait.Succeeds(t, 20*time.Second, "a new server", func() error {
		pid := serverPID(t, c)
		if pid == oldPID {
			return errors.New("still the killed server")
		}
		return nil
	})
	if v, err := c.Get(ctx, "ticket").Result(); err != nil || v != "B-007" {
		t.Fatalf("after the crash GET ticket = %q, %v; want B-007", v, err)
	}
}

func TestStartOnFolderInUse(t *testing.T) {
	needRedis(t)
	dataDir := t.TempDir()
	start(t, Options{DataDir: dataDir})
	p, err := Start(context.Background(), Options{DataDir: dataDir})
	if !errors.Is(err, ErrInUse) {
		if p != nil {
			p.Stop(context.Background())
		}
		t.Fatalf("second Start: %v, want ErrInUse", err)
	}
}

func TestOpenConnectsToRunningServer(t *testing.T) {
	needRedis(t)
	ctx := context.Background()
	dataDir := t.TempDir()
	owner := client(t, start(t, Options{DataDir: dataDir}))
	ownerPID := serverPID(t, owner)

	p, err := Open(ctx, Options{DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	if p.Started() {
		t.Error("Open started a server although one was running")
	}
	c := p.Client()
	if pid := serverPID(t, c); pid != ownerPID {
		t.Errorf("Open reached pid %d, want the running %d", pid, ownerPID)
	}
	c.Close()
	if err := p.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if err := owner.Ping(ctx).Err(); err != nil {
		t.Fatalf("Stop of a connected Open stopped the server: %v", err)
	}

	cc, err := Connect(ctx, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	if pid := serverPID(t, cc); pid != ownerPID {
		t.Errorf("Connect reached pid %d, want %d", pid, ownerPID)
	}
}

func TestOpenStartsWhenNoneRuns(t *testing.T) {
	needRedis(t)
	ctx := context.Background()
	dataDir := t.TempDir()
	p, err := Open(ctx, Options{DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Started() {
		t.Error("Open did not start a server although none was running")
	}
	c := p.Client()
	if err := c.Ping(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if err := p.Stop(ctx); err != nil {
		t.Fatal(err)
	}

	_, err = Connect(ctx, dataDir)
	if err == nil || !strings.Contains(err.Error(), "no hub is running") {
		t.Fatalf("Connect after Stop: %v, want a 'no hub is running' error", err)
	}
}

func TestConnectWithoutFolder(t *testing.T) {
	_, err := Connect(context.Background(), filepath.Join(t.TempDir(), "nothing"))
	if err == nil || !strings.Contains(err.Error(), "no supervised redis") {
		t.Fatalf("err %v, want 'no supervised redis'", err)
	}
}

func TestStopKillsServerThatDoesNotExit(t *testing.T) {
	needRedis(t)
	dataDir := t.TempDir()
	p := start(t, Options{DataDir: dataDir, Durability: "always"})
	c := client(t, p)
	pid := serverPID(t, c)
	// A stopped process ignores SIGTERM until continued; SIGKILL still works.
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	began := time.Now()
	err := p.Stop(ctx)
	if err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("Stop: %v, want an error saying it killed the server", err)
	}
	if took := time.Since(began); took > 5*time.Second {
		t.Errorf("Stop took %s after its deadline", took)
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("server pid %d still exists: %v", pid, err)
	}
	// The folder is free again.
	start(t, Options{DataDir: dataDir})
}

func TestStartFailureQuotesLog(t *testing.T) {
	needRedis(t)
	dataDir := t.TempDir()
	aofDir := filepath.Join(dataDir, "redis", "appendonlydir")
	if err := os.MkdirAll(aofDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(aofDir, "appendonly.aof.manifest"), []byte("not a manifest\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Start(context.Background(), Options{DataDir: dataDir})
	if err == nil {
		p.Stop(context.Background())
		t.Fatal("Start succeeded on a corrupt AOF manifest")
	}
	if !strings.Contains(err.Error(), "exited while starting") || !strings.Contains(strings.ToLower(err.Error()), "manifest") {
		t.Errorf("error %q should say the server exited and quote its log about the manifest", err)
	}
	// A failed Start releases the folder.
	lock, err := lockDir(filepath.Join(dataDir, "redis"))
	if err != nil {
		t.Fatalf("folder still locked after a failed Start: %v", err)
	}
	lock.Close()
}

func TestStartOptionErrors(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"no data dir", Options{}, "no data folder"},
		{"bad durability", Options{DataDir: t.TempDir(), Durability: "sometimes"}, `"sometimes"`},
		{"socket path too long", Options{DataDir: "/" + strings.Repeat("d", 120)}, "shorter data folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Start(context.Background(), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

// TestHubCrashStopsServer runs Start in a child test process that then
// exits without Stop, as a crashing hub would: its redis-server must not
// linger, and the folder must become free with the data kept.
func TestHubCrashStopsServer(t *testing.T) {
	needRedis(t)
	if dataDir := os.Getenv("REDISPROC_CRASH_DIR"); dataDir != "" {
		p, err := Start(context.Background(), Options{DataDir: dataDir, Durability: "always"})
		if err != nil {
			t.Fatal(err)
		}
		c := p.Client()
		if err := c.Set(context.Background(), "ticket", "C-042", 0).Err(); err != nil {
			t.Fatal(err)
		}
		os.Stdout.WriteString("pid=" + strconv.Itoa(serverPID(t, c)) + "\n")
		os.Exit(0)
	}

	dataDir := t.TempDir()
	hub := exec.Command(os.Args[0], "-test.run=^TestHubCrashStopsServer$")
	hub.Env = append(os.Environ(), "REDISPROC_CRASH_DIR="+dataDir)
	out, err := hub.Output()
	if err != nil {
		t.Fatalf("crashing hub: %v\n%s", err, out)
	}
	_, pidText, ok := strings.Cut(string(out), "pid=")
	if !ok {
		t.Fatalf("no pid in the crashing hub's output:\n%s", out)
	}
	pid, err := strconv.Atoi(strings.Fields(pidText)[0])
	if err != nil {
		t.Fatal(err)
	}
	wait.Succeeds(t, 10*time.Second, "redis-server to end", func() error {
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			return errors.New("redis-server outlived its hub")
		}
		return nil
	})
	c := client(t, start(t, Options{DataDir: dataDir}))
	if v, err := c.Get(context.Background(), "ticket").Result(); err != nil || v != "C-042" {
		t.Fatalf("GET ticket = %q, %v; want C-042", v, err)
	}
}
