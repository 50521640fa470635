// Package store implements the services of package partnerd over
// database/sql, on SQLite (modernc.org/sqlite) and PostgreSQL (pgx).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/partnerd/partnerd"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DB is the store: a writer and a reader pool over one database. On
// PostgreSQL both are the same pool.
type DB struct {
	write   *sql.DB
	read    *sql.DB
	dialect *dialect
	group   *groupCommit // SQLite's write transactions, committed together; nil on PostgreSQL

	// The statements kept prepared on SQLite's pools; nil on PostgreSQL.
	readStmts, writeStmts *stmtCache
	// The answers of frequent reads, good until the next commit; nil on
	// PostgreSQL (readcache.go).
	reads       *readCache
	commits     generations
	checkpoints *checkpointer // of a SQLite file
	file        *dbFile       // the SQLite file opened; nil in memory and on PostgreSQL
	ready       readiness
	// Now is the clock of every timestamp the store writes.
	Now     partnerd.Clock
	jobs    jobWaker   // wakes the workers when a job is queued
	watches jobWatches // those waiting for jobs of this process to end
	relays  relayWaker // wakes the replica's on-prem relay (on_prem_relay.go)
	// CheckCode, when set, adds the problems of a recipe's formulas and
	// datapills to those that keep it from starting.
	CheckCode partnerd.CodeCheck
	// SecretKey is the AES-256 key of the secrets kept at rest (crypt.go);
	// nil uses the key kept in the database. Set it with InitSecretKey.
	SecretKey []byte
}

// Option changes how Open opens a database.
type Option func(*options)

type options struct {
	synchronous string
}

// Synchronous sets SQLite's synchronous mode: "normal", whose commits
// survive a crash of the process, or "full", whose commits survive a
// power loss too. PostgreSQL ignores it.
func Synchronous(mode string) Option {
	return func(o *options) { o.synchronous = mode }
}

// Open opens the database named by dsn: a postgres:// URL, ":memory:", or a
// SQLite file path. It does not migrate.
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	o := options{synchronous: "normal"}
	for _, opt := range opts {
		opt(&o)
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn, o)
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(32)
	pool.SetMaxIdleConns(32)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return &DB{write: pool, read: pool, dialect: postgresDialect()}, nil
}

func openSQLite(ctx context.Context, path string, o options) (*DB, error) {
	if path == "" {
		return nil, errors.New("empty database path")
	}
	if o.synchronous == "" {
		o.synchronous = "normal"
	}
	if o.synchronous != "normal" && o.synchronous != "full" {
		return nil, fmt.Errorf("synchronous must be normal or full, not %q", o.synchronous)
	}
	pragmas := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=temp_store(MEMORY)&_pragma=synchronous(" +
		strings.ToUpper(o.synchronous) + ")"
	var writeDSN, readDSN string
	if path == ":memory:" {
		// A shared in-memory database lives as long as one connection holds it.
		name := "memdb" + partnerd.RandomString(12)
		writeDSN = "file:" + name + "?mode=memory&cache=shared&" + pragmas
		readDSN = writeDSN
	} else {
		writeDSN = "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)&_pragma=journal_size_limit(67108864)&_txlock=immediate&" + pragmas
		readDSN = "file:" + path + "?mode=ro&" + pragmas
	}
	write, err := sql.Open("sqlite", writeDSN)
	if err != nil {
		return nil, err
	}
	// One connection writes; a second, idle one lets statements be
	// prepared while the first is in a transaction (stmt.go).
	write.SetMaxOpenConns(2)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	read := write
	if path != ":memory:" {
		if read, err = sql.Open("sqlite", readDSN); err != nil {
			write.Close()
			return nil, err
		}
		n := max(4, runtime.GOMAXPROCS(0)*2)
		read.SetMaxOpenConns(n)
		read.SetMaxIdleConns(n)
	}
	db := &DB{write: write, read: read, dialect: sqliteDialect(), readStmts: newStmtCache(read)}
	if read != write {
		if db.file, err = openedFile(path); err != nil {
			write.Close()
			read.Close()
			return nil, err
		}
		db.writeStmts = newStmtCache(write)
		db.checkpoints = db.startCheckpoints()
	} else {
		// A shared in-memory database keeps one connection: a statement
		// cannot be prepared while a transaction holds it.
		write.SetMaxOpenConns(1)
	}
	db.reads = newReadCache()
	db.group = newGroupCommit(db.write, func(tx *sql.Tx) conn {
		c := db.txConn(tx)
		c.grouped = true
		return c
	}, db.commits.advance, db.file.writable)
	return db, nil
}

// IsPostgres reports whether the store runs on PostgreSQL.
func (db *DB) IsPostgres() bool { return db.dialect.name == "postgres" }

// Ping checks that the database answers reads.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Close closes the database.
func (db *DB) Close() error {
	db.jobs.close()
	if db.checkpoints != nil {
		db.checkpoints.stop()
	}
	if db.group != nil {
		db.group.close()
		if db.writeStmts != nil {
			db.writeStmts.close()
		}
		db.readStmts.close()
	}
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// conn runs rebound statements on a pool or a transaction, prepared
// through stmts when it is set.
type conn struct {
	q interface {
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	}
	d     *dialect
	stmts *stmtCache // the statements of q's pool; nil runs every query unprepared
	tx    *sql.Tx    // q when it is a transaction of stmts' pool
	// grouped runs every statement to its end whatever its caller's
	// context: on SQLite an interrupted statement would roll back the
	// whole group of transactions that it shares (commit.go).
	grouped bool
}

// context returns the context a statement runs with.
func (c conn) context(ctx context.Context) context.Context {
	if c.grouped {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// txConn returns the conn of a transaction of the writer pool.
func (db *DB) txConn(tx *sql.Tx) conn {
	return conn{q: tx, d: db.dialect, stmts: db.writeStmts, tx: tx}
}

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx, query = c.context(ctx), c.d.rebind(query)
	if s := c.statement(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return c.q.ExecContext(ctx, query, args...)
}

func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx, query = c.context(ctx), c.d.rebind(query)
	if s := c.statement(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return c.q.QueryContext(ctx, query, args...)
}

func (c conn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	ctx, query = c.context(ctx), c.d.rebind(query)
	if s := c.statement(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return c.q.QueryRowContext(ctx, query, args...)
}

// reader returns the reader pool.
func (db *DB) reader() conn { return conn{q: db.read, d: db.dialect, stmts: db.readStmts} }

// inTx runs fn in one write transaction, committing when it returns nil.
// On SQLite, concurrent callers share a transaction and its commit, each
// in a savepoint of its own (commit.go).
func (db *DB) inTx(ctx context.Context, fn func(tx conn) error) error {
	if db.group != nil {
		return db.dialect.mapError(db.group.run(ctx, fn))
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(db.txConn(tx)); err != nil {
		tx.Rollback()
		return db.dialect.mapError(err)
	}
	return db.dialect.mapError(tx.Commit())
}

// now returns the store's current time.
func (db *DB) now() int64 { return toMS(db.Now.Now()) }

// Dialect names the database: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect.name }

// Backup writes an online, consistent copy of a SQLite database to path.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.IsPostgres() {
		return errors.New("backup copies SQLite databases; use pg_dump for PostgreSQL")
	}
	_, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, path)
	return err
}
