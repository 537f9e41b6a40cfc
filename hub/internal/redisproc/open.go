package redisproc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/redis/go-redis/v9"
)

// Connect returns a client on the supervised Redis of dataDir that another
// process (a running hub) supervises, waiting while that server starts.
// The caller closes the client. It fails at once when no process runs the
// folder's Redis.
func Connect(ctx context.Context, dataDir string) (*redis.Client, error) {
	ps, err := pathsOf(dataDir)
	if err != nil {
		return nil, fmt.Errorf("connect to redis: %w", err)
	}
	if _, err := os.Stat(ps.dir); err != nil {
		return nil, fmt.Errorf("connect to redis: no supervised redis in %s: %w", dataDir, err)
	}
	// A free lock means nobody runs the server; say so instead of waiting.
	// Taking the lock for this instant could make a hub starting at the
	// very same moment fail with ErrInUse; it can simply be started again.
	lock, err := lockDir(ps.dir)
	if err == nil {
		lock.Close()
		return nil, fmt.Errorf("connect to redis: no hub is running the redis-server of %s", dataDir)
	}
	if !errors.Is(err, ErrInUse) {
		return nil, fmt.Errorf("connect to redis: %w", err)
	}
	p := &Process{paths: ps}
	if err := p.waitForOther(ctx); err != nil {
		return nil, fmt.Errorf("connect to redis: %w", err)
	}
	return p.Client(), nil
}

// Open connects to the supervised Redis of opts.DataDir if another process
// runs it, and otherwise starts (and supervises) it like Start. Stop on the
// result stops the server only if Open started it. Admin commands use Open
// so they work whether or not the hub is running.
func Open(ctx context.Context, opts Options) (*Process, error) {
	p, err := prepare(opts)
	if err != nil {
		return nil, fmt.Errorf("open redis: %w", err)
	}
	lock, err := lockDir(p.paths.dir)
	switch {
	case err == nil:
		if err := p.run(ctx, lock); err != nil {
			return nil, fmt.Errorf("open redis: %w", err)
		}
		return p, nil
	case errors.Is(err, ErrInUse):
		if err := p.waitForOther(ctx); err != nil {
			return nil, fmt.Errorf("open redis: %w", err)
		}
		close(p.done) // there is no supervisor to wait for
		return p, nil
	default:
		return nil, fmt.Errorf("open redis: %w", err)
	}
}

// waitForOther waits until the server another process runs answers PING;
// it may still be starting or loading its AOF.
func (p *Process) waitForOther(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	for {
		err := ping(ctx, p.paths.socket)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the redis-server at %s, run by another process, does not answer: %w", p.paths.socket, err)
		case <-time.After(pollInterval):
		}
	}
}
