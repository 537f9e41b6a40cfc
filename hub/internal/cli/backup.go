package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/internal/backup"
	"github.com/shamil-municipal/shamil/hub/internal/config"
	"github.com/shamil-municipal/shamil/hub/internal/server"
)

// runBackup writes one archive of the store, the photos and the catalogue
// while the hub runs (docs/operations.md): hub backup --out FILE.
func runBackup(ctx context.Context, args []string, stdout io.Writer) error {
	var out string
	cfg, err := config.ParseWith(args, os.Getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "archive to write, e.g. /var/backups/shamil/2026-03-01.tar.gz")
	})
	if err != nil {
		return err
	}
	if out == "" {
		return errors.New("--out is required")
	}
	rdb, closeStore, err := server.OpenRedis(ctx, cfg, true, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer closeStore()
	client, ok := rdb.(*redis.Client)
	if !ok {
		return errors.New("hub backup copies the supervised Redis or one reached by redis://, rediss:// or Sentinel; back a Redis Cluster up with its own tools")
	}
	m, err := backup.WriteFile(ctx, out, backup.Source{Redis: client,
		MediaDir: filepath.Join(cfg.DataDir, "media"), Catalogue: cfg.Catalogue})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up to %s: Redis %s snapshot, %d files, taken %s.\n",
		out, m.RedisVersion, len(m.Files), m.Created.Format("2006-01-02 15:04:05 MST"))
	return nil
}

// runRestore unpacks an archive into a data folder, after checking it in
// full: hub restore --from FILE --data-dir DIR [--force].
func runRestore(ctx context.Context, args []string, stdout io.Writer) error {
	var from string
	var force bool
	cfg, err := config.ParseWith(args, os.Getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&from, "from", "", "archive written by hub backup")
		fs.BoolVar(&force, "force", false, "replace what the data folder holds")
	})
	if err != nil {
		return err
	}
	if from == "" {
		return errors.New("--from is required")
	}
	m, err := backup.Restore(ctx, from, cfg.DataDir, force)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Restored the backup taken %s (hub %s, Redis %s) into %s.\nStart the hub with --data-dir %s --catalogue %s\n",
		m.Created.Format("2006-01-02 15:04:05 MST"), m.HubVersion, m.RedisVersion, cfg.DataDir,
		cfg.DataDir, filepath.Join(cfg.DataDir, "catalogue.yaml"))
	return nil
}
