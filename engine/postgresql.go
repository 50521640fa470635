package engine

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/partnerd/partnerd/formula"
)

// postgresProvider is Workato's PostgreSQL connector, run against the
// database of the step's connection. Every value of a step is bound as a
// parameter, never written into the SQL; names of tables and columns are
// quoted. Its actions and their input:
//
//	select_rows     table, where, parameters, order_by, limit (100; at most 50,000), offset
//	                → {rows, rows_count}
//	insert_row      table, columns → the row inserted
//	update_rows     table, where, parameters, columns → {rows_count}
//	upsert_row      table, unique_key, columns → the row inserted or updated
//	delete_rows     table, where, parameters → {rows_count}
//	run_custom_sql  sql, parameters → {rows, rows_count}, or {rows_count} for a
//	                statement that answers no rows
//
// where is a condition in SQL whose values are named bind variables
// (status = :status) that parameters ({status: …}) gives. columns is a
// hash of column → value; without it, the input's other fields are the
// columns. A failure names its SQL state.
type postgresProvider struct{ pools *pgPools }

var postgresActions = map[string]bool{
	"select_rows": false, "insert_row": true, "update_rows": true, "upsert_row": true,
	"delete_rows": true, "run_custom_sql": true,
}

func (postgresProvider) Has(action string) bool {
	_, ok := postgresActions[action]
	return ok
}

func (postgresProvider) SideEffects(action string) bool { return postgresActions[action] }

// SQL limits of a step.
const (
	// SQLTimeout is the time one statement of a step has.
	SQLTimeout      = 60 * time.Second
	defaultRowLimit = 100
	maxRowLimit     = 50_000
)

// reservedPGFields are input fields that are not columns.
var reservedPGFields = map[string]bool{"table": true, "where": true, "parameters": true, "order_by": true,
	"limit": true, "offset": true, "unique_key": true, "sql": true, "columns": true}

func (p postgresProvider) Action(ctx context.Context, c *Call) (formula.Value, error) {
	conn, err := c.Connection(ctx)
	if err != nil {
		return formula.Value{}, err
	}
	runner, err := p.runner(c, conn)
	if err != nil {
		return formula.Value{}, err
	}
	sql, args, err := postgresStatement(c.Action, c.Input, inputString(conn.Input, "schema"))
	if err != nil {
		return formula.Value{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, SQLTimeout)
	defer cancel()
	res, err := runner.run(ctx, sqlStatement{action: c.Action, sql: sql, args: args, write: postgresActions[c.Action] && c.Action != "select_rows"})
	if err != nil {
		return formula.Value{}, err
	}
	if res.servedBy != nil {
		c.ServedBy(res.servedBy.ID, res.servedBy.Name)
	}
	out := formula.NewHash(2)
	switch c.Action {
	case "insert_row", "upsert_row":
		if len(res.rows) == 0 {
			return formula.HashValue(formula.NewHash(0)), nil
		}
		return res.rows[0], nil
	case "update_rows", "delete_rows":
		out.Set("rows_count", formula.Int(res.rowsAffected))
	case "run_custom_sql":
		if !res.hasRows {
			out.Set("rows_count", formula.Int(res.rowsAffected))
			break
		}
		fallthrough
	default:
		out.Set("rows", formula.List(res.rows...))
		out.Set("rows_count", formula.Int(int64(len(res.rows))))
	}
	return formula.HashValue(out), nil
}

// postgresStatement builds the statement of an action and its arguments.
func postgresStatement(action string, in formula.Value, schema string) (string, []any, error) {
	return postgresDialect.statement(action, in, schema)
}

// statement builds the statement of an action in the dialect and its
// arguments. An insert or upsert answers the row where the dialect has
// RETURNING; MySQL's reads it back afterwards.
func (d sqlDialect) statement(action string, in formula.Value, schema string) (string, []any, error) {
	if action == "run_custom_sql" {
		sql := strings.TrimSpace(hashField(in, "sql").String())
		if sql == "" {
			return "", nil, stepFailed("SQL is required")
		}
		return d.bindNamed(sql, sqlParams(in), nil)
	}
	table, err := d.quoteTable(hashField(in, "table").String(), schema)
	if err != nil {
		return "", nil, err
	}
	where := strings.TrimSpace(hashField(in, "where").String())
	whereSQL := func(args []any) (string, []any, error) {
		if where == "" {
			return "", args, nil
		}
		cond, args, err := d.bindNamed(where, sqlParams(in), args)
		return " WHERE " + cond, args, err
	}
	switch action {
	case "select_rows":
		cond, args, err := whereSQL(nil)
		if err != nil {
			return "", nil, err
		}
		order, err := d.orderBy(hashField(in, "order_by").String())
		if err != nil {
			return "", nil, err
		}
		sql := "SELECT * FROM " + table + cond
		if order != "" {
			sql += " ORDER BY " + order
		}
		limit := numberField(in, "limit")
		if limit <= 0 {
			limit = defaultRowLimit
		}
		args = append(args, min(limit, maxRowLimit), max(numberField(in, "offset"), 0))
		sql += " LIMIT " + d.mark(len(args)-1) + " OFFSET " + d.mark(len(args))
		return sql, args, nil
	case "delete_rows":
		if where == "" {
			return "", nil, stepFailed("WHERE condition is required")
		}
		cond, args, err := whereSQL(nil)
		return "DELETE FROM " + table + cond, args, err
	}
	names, values, err := sqlColumns(d, in)
	if err != nil {
		return "", nil, err
	}
	switch action {
	case "update_rows":
		if where == "" {
			return "", nil, stepFailed("WHERE condition is required")
		}
		set := make([]string, len(names))
		for i, n := range names {
			set[i] = n + " = " + d.mark(i+1)
		}
		cond, args, err := whereSQL(values)
		return "UPDATE " + table + " SET " + strings.Join(set, ", ") + cond, args, err
	case "upsert_row":
		key, err := d.quoteIdent(strings.TrimSpace(hashField(in, "unique_key").String()))
		if err != nil {
			return "", nil, stepFailed("Unique key: %v", err)
		}
		excluded := func(n string) string { return "EXCLUDED." + n }
		if !d.returning {
			excluded = func(n string) string { return "VALUES(" + n + ")" }
		}
		var set []string
		for _, n := range names {
			if n != key {
				set = append(set, n+" = "+excluded(n))
			}
		}
		if len(set) == 0 {
			set = []string{key + " = " + excluded(key)}
		}
		if !d.returning {
			return d.insertSQL(table, names) + " ON DUPLICATE KEY UPDATE " + strings.Join(set, ", "), values, nil
		}
		return d.insertSQL(table, names) + " ON CONFLICT (" + key + ") DO UPDATE SET " + strings.Join(set, ", ") + " RETURNING *", values, nil
	}
	if !d.returning {
		return d.insertSQL(table, names), values, nil
	}
	return d.insertSQL(table, names) + " RETURNING *", values, nil
}

// insertSQL is an insert of one row into the columns.
func (d sqlDialect) insertSQL(table string, names []string) string {
	marks := make([]string, len(names))
	for i := range names {
		marks[i] = d.mark(i + 1)
	}
	return "INSERT INTO " + table + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")"
}

// sqlColumns returns the quoted columns a step writes and their values:
// its columns hash, or its fields but the reserved ones. A skipped value
// is left out; nil and clear write NULL.
func sqlColumns(d sqlDialect, in formula.Value) ([]string, []any, error) {
	h, reserved := hashField(in, "columns").AsHash(), map[string]bool{}
	if h == nil {
		h, reserved = in.AsHash(), reservedPGFields
	}
	var names []string
	var values []any
	if h != nil {
		for _, k := range h.Keys() {
			v, _ := h.Get(k)
			if reserved[k] || v.IsSkip() {
				continue
			}
			q, err := d.quoteIdent(k)
			if err != nil {
				return nil, nil, err
			}
			names = append(names, q)
			values = append(values, sqlValue(v))
		}
	}
	if len(names) == 0 {
		return nil, nil, stepFailed("Columns are required: give at least one column and its value")
	}
	return names, values, nil
}

// sqlParams returns the values of a step's named bind variables.
func sqlParams(in formula.Value) map[string]any {
	out := map[string]any{}
	if h := hashField(in, "parameters").AsHash(); h != nil {
		for _, k := range h.Keys() {
			v, _ := h.Get(k)
			out[k] = sqlValue(v)
		}
	}
	return out
}

// sqlValue is a formula value as a statement's argument: lists and hashes
// as JSON text, times as themselves.
func sqlValue(v formula.Value) any {
	switch v.Kind() {
	case formula.KindNil, formula.KindSkip, formula.KindClear:
		return nil
	case formula.KindTime, formula.KindDate:
		return v.AsTime()
	case formula.KindList, formula.KindHash:
		return string(jsonBody(v))
	}
	return v.Go()
}

// sqlError words a database's refusal with its SQL state.
func sqlError(err error) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		msg := "PostgreSQL error " + pg.Code + ": " + pg.Message
		if pg.Detail != "" {
			msg += " (" + pg.Detail + ")"
		}
		return stepFailed("%s", msg)
	}
	var refused *EgressError
	if errors.As(err, &refused) {
		return stepFailed("PostgreSQL: %v", refused)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return stepFailed("PostgreSQL: the statement ran longer than %s", SQLTimeout)
	}
	return stepFailed("PostgreSQL: %v", err)
}
