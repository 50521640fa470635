package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// snapshotData is what a snapshot keeps: the rows of the account, table by
// table in the plan's order. Columns are named, so that a snapshot taken
// before a migration added a column restores after it.
type snapshotData struct {
	Tables []*snapshotTable `json:"tables"`
}

type snapshotTable struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
}

// readAccount reads every row of the account, table by table.
func readAccount(ctx context.Context, tx conn, plan []*planTable, accountID int64) (*snapshotData, error) {
	data := &snapshotData{}
	for _, t := range plan {
		cols := make([]string, len(t.columns))
		for i, c := range t.columns {
			cols[i] = quoteIdent(c)
		}
		order := cols
		if len(t.primaryKey) > 0 {
			order = make([]string, len(t.primaryKey))
			for i, c := range t.primaryKey {
				order[i] = quoteIdent(c)
			}
		}
		rows, err := tx.query(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+quoteIdent(t.name)+
			` WHERE `+t.scope+` ORDER BY `+strings.Join(order, ", "), accountArgs(t, accountID)...)
		if err != nil {
			return nil, fmt.Errorf("snapshot %s: %w", t.name, err)
		}
		st := &snapshotTable{Name: t.name, Columns: t.columns, Rows: [][]any{}}
		for rows.Next() {
			row := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range row {
				ptrs[i] = &row[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, err
			}
			for i, v := range row {
				if row[i], err = encodeCell(v); err != nil {
					rows.Close()
					return nil, fmt.Errorf("snapshot %s.%s: %w", t.name, t.columns[i], err)
				}
			}
			st.Rows = append(st.Rows, row)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		data.Tables = append(data.Tables, st)
	}
	return data, nil
}

// clearAccount deletes every row of the account, the tables that reference
// others first, in one round trip: the statements name the account's id
// as a number.
func clearAccount(ctx context.Context, tx conn, plan []*planTable, accountID int64) error {
	id := strconv.FormatInt(accountID, 10)
	var b strings.Builder
	for i := len(plan) - 1; i >= 0; i-- {
		t := plan[i]
		b.WriteString(`DELETE FROM ` + quoteIdent(t.name) + ` WHERE ` + strings.ReplaceAll(t.scope, "?", id) + ";\n")
	}
	if _, err := tx.q.ExecContext(ctx, b.String()); err != nil {
		return fmt.Errorf("restore: delete the account's rows: %w", err)
	}
	return nil
}

// maxParams bounds the placeholders of one insert, below SQLite's oldest
// limit of 999.
const maxParams = 900

// insertRows inserts the rows a snapshot kept of a table of the plan, with
// the columns the table still has, parents before their children when the
// table references itself. It returns the largest value inserted in the
// table's identity column.
func (db *DB) insertRows(ctx context.Context, tx conn, t *planTable, st *snapshotTable) (int64, error) {
	var cols []string
	var idx []int
	identity := -1
	for i, c := range st.Columns {
		if slices.Contains(t.columns, c) {
			if c == t.identity {
				identity = len(cols)
			}
			cols, idx = append(cols, quoteIdent(c)), append(idx, i)
		}
	}
	if len(cols) == 0 || len(st.Rows) == 0 {
		return 0, nil
	}
	rows := parentsFirst(t, st)
	var maxID int64
	per := max(1, maxParams/len(cols))
	for start := 0; start < len(rows); start += per {
		batch := rows[start:min(start+per, len(rows))]
		args := make([]any, 0, len(batch)*len(cols))
		values := make([]string, len(batch))
		for j, row := range batch {
			marks := make([]string, len(idx))
			for k, i := range idx {
				v, err := decodeCell(row[i])
				if err != nil {
					return 0, fmt.Errorf("restore %s.%s: %w", t.name, st.Columns[i], err)
				}
				if n, ok := v.(int64); ok && k == identity && n > maxID {
					maxID = n
				}
				args = append(args, v)
				marks[k] = db.placeholder(len(args))
			}
			values[j] = "(" + strings.Join(marks, ", ") + ")"
		}
		query := `INSERT INTO ` + quoteIdent(t.name) + ` (` + strings.Join(cols, ", ") + `) VALUES ` + strings.Join(values, ", ")
		if _, err := tx.q.ExecContext(ctx, query, args...); err != nil {
			return 0, fmt.Errorf("restore %s: %w", t.name, err)
		}
	}
	return maxID, nil
}

// placeholder returns the n-th placeholder of the dialect. Inserts of
// restores write their own, so that their many shapes stay out of the
// dialect's cache of rebound statements.
func (db *DB) placeholder(n int) string {
	if db.IsPostgres() {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// parentsFirst orders the rows of a table that references itself (a folder
// its parent folder) so that each row comes after the one it references.
func parentsFirst(t *planTable, st *snapshotTable) [][]any {
	var refs [][2]int // the referencing and the referenced column of each key
	for _, fk := range t.self {
		from, to := slices.Index(st.Columns, fk.column), slices.Index(st.Columns, fk.refColumn)
		if from >= 0 && to >= 0 {
			refs = append(refs, [2]int{from, to})
		}
	}
	if len(refs) == 0 {
		return st.Rows
	}
	byKey := make([]map[string]int, len(refs))
	for k, r := range refs {
		byKey[k] = make(map[string]int, len(st.Rows))
		for i, row := range st.Rows {
			byKey[k][fmt.Sprint(row[r[1]])] = i
		}
	}
	out := make([][]any, 0, len(st.Rows))
	seen := make([]bool, len(st.Rows))
	var place func(i int)
	place = func(i int) {
		if seen[i] {
			return
		}
		seen[i] = true
		for k, r := range refs {
			if v := st.Rows[i][r[0]]; v != nil {
				if j, ok := byKey[k][fmt.Sprint(v)]; ok {
					place(j)
				}
			}
		}
		out = append(out, st.Rows[i])
	}
	for i := range st.Rows {
		place(i)
	}
	return out
}

// accountArgs repeats the account id for each placeholder of t's scope.
func accountArgs(t *planTable, accountID int64) []any {
	args := make([]any, t.accountArgs)
	for i := range args {
		args[i] = accountID
	}
	return args
}

// encodeCell turns a value read from the database into one JSON keeps
// exactly: bytes, and text that is not UTF-8, become {"base64": …}.
func encodeCell(v any) (any, error) {
	switch v := v.(type) {
	case nil, int64, float64, bool:
		return v, nil
	case string:
		if utf8.ValidString(v) {
			return v, nil
		}
		return map[string]any{"base64": base64.StdEncoding.EncodeToString([]byte(v)), "text": true}, nil
	case []byte:
		return map[string]any{"base64": base64.StdEncoding.EncodeToString(v)}, nil
	}
	return nil, fmt.Errorf("cannot keep a value of type %T", v)
}

// decodeCell turns a value of a snapshot, decoded with UseNumber, back into
// the value that was read.
func decodeCell(v any) (any, error) {
	switch v := v.(type) {
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return n, nil
		}
		return v.Float64()
	case map[string]any:
		s, _ := v["base64"].(string)
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, err
		}
		if v["text"] == true {
			return string(b), nil
		}
		return b, nil
	}
	return v, nil
}
