package engine

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/partnerd/partnerd/formula"
)

// mysqlProvider is Workato's MySQL connector, run against the database of
// the step's connection (MySQL or MariaDB). It has the actions and input
// of postgresProvider and shares its statements in MySQL's dialect: names
// quoted with backticks, values bound as ? placeholders, an upsert as
// INSERT … ON DUPLICATE KEY UPDATE. MySQL has no RETURNING, so an insert
// or upsert reads its row back: by the id LAST_INSERT_ID gave its
// auto-increment column, else by the unique key or primary key written.
// A failure names its error number and SQL state.
type mysqlProvider struct{ pools *mysqlPools }

func (mysqlProvider) Has(action string) bool {
	_, ok := postgresActions[action]
	return ok
}

func (mysqlProvider) SideEffects(action string) bool { return postgresActions[action] }

func (p mysqlProvider) Action(ctx context.Context, c *Call) (formula.Value, error) {
	conn, err := c.Connection(ctx)
	if err != nil {
		return formula.Value{}, err
	}
	runner, err := p.runner(c, conn)
	if err != nil {
		return formula.Value{}, err
	}
	text, args, err := mysqlDialect.statement(c.Action, c.Input, "")
	if err != nil {
		return formula.Value{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, SQLTimeout)
	defer cancel()
	out, err := mysqlAction(ctx, runner, c.Action, c.Input, sqlStatement{action: c.Action, sql: text, args: args,
		write: postgresActions[c.Action]})
	if t, ok := runner.(*mysqlTunnel); ok && t.servedBy != nil {
		c.ServedBy(t.servedBy.ID, t.servedBy.Name)
	}
	return out, err
}

// mysqlAction runs the statement of an action and answers its output.
func mysqlAction(ctx context.Context, runner mysqlRunner, action string, in formula.Value, st sqlStatement) (formula.Value, error) {
	out := formula.NewHash(2)
	switch action {
	case "select_rows", "run_custom_sql":
		if action == "run_custom_sql" && !answersRows(st.sql) {
			n, _, err := runner.exec(ctx, st)
			if err != nil {
				return formula.Value{}, err
			}
			out.Set("rows_count", formula.Int(n))
			break
		}
		rows, err := runner.query(ctx, st)
		if err != nil {
			return formula.Value{}, err
		}
		out.Set("rows", formula.List(rows...))
		out.Set("rows_count", formula.Int(int64(len(rows))))
	case "update_rows", "delete_rows":
		n, _, err := runner.exec(ctx, st)
		if err != nil {
			return formula.Value{}, err
		}
		out.Set("rows_count", formula.Int(n))
	default: // insert_row, upsert_row
		_, id, err := runner.exec(ctx, st)
		if err != nil {
			return formula.Value{}, err
		}
		return mysqlReadBack(ctx, runner, action, in, id)
	}
	return formula.HashValue(out), nil
}

// answersRows reports whether a statement of custom SQL answers rows,
// from its first word once comments are skipped.
func answersRows(text string) bool {
	for {
		text = strings.TrimLeft(text, " \t\r\n(")
		switch {
		case strings.HasPrefix(text, "--"), strings.HasPrefix(text, "#"):
			if i := strings.IndexByte(text, '\n'); i >= 0 {
				text = text[i+1:]
				continue
			}
			return false
		case strings.HasPrefix(text, "/*"):
			if i := strings.Index(text, "*/"); i >= 0 {
				text = text[i+2:]
				continue
			}
			return false
		}
		break
	}
	end := 0
	for end < len(text) && isNameStart(text[end]) {
		end++
	}
	switch strings.ToUpper(text[:end]) {
	case "SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES", "TABLE", "CALL":
		return true
	}
	return false
}

// mysqlExec runs a statement that answers no rows: the rows it changed
// and the id LAST_INSERT_ID gave.
func mysqlExec(ctx context.Context, db *sql.DB, text string, args []any) (int64, int64, error) {
	res, err := db.ExecContext(ctx, text, args...)
	if err != nil {
		return 0, 0, abandonedOr(ctx, mysqlError(err))
	}
	n, _ := res.RowsAffected()
	id, _ := res.LastInsertId()
	return n, id, nil
}

// mysqlQuery runs a statement and reads at most maxRowLimit rows as hashes.
func mysqlQuery(ctx context.Context, db *sql.DB, text string, args []any) ([]formula.Value, error) {
	rows, err := db.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, abandonedOr(ctx, mysqlError(err))
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, abandonedOr(ctx, mysqlError(err))
	}
	var list []formula.Value
	values := make([]any, len(types))
	ptrs := make([]any, len(types))
	for i := range values {
		ptrs[i] = &values[i]
	}
	for len(list) < maxRowLimit && rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, abandonedOr(ctx, mysqlError(err))
		}
		row := formula.NewHash(len(types))
		for i, t := range types {
			row.Set(t.Name(), mysqlValue(values[i], t.DatabaseTypeName()))
		}
		list = append(list, formula.HashValue(row))
	}
	if err := rows.Err(); err != nil {
		return nil, abandonedOr(ctx, mysqlError(err))
	}
	return list, nil
}

// mysqlError words a database's refusal with its error number and SQL
// state.
func mysqlError(err error) error {
	var my *mysql.MySQLError
	if errors.As(err, &my) {
		state := string(my.SQLState[:])
		if strings.Trim(state, "\x00") == "" {
			return stepFailed("MySQL error %d: %s", my.Number, my.Message)
		}
		return stepFailed("MySQL error %d (SQL state %s): %s", my.Number, state, my.Message)
	}
	var refused *EgressError
	if errors.As(err, &refused) {
		return stepFailed("MySQL: %v", refused)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return stepFailed("MySQL: the statement ran longer than %s", SQLTimeout)
	}
	return stepFailed("MySQL: %v", err)
}
