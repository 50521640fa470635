package partnerd

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of lookup tables. MaxLookupValueLength is ours: the contract sets
// none, and a cap keeps every cell small enough for its index.
const (
	MaxLookupColumns     = 10
	MaxLookupRows        = 100_000
	MaxLookupValueLength = 1024 // characters
	MaxLookupConditions  = 10   // by[…] filters of one request
	MaxLookupBatchDelete = 1000 // ids of one batch delete
)

// LookupTable is a small table of a workspace that recipes look values up
// in. It lives in a folder; its columns are named col1…col10 in the store
// and addressed by label everywhere else.
type LookupTable struct {
	ID          int64
	WorkspaceID int64
	Name        string
	Columns     []LookupColumn
	// FolderID is the table's folder. On create, zero puts the table in
	// the top folder of ProjectID, or in the home folder without one.
	FolderID  int64
	ProjectID *int64 // the folder's project; nil in the home folder
	CreatedAt time.Time
	UpdatedAt time.Time
}

// LookupColumn is one column of a lookup table, in the table's order.
type LookupColumn struct {
	Label string
	Type  string
}

// ValidText reports whether s is UTF-8 without NUL characters: text that
// both databases keep as it is given.
func ValidText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// LookupColumnName returns the store's name of the column at index i:
// col1 for the first.
func LookupColumnName(i int) string { return "col" + strconv.Itoa(i+1) }

// Validate checks a lookup table's name and columns: 1 to 10, each with a
// label unique in the table and a type.
func (t *LookupTable) Validate() error {
	v := Validation{}
	if strings.TrimSpace(t.Name) == "" {
		v.Add("name", "can't be blank")
	} else if !ValidText(t.Name) {
		v.Add("name", "is invalid")
	} else if len(t.Name) > 255 {
		v.Add("name", "is too long (maximum is 255 characters)")
	}
	switch n := len(t.Columns); {
	case n == 0:
		v.Add("schema", "must have at least 1 column")
	case n > MaxLookupColumns:
		v.Add("schema", "must have at most 10 columns")
	}
	seen := map[string]bool{}
	for i, c := range t.Columns {
		at := "column " + strconv.Itoa(i+1) + ": "
		switch {
		case strings.TrimSpace(c.Label) == "":
			v.Add("schema", at+"label can't be blank")
		case !ValidText(c.Label):
			v.Add("schema", at+"label is invalid")
		case len(c.Label) > 255:
			v.Add("schema", at+"label is too long (maximum is 255 characters)")
		case seen[c.Label]:
			v.Add("schema", at+"label "+strconv.Quote(c.Label)+" is already taken")
		}
		seen[c.Label] = true
		if strings.TrimSpace(c.Type) == "" {
			v.Add("schema", at+"type can't be blank")
		} else if !ValidText(c.Type) {
			v.Add("schema", at+"type is invalid")
		} else if len(c.Type) > 255 {
			v.Add("schema", at+"type is too long (maximum is 255 characters)")
		}
	}
	return v.Err()
}

// ColumnIndex returns the index of the column with label, and false when
// the table has none.
func (t *LookupTable) ColumnIndex(label string) (int, bool) {
	for i, c := range t.Columns {
		if c.Label == label {
			return i, true
		}
	}
	return 0, false
}

// LookupData is the cells of a row by column label; a nil value is an
// empty cell.
type LookupData map[string]*string

// Values checks data against the table's columns and returns the cells by
// column index; set reports which columns data names. Nil data, every
// unknown label and every value longer than MaxLookupValueLength is
// EINVALID, named "data" or by its label.
func (t *LookupTable) Values(data LookupData) (values []*string, set []bool, err error) {
	values, set = make([]*string, len(t.Columns)), make([]bool, len(t.Columns))
	v := Validation{}
	if data == nil {
		v.Add("data", "can't be blank")
	}
	for label, value := range data {
		i, ok := t.ColumnIndex(label)
		if !ok {
			v.Add(label, "is not a column of the lookup table")
			continue
		}
		switch {
		case value == nil:
		case !ValidText(*value):
			v.Add(label, "is invalid")
		case utf8.RuneCountInString(*value) > MaxLookupValueLength:
			v.Add(label, "is too long (maximum is 1024 characters)")
		}
		values[i], set[i] = value, true
	}
	return values, set, v.Err()
}

// Conditions checks by[…] conditions against the table's columns and
// returns the column index of each: an unknown label is EINVALID naming
// "by[<label>]".
func (t *LookupTable) Conditions(by []LookupCondition) ([]int, error) {
	v := Validation{}
	if len(by) > MaxLookupConditions {
		v.Add("by", "must have at most 10 conditions")
	}
	index := make([]int, len(by))
	for n, c := range by {
		i, ok := t.ColumnIndex(c.Label)
		if !ok {
			v.Add("by["+c.Label+"]", "is not a column of the lookup table")
		} else if !ValidText(c.Value) {
			v.Add("by["+c.Label+"]", "is invalid")
		}
		index[n] = i
	}
	return index, v.Err()
}

// LookupRow is one row of a lookup table: its cells in column order.
type LookupRow struct {
	ID        int64
	TableID   int64
	Data      []LookupCell
	CreatedAt time.Time
	UpdatedAt time.Time
}

// LookupCell is the value of one column of a row; nil when empty.
type LookupCell struct {
	Label string
	Value *string
}

// LookupCondition asks for the rows whose cell in the column Label equals
// Value exactly; an empty cell matches no condition.
type LookupCondition struct {
	Label string
	Value string
}

// LookupRowFilter selects a page of a table's rows, in ascending id, that
// match every condition of By.
type LookupRowFilter struct {
	By   []LookupCondition
	Page Page
}

// LookupTableService keeps the lookup tables of a workspace and their rows.
// Every method answers ENOTFOUND for a table outside the caller's folder
// scope (Caller.FolderLimit), as if it did not exist. Lookups and by[…]
// filters are index lookups: their cost grows neither with the table nor
// with the position of the row.
type LookupTableService interface {
	// CreateLookupTable creates a table in t.FolderID, else in the top
	// folder of the project t.ProjectID, else in the home folder: EINVALID
	// (Validate; a folder_id or project_id that is not the workspace's or
	// not in the caller's scope), ECONFLICT for a name the workspace has.
	CreateLookupTable(ctx context.Context, workspaceID int64, t *LookupTable) error
	// FindLookupTableByID returns a table, or ENOTFOUND.
	FindLookupTableByID(ctx context.Context, workspaceID, id int64) (*LookupTable, error)
	// FindLookupTables returns a page of tables in ascending id and their total.
	FindLookupTables(ctx context.Context, workspaceID int64, p Page) ([]*LookupTable, int, error)
	// DeleteLookupTables deletes the tables with their rows, all or none:
	// EINVALID for no ids or more than MaxLookupBatchDelete, ENOTFOUND when
	// any id is not a table of the workspace in the caller's scope.
	DeleteLookupTables(ctx context.Context, workspaceID int64, ids []int64) error

	// FindLookupRows returns a page of a table's rows, in ascending id,
	// that match every condition: ENOTFOUND, EINVALID for an unknown label.
	FindLookupRows(ctx context.Context, workspaceID, tableID int64, f LookupRowFilter) ([]*LookupRow, error)
	// FindLookupRowByID returns a row of a table, or ENOTFOUND.
	FindLookupRowByID(ctx context.Context, workspaceID, tableID, id int64) (*LookupRow, error)
	// FindFirstLookupRow returns the row with the lowest id that matches
	// every condition: EINVALID for none or an unknown label, ENOTFOUND
	// for the table or when no row matches.
	FindFirstLookupRow(ctx context.Context, workspaceID, tableID int64, by []LookupCondition) (*LookupRow, error)
	// AddLookupRow adds a row; columns data does not name are empty:
	// ENOTFOUND, EINVALID (Values; a table that holds MaxLookupRows).
	AddLookupRow(ctx context.Context, workspaceID, tableID int64, data LookupData) (*LookupRow, error)
	// AddLookupRows adds many rows in one transaction, all or none, as
	// AddLookupRow does each: ENOTFOUND, EINVALID.
	AddLookupRows(ctx context.Context, workspaceID, tableID int64, rows []LookupData) error
	// UpdateLookupRow sets the cells data names and keeps the others:
	// ENOTFOUND, EINVALID (Values).
	UpdateLookupRow(ctx context.Context, workspaceID, tableID, id int64, data LookupData) (*LookupRow, error)
	// DeleteLookupRow deletes a row: ENOTFOUND.
	DeleteLookupRow(ctx context.Context, workspaceID, tableID, id int64) error
}
