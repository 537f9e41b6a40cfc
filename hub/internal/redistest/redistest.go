// Package redistest starts a real redis-server for tests: on a free loopback
// port, with its files in the test's temporary folder and AOF on, so tests
// can kill and restart it and see what survives.
package redistest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/wait"
)

// Server is a redis-server owned by one test.
type Server struct {
	t     testing.TB
	Dir   string
	Addr  string
	cmd   *exec.Cmd
	extra []string // more redis-server options
}

// Start starts a redis-server and stops it when the test ends. The test is
// skipped, not failed, only when redis-server is not installed and
// SHAMIL_REQUIRE_REDIS is unset; `make test` sets it.
func Start(t testing.TB) *Server {
	t.Helper()
	requireRedis(t)
	s := &Server{t: t, Dir: t.TempDir(), Addr: "127.0.0.1:" + strconv.Itoa(freePort(t))}
	s.start()
	t.Cleanup(s.Kill)
	return s
}

func requireRedis(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		if os.Getenv("SHAMIL_REQUIRE_REDIS") != "" {
			t.Fatalf("redis-server not found: %v", err)
		}
		t.Skip("redis-server not installed (make test installs it)")
	}
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func (s *Server) start() {
	s.t.Helper()
	_, port, _ := net.SplitHostPort(s.Addr)
	s.cmd = exec.Command("redis-server",
		"--port", port, "--bind", "127.0.0.1", "--dir", s.Dir,
		"--appendonly", "yes", "--appendfsync", "always", "--save", "",
		"--logfile", filepath.Join(s.Dir, "redis.log"))
	s.cmd.Args = append(s.cmd.Args, s.extra...)
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("start redis-server: %v", err)
	}
	c := redis.NewClient(&redis.Options{Addr: s.Addr})
	defer c.Close()
	wait.Succeeds(s.t, 10*time.Second, "redis-server at "+s.Addr, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := c.Ping(ctx).Err(); err != nil {
			return fmt.Errorf("%v\n%s", err, logOf(s))
		}
		return nil
	})
}

// URL is the redis:// address of the server, for code that takes --redis-url.
func (s *Server) URL() string { return "redis://" + s.Addr }

// Client returns a new client closed at the end of the test.
func (s *Server) Client() *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: s.Addr})
	s.t.Cleanup(func() { c.Close() })
	return c
}

// Kill ends the server with SIGKILL, as a crash would.
func (s *Server) Kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

// Restart kills the server and starts it again on the same port and folder;
// what it loads back is what its AOF held.
func (s *Server) Restart() {
	s.t.Helper()
	s.Kill()
	s.start()
}

// String is for test logs.
func (s *Server) String() string { return fmt.Sprintf("redis-server %s (%s)", s.Addr, s.Dir) }

// Freeze stops the server with SIGSTOP, as a stand-in for a replica that
// lags or is cut off; Thaw lets it go on.
func (s *Server) Freeze() { s.cmd.Process.Signal(syscall.SIGSTOP) }

// Thaw continues a frozen server.
func (s *Server) Thaw() { s.cmd.Process.Signal(syscall.SIGCONT) }
