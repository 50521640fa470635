package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/partnerd/partnerd"
)

// lookupRowColumns are the columns scanLookupRow reads: every cell column
// whatever the table's width.
var lookupRowColumns = func() string {
	var b strings.Builder
	b.WriteString("r.id, r.table_id")
	for i := range partnerd.MaxLookupColumns {
		b.WriteString(", r." + partnerd.LookupColumnName(i))
	}
	return b.String() + ", r.created_at, r.updated_at"
}()

// lookupPrefix is the length of the cell prefixes that the column indexes
// of migration 0013 hold; a condition names it so that they serve it.
const lookupPrefix = "200"

func scanLookupRow(row interface{ Scan(...any) error }, t *partnerd.LookupTable) (*partnerd.LookupRow, error) {
	r := &partnerd.LookupRow{Data: make([]partnerd.LookupCell, len(t.Columns))}
	var cells [partnerd.MaxLookupColumns]sql.NullString
	var created, updated int64
	dst := []any{&r.ID, &r.TableID}
	for i := range cells {
		dst = append(dst, &cells[i])
	}
	err := row.Scan(append(dst, &created, &updated)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	for i, c := range t.Columns {
		r.Data[i] = partnerd.LookupCell{Label: c.Label, Value: stringPtr(cells[i])}
	}
	r.CreatedAt, r.UpdatedAt = fromMS(created), fromMS(updated)
	return r, nil
}

// lookupRowsQuery returns the statement that reads a table's rows in
// ascending id matching conditions on the columns at index, each in the
// form that the column's index serves; its arguments are the table's id,
// each condition's value twice, and the limit and offset. first reads the
// first match only, without an offset.
func lookupRowsQuery(index []int, first bool) string {
	q := `SELECT ` + lookupRowColumns + ` FROM lookup_rows r WHERE r.table_id = ?`
	for _, i := range index {
		col := "r." + partnerd.LookupColumnName(i)
		q += ` AND substr(` + col + `, 1, ` + lookupPrefix + `) = substr(?, 1, ` + lookupPrefix + `) AND ` + col + ` = ?`
	}
	if first {
		return q + ` ORDER BY r.id LIMIT 1`
	}
	return q + ` ORDER BY r.id LIMIT ? OFFSET ?`
}

// lookupRowsArgs returns the arguments of lookupRowsQuery but the limit
// and offset.
func lookupRowsArgs(tableID int64, by []partnerd.LookupCondition) []any {
	args := []any{tableID}
	for _, c := range by {
		args = append(args, c.Value, c.Value)
	}
	return args
}

// FindLookupRows returns a page of a table's rows that match every condition.
func (db *DB) FindLookupRows(ctx context.Context, workspaceID, tableID int64, f partnerd.LookupRowFilter) ([]*partnerd.LookupRow, error) {
	t, err := db.FindLookupTableByID(ctx, workspaceID, tableID)
	if err != nil {
		return nil, err
	}
	index, err := t.Conditions(f.By)
	if err != nil {
		return nil, err
	}
	rows, err := db.reader().query(ctx, lookupRowsQuery(index, false),
		append(lookupRowsArgs(t.ID, f.By), f.Page.PerPage, f.Page.Offset())...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*partnerd.LookupRow{}
	for rows.Next() {
		r, err := scanLookupRow(rows, t)
		if err != nil {
			return nil, err
		}
		list = append(list, r)
	}
	return list, rows.Err()
}

// FindLookupRowByID returns a row of a table.
func (db *DB) FindLookupRowByID(ctx context.Context, workspaceID, tableID, id int64) (*partnerd.LookupRow, error) {
	t, err := db.FindLookupTableByID(ctx, workspaceID, tableID)
	if err != nil {
		return nil, err
	}
	return findLookupRow(ctx, db.reader(), t, id)
}

func findLookupRow(ctx context.Context, c conn, t *partnerd.LookupTable, id int64) (*partnerd.LookupRow, error) {
	return scanLookupRow(c.queryRow(ctx, `SELECT `+lookupRowColumns+` FROM lookup_rows r
		WHERE r.table_id = ? AND r.id = ?`, t.ID, id), t)
}

// FindFirstLookupRow returns the row with the lowest id that matches every
// condition.
func (db *DB) FindFirstLookupRow(ctx context.Context, workspaceID, tableID int64, by []partnerd.LookupCondition) (*partnerd.LookupRow, error) {
	t, err := db.FindLookupTableByID(ctx, workspaceID, tableID)
	if err != nil {
		return nil, err
	}
	if len(by) == 0 {
		return nil, partnerd.FieldError("by", "must name at least one column, as by[<column>]=<value>")
	}
	index, err := t.Conditions(by)
	if err != nil {
		return nil, err
	}
	return scanLookupRow(db.reader().queryRow(ctx, lookupRowsQuery(index, true), lookupRowsArgs(t.ID, by)...), t)
}

// lookupRowLimits holds the row limits that stores set with
// SetLookupRowLimit, by store.
var lookupRowLimits sync.Map // *DB → int

// SetLookupRowLimit sets the most rows a lookup table of the store holds,
// partnerd.MaxLookupRows unless set; tests lower it to reach it quickly.
func (db *DB) SetLookupRowLimit(n int) { lookupRowLimits.Store(db, n) }

// lookupRowLimit returns the most rows a lookup table of the store holds.
func (db *DB) lookupRowLimit() int {
	if n, ok := lookupRowLimits.Load(db); ok {
		return n.(int)
	}
	return partnerd.MaxLookupRows
}

// reserveLookupRows counts n more rows on the table, or refuses when the
// table would hold more than the store's limit. The update locks the
// table's row until the transaction ends, so that concurrent adds count in
// turn.
func (db *DB) reserveLookupRows(ctx context.Context, tx conn, tableID int64, n int) error {
	limit := db.lookupRowLimit()
	res, err := tx.exec(ctx, `UPDATE lookup_tables SET row_count = row_count + ? WHERE id = ? AND row_count + ? <= ?`,
		n, tableID, n, limit)
	if err != nil {
		return err
	}
	if affected, err := res.RowsAffected(); err != nil {
		return err
	} else if affected == 0 {
		return partnerd.FieldError("base", "a lookup table holds at most "+strconv.Itoa(limit)+" rows")
	}
	return nil
}

// AddLookupRow adds a row to a table.
func (db *DB) AddLookupRow(ctx context.Context, workspaceID, tableID int64, data partnerd.LookupData) (*partnerd.LookupRow, error) {
	var row *partnerd.LookupRow
	err := db.inTx(ctx, func(tx conn) error {
		t, err := db.findLookupTable(ctx, tx, workspaceID, tableID)
		if err != nil {
			return err
		}
		values, _, err := t.Values(data)
		if err != nil {
			return err
		}
		if err := db.reserveLookupRows(ctx, tx, t.ID, 1); err != nil {
			return err
		}
		now := db.now()
		row = &partnerd.LookupRow{TableID: t.ID, Data: make([]partnerd.LookupCell, len(t.Columns))}
		for i, c := range t.Columns {
			row.Data[i] = partnerd.LookupCell{Label: c.Label, Value: values[i]}
		}
		row.CreatedAt, row.UpdatedAt = fromMS(now), fromMS(now)
		return tx.queryRow(ctx, lookupInsert(1)+` RETURNING id`, lookupRowArgs(t.ID, values, now)...).Scan(&row.ID)
	})
	if err != nil {
		return nil, err
	}
	return row, nil
}

// AddLookupRows adds many rows to a table in one transaction.
func (db *DB) AddLookupRows(ctx context.Context, workspaceID, tableID int64, rows []partnerd.LookupData) error {
	return db.inTx(ctx, func(tx conn) error {
		t, err := db.findLookupTable(ctx, tx, workspaceID, tableID)
		if err != nil {
			return err
		}
		all := make([][]*string, len(rows))
		for i, data := range rows {
			if all[i], _, err = t.Values(data); err != nil {
				return err
			}
		}
		if err := db.reserveLookupRows(ctx, tx, t.ID, len(rows)); err != nil {
			return err
		}
		return insertLookupRows(ctx, tx, t.ID, all, db.now())
	})
}

// lookupInsertBatch is the number of rows one INSERT statement writes:
// their 13 arguments each stay far below either database's limit.
const lookupInsertBatch = 500

// lookupInsert returns the statement that inserts n rows, whose arguments
// lookupRowArgs gives one row at a time.
func lookupInsert(n int) string {
	var cols strings.Builder
	for i := range partnerd.MaxLookupColumns {
		cols.WriteString(partnerd.LookupColumnName(i) + ", ")
	}
	row := "(" + placeholders(partnerd.MaxLookupColumns+3) + ")"
	return `INSERT INTO lookup_rows (table_id, ` + cols.String() + `created_at, updated_at)
		VALUES ` + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// lookupRowArgs returns the arguments of one row of lookupInsert: its
// cells by column index, NULL past the table's last column.
func lookupRowArgs(tableID int64, cells []*string, now int64) []any {
	args := []any{tableID}
	for i := range partnerd.MaxLookupColumns {
		var v *string
		if i < len(cells) {
			v = cells[i]
		}
		args = append(args, nullString(v))
	}
	return append(args, now, now)
}

// insertLookupRows writes rows of cells by column index, in batches.
func insertLookupRows(ctx context.Context, tx conn, tableID int64, rows [][]*string, now int64) error {
	for start := 0; start < len(rows); start += lookupInsertBatch {
		batch := rows[start:min(start+lookupInsertBatch, len(rows))]
		var args []any
		for _, cells := range batch {
			args = append(args, lookupRowArgs(tableID, cells, now)...)
		}
		if _, err := tx.exec(ctx, lookupInsert(len(batch)), args...); err != nil {
			return err
		}
	}
	return nil
}

// UpdateLookupRow sets the cells data names.
func (db *DB) UpdateLookupRow(ctx context.Context, workspaceID, tableID, id int64, data partnerd.LookupData) (*partnerd.LookupRow, error) {
	var row *partnerd.LookupRow
	err := db.inTx(ctx, func(tx conn) error {
		t, err := db.findLookupTable(ctx, tx, workspaceID, tableID)
		if err != nil {
			return err
		}
		values, set, err := t.Values(data)
		if err != nil {
			return err
		}
		assign := "updated_at = ?"
		args := []any{db.now()}
		for i, v := range values {
			if set[i] {
				assign += ", " + partnerd.LookupColumnName(i) + " = ?"
				args = append(args, nullString(v))
			}
		}
		if err := changedOne(tx.exec(ctx, `UPDATE lookup_rows SET `+assign+` WHERE table_id = ? AND id = ?`, append(args, t.ID, id)...)); err != nil {
			return err
		}
		row, err = findLookupRow(ctx, tx, t, id)
		return err
	})
	return row, err
}

// DeleteLookupRow deletes a row and counts it off its table.
func (db *DB) DeleteLookupRow(ctx context.Context, workspaceID, tableID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		t, err := db.findLookupTable(ctx, tx, workspaceID, tableID)
		if err != nil {
			return err
		}
		if err := changedOne(tx.exec(ctx, `DELETE FROM lookup_rows WHERE table_id = ? AND id = ?`, t.ID, id)); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE lookup_tables SET row_count = row_count - 1 WHERE id = ?`, t.ID)
		return err
	})
}
