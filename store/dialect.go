package store

import (
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/partnerd/partnerd"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect holds what differs between SQLite and PostgreSQL. Statements are
// written with ? placeholders in the SQL both databases share.
type dialect struct {
	name      string
	forUpdate string // the row-locking suffix of a read inside a transaction
	forShare  string // the shared row-locking suffix, which lets other readers lock too
	rebound   sync.Map
}

func sqliteDialect() *dialect { return &dialect{name: "sqlite"} }
func postgresDialect() *dialect {
	return &dialect{name: "postgres", forUpdate: " FOR UPDATE", forShare: " FOR SHARE"}
}

// skipLocked returns the suffix of a read inside a transaction that locks
// the rows of the table alias it reads and passes those that another
// transaction holds: empty on SQLite, whose one writer never waits.
func (d *dialect) skipLocked(alias string) string {
	if d.name != "postgres" {
		return ""
	}
	return " FOR UPDATE OF " + alias + " SKIP LOCKED"
}

// rebind turns ? placeholders into the dialect's own.
func (d *dialect) rebind(query string) string {
	if d.name != "postgres" {
		return query
	}
	if q, ok := d.rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	d.rebound.Store(query, b.String())
	return b.String()
}

// uniqueViolation names the constraint a unique violation broke, or "".
func (d *dialect) uniqueViolation(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return pgErr.ConstraintName
	}
	var sqlErr *sqlite.Error
	if errors.As(err, &sqlErr) && (sqlErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || sqlErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) {
		return sqlErr.Error()
	}
	return ""
}

// mapError turns a unique violation into ECONFLICT naming the field whose
// column the constraint covers; other errors pass unchanged.
func (d *dialect) mapError(err error) error {
	v := d.uniqueViolation(err)
	if v == "" {
		return err
	}
	for _, field := range []string{"external_id", "owner_email", "email", "name"} {
		if strings.Contains(v, field) {
			return &partnerd.Error{Code: partnerd.ECONFLICT, Message: "Validation failed",
				Fields: map[string][]string{field: {"has already been taken"}}}
		}
	}
	return &partnerd.Error{Code: partnerd.ECONFLICT, Message: "Validation failed",
		Fields: map[string][]string{"base": {"has already been taken"}}}
}
