package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// prepareDB returns the database that partnerd serves. On PostgreSQL it is
// the one -db names, seeded unless it holds the data set already. On SQLite
// it is a file in dir: seeded there, or copied from the file kept in -keep,
// which is seeded first when it is not yet, so that every run starts from
// the same data.
func prepareDB(ctx context.Context, cfg *config, dir string) (string, error) {
	if cfg.db != "" {
		ok, err := seeded(ctx, cfg.db)
		if err != nil || ok {
			if ok {
				log.Print("the database holds the data set already; what earlier runs wrote stays in it")
			}
			return cfg.db, err
		}
		return cfg.db, seed(ctx, cfg.db)
	}
	path := filepath.Join(dir, "partnerd.db")
	if cfg.keep == "" {
		return path, seed(ctx, path)
	}
	if err := os.MkdirAll(cfg.keep, 0o755); err != nil {
		return "", err
	}
	kept := filepath.Join(cfg.keep, fmt.Sprintf("seed-v%d.db", dataSetVersion))
	ok, err := seeded(ctx, kept)
	if errors.Is(err, errPartialSeed) {
		ok, err = false, nil
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", kept, err)
	}
	if ok {
		log.Printf("using the data set in %s", kept)
	} else {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(kept + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return "", err
			}
		}
		if err := seed(ctx, kept); err != nil {
			return "", err
		}
	}
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(kept+suffix, path+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
	}
	return path, nil
}

// errPartialSeed is the answer of seeded for the data set of a seed that
// was interrupted, or of an earlier version.
var errPartialSeed = errors.New("the database holds an incomplete data set, or one of an earlier version: give a fresh one")

// flushToDisk writes what the seed or the copy left in memory to the disk
// before anything is measured: the kernel would write it back half a
// minute later, in the middle of a measurement, and hold up every fsync
// behind it. On PostgreSQL a checkpoint does the same for its buffers.
func flushToDisk(ctx context.Context, dsn string) error {
	start := time.Now()
	if isPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, "CHECKPOINT"); err != nil {
			log.Printf("no checkpoint (%v): PostgreSQL may write the data set back during a measurement", err)
		}
		db.Close()
	}
	syscall.Sync()
	log.Printf("flushed the data set to disk in %v", time.Since(start).Round(time.Millisecond))
	return nil
}

// seeded reports whether the database at dsn holds a complete data set.
func seeded(ctx context.Context, dsn string) (bool, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return false, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return false, err
	}
	caller, err := db.AuthenticateToken(ctx, partnerd.HashSecret(benchToken))
	if partnerd.ErrorCode(err) == partnerd.EUNAUTHORIZED {
		return false, nil
	} else if err != nil {
		return false, err
	}
	_, err = db.FindCustomerByExternalID(ctx, caller.AccountID, customerExternalID(customerCount))
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return false, errPartialSeed
	}
	return err == nil, err
}

// copyFile copies the file src to dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
