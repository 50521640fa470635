package store

import (
	"context"
	"strings"

	"github.com/partnerd/partnerd"
)

// ExplainLookupRows returns the plan, one step a line, of the statement
// that a lookup (first) or a filtered list of a table's rows runs with one
// condition on each column at index, every value v.
func (db *DB) ExplainLookupRows(ctx context.Context, tableID int64, index []int, v string, first bool) (string, error) {
	by := make([]partnerd.LookupCondition, len(index))
	for i := range by {
		by[i].Value = v
	}
	args := lookupRowsArgs(tableID, by)
	if !first {
		args = append(args, 100, 0)
	}
	explain := "EXPLAIN QUERY PLAN "
	if db.IsPostgres() {
		explain = "EXPLAIN "
	}
	rows, err := db.reader().query(ctx, explain+lookupRowsQuery(index, first), args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	var plan []string
	for rows.Next() {
		dst := make([]any, len(cols))
		var step string
		for i := range dst {
			dst[i] = new(any)
		}
		dst[len(dst)-1] = &step // The step is the last column in both databases.
		if err := rows.Scan(dst...); err != nil {
			return "", err
		}
		plan = append(plan, step)
	}
	return strings.Join(plan, "\n"), rows.Err()
}
