package backup

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// snapshotTimeout bounds the whole transfer of a snapshot; Redis writes
// its RDB first (a fork), then sends it.
const snapshotTimeout = 10 * time.Minute

// snapshot asks the Redis behind client for a point-in-time copy of its
// data, as a replica would (SYNC), and returns a reader of exactly the RDB
// bytes and their size. The copy is consistent across all keys: Redis forks
// and writes it while it keeps serving the hub. The caller reads the RDB
// in full, then calls the returned close.
//
// A plain SYNC (no REPLCONF capa eof) makes Redis send the RDB from disk
// with its length first, so the archive can name the size before the bytes.
func snapshot(ctx context.Context, client *redis.Client) (rdb io.Reader, size int64, closeConn func(), err error) {
	opt := client.Options()
	conn, err := opt.Dialer(ctx, opt.Network, opt.Addr)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("snapshot: connect to redis: %w", err)
	}
	conn.SetDeadline(time.Now().Add(snapshotTimeout))
	if d, ok := ctx.Deadline(); ok {
		conn.SetDeadline(d)
	}
	r := bufio.NewReader(conn)
	fail := func(err error) (io.Reader, int64, func(), error) {
		conn.Close()
		return nil, 0, nil, fmt.Errorf("snapshot: %w", err)
	}
	if opt.Password != "" {
		auth := []string{"AUTH", opt.Password}
		if opt.Username != "" {
			auth = []string{"AUTH", opt.Username, opt.Password}
		}
		if err := command(conn, r, auth...); err != nil {
			return fail(fmt.Errorf("authenticate: %w", err))
		}
	}
	if _, err := conn.Write(encode("SYNC")); err != nil {
		return fail(err)
	}
	size, err = bulkLength(r)
	if err != nil {
		return fail(err)
	}
	return io.LimitReader(r, size), size, func() { conn.Close() }, nil
}

// bulkLength reads the reply to SYNC up to the RDB's first byte: Redis
// sends bare newlines while it writes the file, then "$<length>\r\n".
func bulkLength(r *bufio.Reader) (int64, error) {
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return 0, fmt.Errorf("read SYNC reply: %w", err)
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "":
			continue // keep-alive while the RDB is written
		case strings.HasPrefix(line, "-"):
			return 0, fmt.Errorf("redis refused SYNC: %s", line[1:])
		case strings.HasPrefix(line, "$EOF:"):
			return 0, errors.New("redis sent a diskless snapshot without a length; unexpected for SYNC")
		case strings.HasPrefix(line, "$"):
			n, err := strconv.ParseInt(line[1:], 10, 64)
			if err != nil || n <= 0 {
				return 0, fmt.Errorf("SYNC reply %q: want $<length>", line)
			}
			return n, nil
		default:
			return 0, fmt.Errorf("SYNC reply %q: want $<length>", line)
		}
	}
}

// command sends one command and expects a simple "+..." reply.
func command(conn net.Conn, r *bufio.Reader, args ...string) error {
	if _, err := conn.Write(encode(args...)); err != nil {
		return err
	}
	line, err := r.ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "+") {
		return errors.New(strings.TrimSpace(strings.TrimPrefix(line, "-")))
	}
	return nil
}

// encode writes a command in the Redis protocol.
func encode(args ...string) []byte {
	b := []byte("*" + strconv.Itoa(len(args)) + "\r\n")
	for _, a := range args {
		b = append(b, "$"+strconv.Itoa(len(a))+"\r\n"+a+"\r\n"...)
	}
	return b
}
