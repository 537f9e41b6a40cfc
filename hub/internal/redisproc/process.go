package redisproc

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	// readyTimeout is how long a starting redis-server may take to answer
	// PING; loading a large AOF counts against it.
	readyTimeout = 30 * time.Second
	// pollInterval is the pause between PINGs while waiting for readiness.
	pollInterval = 20 * time.Millisecond
	// minBackoff and maxBackoff bound the wait before restarting a
	// redis-server that died; the wait doubles with each failed restart.
	minBackoff = 100 * time.Millisecond
	maxBackoff = 10 * time.Second
	// stableAfter is how long a child must run for the backoff to reset.
	stableAfter = 30 * time.Second
	// maxSocketPath is the longest unix socket path: sun_path holds 108
	// bytes including the terminating NUL.
	maxSocketPath = 107
)

// Options configures the supervised redis-server.
type Options struct {
	// DataDir is the hub's data folder; Redis's files go in DataDir/redis.
	// Required.
	DataDir string
	// Durability is the appendfsync policy: "everysec" (empty means this)
	// or "always".
	Durability string
	// Logger receives deaths and restarts. Nil means slog.Default().
	Logger *slog.Logger
}

// Process is the hub's Redis: either a redis-server child this process
// started and supervises, or (from Open) one another process supervises.
type Process struct {
	paths      paths
	log        *slog.Logger
	started    bool
	durability string   // appendfsync policy
	argv       []string // redis-server and its arguments
	lock       *os.File // held while this process owns the server; nil otherwise

	stop     chan struct{} // closed by Stop
	kill     chan struct{} // closed when Stop's context expires
	done     chan struct{} // closed when the supervisor has ended
	stopOnce sync.Once
	stopErr  error
}

// paths are the files of a data folder's Redis.
type paths struct {
	dir, socket, log string
}

// pathsOf returns the absolute paths of dataDir's Redis files. They are
// absolute because redis-server changes into its dir before opening them.
func pathsOf(dataDir string) (paths, error) {
	if dataDir == "" {
		return paths{}, errors.New("no data folder given")
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return paths{}, fmt.Errorf("data folder %s: %w", dataDir, err)
	}
	dir := filepath.Join(abs, "redis")
	p := paths{dir: dir, socket: filepath.Join(dir, "redis.sock"), log: filepath.Join(dir, "redis.log")}
	if len(p.socket) > maxSocketPath {
		return paths{}, fmt.Errorf("socket path %s is %d bytes, longer than unix sockets allow (%d): use a shorter data folder path",
			p.socket, len(p.socket), maxSocketPath)
	}
	return p, nil
}

// Start runs redis-server with its files under DataDir/redis, listening
// only on the unix socket DataDir/redis/redis.sock, and returns once it
// answers PING. It restarts the server if it dies, until Stop. Start
// returns an error wrapping ErrInUse when another process already runs
// the data folder's Redis. ctx bounds only the wait for the first start.
func Start(ctx context.Context, opts Options) (*Process, error) {
	p, err := prepare(opts)
	if err != nil {
		return nil, fmt.Errorf("start redis: %w", err)
	}
	lock, err := lockDir(p.paths.dir)
	if err != nil {
		return nil, fmt.Errorf("start redis: %w", err)
	}
	if err := p.run(ctx, lock); err != nil {
		return nil, fmt.Errorf("start redis: %w", err)
	}
	return p, nil
}

// prepare checks opts and creates the Redis folder.
func prepare(opts Options) (*Process, error) {
	durability := opts.Durability
	switch durability {
	case "":
		durability = "everysec"
	case "everysec", "always":
	default:
		return nil, fmt.Errorf("durability %q: want everysec or always", durability)
	}
	ps, err := pathsOf(opts.DataDir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(ps.dir, 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", ps.dir, err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Process{
		paths:      ps,
		durability: durability,
		log:        log.With("component", "redis", "dir", ps.dir),
		stop:       make(chan struct{}),
		kill:       make(chan struct{}),
		done:       make(chan struct{}),
	}, nil
}

// run starts the supervisor holding lock and waits for the first server
// to answer. On failure it releases everything.
func (p *Process) run(ctx context.Context, lock *os.File) error {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		lock.Close()
		return fmt.Errorf("redis-server not found (build/deps.sh run installs it): %w", err)
	}
	p.started = true
	p.argv = append([]string{bin}, p.args()...)
	p.lock = lock
	started := make(chan error, 1)
	go p.supervise(ctx, started)
	if err := <-started; err != nil {
		lock.Close()
		return err
	}
	return nil
}

// args are redis-server's settings: a unix socket only, AOF as the only
// persistence (no RDB snapshots), everything in the data folder.
func (p *Process) args() []string {
	return []string{
		"--port", "0",
		"--unixsocket", p.paths.socket,
		"--unixsocketperm", "700",
		"--dir", p.paths.dir,
		"--appendonly", "yes",
		"--appendfsync", p.durability,
		"--save", "",
		"--protected-mode", "yes",
		"--daemonize", "no",
		"--logfile", p.paths.log,
	}
}

// Started reports whether this process started the server (and so Stop
// stops it) rather than connecting to one another process runs.
func (p *Process) Started() bool { return p.started }

// Client returns a new client on the server's socket; the caller closes
// it. It reconnects by itself after the supervisor restarts the server.
func (p *Process) Client() *redis.Client {
	return redis.NewClient(&redis.Options{Network: "unix", Addr: p.paths.socket})
}

// Stop shuts the server down cleanly (SIGTERM: Redis flushes the AOF and
// exits) and waits for it. If ctx ends first, it kills the server and
// says so. For a Process that did not start the server, Stop releases
// only this process's resources. Stop is safe to call more than once.
func (p *Process) Stop(ctx context.Context) error {
	p.stopOnce.Do(func() {
		close(p.stop)
		select {
		case <-p.done:
		case <-ctx.Done():
			close(p.kill)
			<-p.done
			p.stopErr = fmt.Errorf("stop redis: killed redis-server after %w", ctx.Err())
		}
		if p.lock != nil {
			p.lock.Close()
		}
	})
	return p.stopErr
}

// errStopped ends a start that Stop interrupted.
var errStopped = errors.New("stopped")

// supervise starts the server, reports the first start on
// started, then restarts the server whenever it dies, until Stop.
func (p *Process) supervise(ctx context.Context, started chan<- error) {
	defer close(p.done)
	// The child gets SIGTERM when the thread that started it ends (that is
	// how Pdeathsig works), and Go may end idle threads. Keeping this
	// goroutine on one thread for its whole life makes that thread's end
	// mean the hub's end. The thread exits with the goroutine.
	runtime.LockOSThread()

	child, err := p.startChild(ctx)
	started <- err
	if err != nil {
		return
	}
	backoff := minBackoff
	for {
		since := time.Now()
		var exitErr error
		select {
		case <-p.stop:
			p.stopChild(child)
			return
		case exitErr = <-child.exited:
		}
		if time.Since(since) > stableAfter {
			backoff = minBackoff
		}
		p.log.Error("redis-server died; restarting it", "error", exitErr, "retry_in", backoff, "log_tail", p.logTail())
		for {
			select {
			case <-p.stop:
				return
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, maxBackoff)
			child, err = p.startChild(context.Background())
			if errors.Is(err, errStopped) {
				return
			}
			if err == nil {
				p.log.Info("redis-server restarted", "pid", child.cmd.Process.Pid)
				break
			}
			p.log.Error("restart redis-server", "error", err, "retry_in", backoff)
		}
	}
}

// child is one run of redis-server.
type child struct {
	cmd    *exec.Cmd
	exited chan error // receives cmd.Wait's result once
}

// startChild starts one redis-server and waits until it
// answers PING. A server that exits, or does not answer in time, makes an
// error quoting the end of its log.
func (p *Process) startChild(ctx context.Context) (*child, error) {
	logFile, err := os.OpenFile(p.paths.log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open redis log: %w", err)
	}
	defer logFile.Close() // the child has its own copy
	cmd := exec.Command(p.argv[0], p.argv[1:]...)
	// Messages before Redis opens its log file (bad settings) land there too.
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// The child inherits the lock, so the folder stays locked until the
	// server has exited, even if the hub dies first.
	cmd.ExtraFiles = []*os.File{p.lock}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("run redis-server: %w", err)
	}
	c := &child{cmd: cmd, exited: make(chan error, 1)}
	go func() { c.exited <- cmd.Wait() }()

	deadline := time.NewTimer(readyTimeout)
	defer deadline.Stop()
	for {
		err := ping(ctx, p.paths.socket)
		if err == nil {
			return c, nil
		}
		select {
		case exitErr := <-c.exited:
			return nil, fmt.Errorf("redis-server exited while starting (%v); end of %s:\n%s", exitErr, p.paths.log, p.logTail())
		case <-deadline.C:
			cmd.Process.Kill()
			<-c.exited
			return nil, fmt.Errorf("redis-server did not answer PING within %s (%v); end of %s:\n%s", readyTimeout, err, p.paths.log, p.logTail())
		case <-ctx.Done():
			cmd.Process.Kill()
			<-c.exited
			return nil, fmt.Errorf("wait for redis-server: %w", ctx.Err())
		case <-p.stop:
			p.stopChild(c)
			return nil, errStopped
		case <-time.After(pollInterval):
		}
	}
}

// stopChild asks the server to shut down and waits, killing it if Stop's
// context expires first.
func (p *Process) stopChild(c *child) {
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-p.kill:
		c.cmd.Process.Kill()
		<-c.exited
	}
	p.log.Info("redis-server stopped")
}

// ping sends one PING to the socket on a fresh connection. It does not use
// go-redis, whose pool, after failed dials, waits a second between tries.
func ping(ctx context.Context, socket string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", socket)
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	if reply = strings.TrimSpace(reply); reply != "+PONG" {
		return fmt.Errorf("PING answered %q", reply) // -LOADING while reading the AOF
	}
	return nil
}

// logTail returns the last lines of the server's log, for error messages.
func (p *Process) logTail() string {
	const maxBytes, maxLines = 2048, 10
	f, err := os.Open(p.paths.log)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > maxBytes {
		f.Seek(-maxBytes, io.SeekEnd)
	}
	b, _ := io.ReadAll(f)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > maxLines {
		lines = lines[len(lines)-maxLines:]
	}
	return strings.Join(lines, "\n")
}
