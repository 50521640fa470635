package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"slices"
	"strings"
)

// bulkDB writes rows many at a time, below the store, on SQLite or
// PostgreSQL.
type bulkDB struct {
	*sql.DB
	postgres bool
	copied   map[string]bool // the columns copyOtherColumns has said it copies
}

// rowSet is rows to insert into a table.
type rowSet struct {
	table   string
	columns []string
	rows    [][]any
}

// openBulk opens the database at dsn for bulk writes.
func openBulk(ctx context.Context, dsn string) (*bulkDB, error) {
	driver, source, postgres := "sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)&_txlock=immediate", false
	if isPostgres(dsn) {
		driver, source, postgres = "pgx", dsn, true
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return &bulkDB{DB: db, postgres: postgres, copied: map[string]bool{}}, nil
}

// columns returns the names of the columns of table.
func (b *bulkDB) columns(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	query := `SELECT name FROM pragma_table_info(?)`
	if b.postgres {
		query = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`
	}
	rows, err := tx.QueryContext(ctx, query, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, rows.Err()
}

// insertRows inserts the rows of set, a few hundred per statement.
func (b *bulkDB) insertRows(ctx context.Context, tx *sql.Tx, set *rowSet) error {
	const maxArgs = 30000 // below the limit of either database
	rows := set.rows
	for len(rows) > 0 {
		n := min(len(rows), maxArgs/len(set.columns))
		query := []byte("INSERT INTO " + set.table + " (" + strings.Join(set.columns, ", ") + ") VALUES ")
		args := make([]any, 0, n*len(set.columns))
		for i, row := range rows[:n] {
			if i > 0 {
				query = append(query, ',')
			}
			query = append(query, '(')
			for j, v := range row {
				if j > 0 {
					query = append(query, ',')
				}
				query = b.placeholder(query, len(args)+1)
				args = append(args, v)
			}
			query = append(query, ')')
		}
		if _, err := tx.ExecContext(ctx, string(query), args...); err != nil {
			return fmt.Errorf("insert into %s: %w", set.table, err)
		}
		rows = rows[n:]
	}
	return nil
}

// newRecipeDefaults are the columns of recipes and of their versions that
// a new recipe leaves to their defaults.
var newRecipeDefaults = []string{"description", "running", "stopped_at", "stop_cause", "copy_count", "version_no",
	"job_succeeded_count", "job_failed_count", "lifetime_task_count", "last_run_at", "comment"}

// copyOtherColumns gives the rows of set whose recipe column lies from
// first to last the values, in the columns of the table that set does not
// write, of the row of the example recipe.
func (b *bulkDB) copyOtherColumns(ctx context.Context, tx *sql.Tx, set *rowSet, all []string, recipeColumn string, example, first, last int64) error {
	for _, c := range all {
		if c == "id" || slices.Contains(set.columns, c) || slices.Contains(newRecipeDefaults, c) {
			continue
		}
		if key := set.table + "." + c; !b.copied[key] {
			b.copied[key] = true
			log.Printf("seed: %s takes the value of the store's example recipe", key)
		}
		query := fmt.Sprintf(`UPDATE %[1]s SET %[2]s = (SELECT e.%[2]s FROM %[1]s e WHERE e.%[3]s = %[4]s ORDER BY e.id LIMIT 1)
			WHERE %[3]s >= %[5]s AND %[3]s <= %[6]s`, set.table, c, recipeColumn,
			b.placeholder(nil, 1), b.placeholder(nil, 2), b.placeholder(nil, 3))
		if _, err := tx.ExecContext(ctx, query, example, first, last); err != nil {
			return fmt.Errorf("copy %s.%s: %w", set.table, c, err)
		}
	}
	return nil
}

// placeholder appends the placeholder of argument n.
func (b *bulkDB) placeholder(query []byte, n int) []byte {
	if !b.postgres {
		return append(query, '?')
	}
	return fmt.Appendf(query, "$%d", n)
}

// resetSequence moves the id sequence of a PostgreSQL table past the ids
// written explicitly; SQLite keeps track by itself.
func (b *bulkDB) resetSequence(ctx context.Context, table string) error {
	if !b.postgres {
		return nil
	}
	_, err := b.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), (SELECT MAX(id) FROM `+table+`))`)
	return err
}
