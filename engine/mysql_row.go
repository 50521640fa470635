package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd/formula"
)

// mysqlReadBack answers the row an insert or upsert wrote, read again
// since MySQL has no RETURNING: by id, the value LAST_INSERT_ID gave the
// table's auto-increment column, when the row took one; else by the
// step's unique key, or by the primary key when every one of its columns
// was written. Failing these, it answers the columns written.
func mysqlReadBack(ctx context.Context, db *sql.DB, action string, in formula.Value, id int64) (formula.Value, error) {
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
		rows, err := mysqlQuery(ctx, db, "SELECT * FROM "+quoted+" WHERE "+strings.Join(cond, " AND ")+" LIMIT 1", args)
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
		if col := mysqlKeyColumns(ctx, db, schema, table, "EXTRA LIKE '%auto_increment%'"); len(col) == 1 {
			q, _ := mysqlDialect.quoteIdent(col[0])
			rows, err := mysqlQuery(ctx, db, "SELECT * FROM "+quoted+" WHERE "+q+" = ? LIMIT 1", []any{id})
			if err != nil {
				return formula.Value{}, err
			}
			if len(rows) > 0 {
				return rows[0], nil
			}
		}
	}
	if cols := mysqlKeyColumns(ctx, db, schema, table, "COLUMN_KEY = 'PRI'"); len(cols) > 0 {
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
func mysqlKeyColumns(ctx context.Context, db *sql.DB, schema, table, where string) []string {
	rows, err := db.QueryContext(ctx, "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ? AND "+
		where+" ORDER BY ORDINAL_POSITION", schema, table)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if rows.Scan(&c) == nil {
			cols = append(cols, c)
		}
	}
	return cols
}

// mysqlValue is a value the driver read as a formula value, by the type
// of its column: text of a number column as that number, text as itself.
func mysqlValue(x any, typ string) formula.Value {
	b, ok := x.([]byte)
	if !ok {
		if u, ok := x.(uint64); ok {
			if n, err := formula.FromGo(json.Number(strconv.FormatUint(u, 10))); err == nil {
				return n
			}
		}
		return pgValue(x)
	}
	s := string(b)
	switch strings.TrimPrefix(typ, "UNSIGNED ") {
	case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT", "YEAR":
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return formula.Int(n)
		}
		fallthrough
	case "DECIMAL", "FLOAT", "DOUBLE":
		if isDecimal(s) {
			if n, err := formula.FromGo(json.Number(s)); err == nil {
				return n
			}
		}
	case "JSON":
		var v any
		if json.Unmarshal(b, &v) == nil {
			if fv, err := formula.FromGo(normalizeJSON(v)); err == nil {
				return fv
			}
		}
	}
	return formula.String(s)
}
