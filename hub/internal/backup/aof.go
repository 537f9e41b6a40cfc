package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// convertTimeout bounds loading a snapshot and rewriting it as an AOF.
const convertTimeout = 10 * time.Minute

// rdbToAOF turns dir/dump.rdb into the append-only files the supervised
// Redis loads (it runs with AOF only and would ignore an RDB): a
// redis-server loads the snapshot, rewrites it as its AOF and stops.
func rdbToAOF(ctx context.Context, dir string) error {
	ctx, cancel := context.WithTimeout(ctx, convertTimeout)
	defer cancel()
	// Unix socket paths are short (108 bytes); the data folder may not be.
	sockDir, err := os.MkdirTemp("", "shamil-restore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(sockDir)
	socket := filepath.Join(sockDir, "redis.sock")
	logFile := filepath.Join(dir, "restore.log")
	cmd := exec.Command("redis-server",
		"--port", "0", "--unixsocket", socket, "--unixsocketperm", "700",
		"--dir", dir, "--dbfilename", "dump.rdb", "--appendonly", "no", "--save", "",
		"--logfile", logFile)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("load the snapshot: run redis-server: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false // the server has exited and exited was read
	defer func() {
		if !stopped {
			cmd.Process.Kill()
			<-exited
		}
	}()
	fail := func(err error) error {
		tail, _ := os.ReadFile(logFile)
		return fmt.Errorf("load the snapshot: %w\n%s", err, lastLines(string(tail), 5))
	}

	client := redis.NewClient(&redis.Options{Network: "unix", Addr: socket, MaxRetries: -1})
	defer client.Close()
	for {
		err := client.Ping(ctx).Err()
		if err == nil {
			break
		}
		select {
		case err := <-exited:
			stopped = true
			return fail(fmt.Errorf("redis-server exited: %v", err))
		case <-ctx.Done():
			return fail(ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	if err := client.ConfigSet(ctx, "appendonly", "yes").Err(); err != nil {
		return fail(fmt.Errorf("turn on the append-only file: %w", err))
	}
	for {
		info, err := client.InfoMap(ctx, "persistence").Result()
		if err != nil {
			return fail(err)
		}
		p := info["Persistence"]
		if p["aof_rewrite_in_progress"] == "0" && p["aof_rewrite_scheduled"] == "0" {
			if p["aof_last_bgrewrite_status"] != "ok" {
				return fail(errors.New("rewriting the append-only file failed"))
			}
			break
		}
		select {
		case <-ctx.Done():
			return fail(ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	// SHUTDOWN flushes the append-only file; the connection closes.
	client.Shutdown(ctx)
	select {
	case err := <-exited:
		stopped = true
		if err != nil {
			return fail(fmt.Errorf("redis-server: %w", err))
		}
	case <-ctx.Done():
		return fail(ctx.Err())
	}
	for _, f := range []string{"dump.rdb", "restore.log"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			return err
		}
	}
	return nil
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
