package engine

import (
	"context"
	"strings"

	"github.com/partnerd/partnerd/formula"
)

// mysqlReadBack answers the row an insert or upsert wrote, read again
// since MySQL has no RETURNING: by id, the value LAST_INSERT_ID gave the
// table's auto-increment column, when the row took one; else by the
// step's unique key, or by the primary key when every one of its columns
// was written. Failing these, it answers the columns written.
func mysqlReadBack(ctx context.Context, runner mysqlRunner, action string, in formula.Value, id int64) (formula.Value, error) {
	schema, table := splitTable(hashField(in, "table").String())
	quoted, err := mysqlDialect.quoteTable(hashField(in, "table").String(), "")
	if err != nil {
		return formula.Value{}, err
	}
	written := hashField(in, "columns").AsHash()
	if written == nil {
		written = in.AsHash()
	}
	lookup := func(names []string) formula.Value {
		var cond []string
		var args []any
		for _, n := range names {
			v, ok := written.Get(n)
			if !ok || v.IsSkip() {
				return formula.Value{}
			}
			q, err := mysqlDialect.quoteIdent(n)
			if err != nil {
				return formula.Value{}
			}
			cond, args = append(cond, q+" = ?"), append(args, sqlValue(v))
		}
		rows, err := runner.query(ctx, sqlStatement{action: action, sql: "SELECT * FROM " + quoted + " WHERE " + strings.Join(cond, " AND ") + " LIMIT 1", args: args})
		if err != nil || len(rows) == 0 {
			return formula.Value{}
		}
		return rows[0]
	}
	if key := strings.TrimSpace(hashField(in, "unique_key").String()); action == "upsert_row" && key != "" {
		if row := lookup([]string{key}); row.AsHash() != nil {
			return row, nil
		}
	}
	if id > 0 {
		if col := mysqlKeyColumns(ctx, runner, action, schema, table, "EXTRA LIKE '%auto_increment%'"); len(col) == 1 {
			q, _ := mysqlDialect.quoteIdent(col[0])
			rows, err := runner.query(ctx, sqlStatement{action: action, sql: "SELECT * FROM " + quoted + " WHERE " + q + " = ? LIMIT 1", args: []any{id}})
			if err != nil {
				return formula.Value{}, err
			}
			if len(rows) > 0 {
				return rows[0], nil
			}
		}
	}
	if cols := mysqlKeyColumns(ctx, runner, action, schema, table, "COLUMN_KEY = 'PRI'"); len(cols) > 0 {
		if row := lookup(cols); row.AsHash() != nil {
			return row, nil
		}
	}
	out := formula.NewHash(0)
	if written != nil {
		for _, k := range written.Keys() {
			if v, _ := written.Get(k); !reservedPGFields[k] && !v.IsSkip() {
				out.Set(k, v)
			}
		}
	}
	return formula.HashValue(out), nil
}

// splitTable splits "schema.table" into its parts; a bare table's schema
// is "".
func splitTable(name string) (string, string) {
	name = strings.TrimSpace(name)
	if schema, table, ok := strings.Cut(name, "."); ok {
		return schema, table
	}
	return "", name
}

// mysqlKeyColumns lists the columns of a table that meet a fixed
// condition on information_schema.COLUMNS, in their order.
func mysqlKeyColumns(ctx context.Context, runner mysqlRunner, action, schema, table, where string) []string {
	rows, err := runner.query(ctx, sqlStatement{action: action, sql: "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ? AND " +
		where + " ORDER BY ORDINAL_POSITION", args: []any{schema, table}})
	if err != nil {
		return nil
	}
	var cols []string
	for _, row := range rows {
		if h := row.AsHash(); h != nil && len(h.Keys()) == 1 {
			if v, _ := h.Get(h.Keys()[0]); v.Kind() == formula.KindString {
				cols = append(cols, v.String())
			}
		}
	}
	return cols
}
