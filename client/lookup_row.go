package client

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// LookupRow is one row of a lookup table: its cells by column label, nil
// for an empty cell. Cells are text; numbers and booleans sent are kept as
// their JSON text ("1.50", "true").
type LookupRow struct {
	ID        int64              `json:"id"`
	Data      map[string]*string `json:"data"`
	CreatedAt time.Time          `json:"created_at"`
	UpdatedAt time.Time          `json:"updated_at"`
}

// Cell returns the value of the row's column label, "" when empty.
func (r *LookupRow) Cell(label string) string {
	if v := r.Data[label]; v != nil {
		return *v
	}
	return ""
}

// LookupRowListOptions filters and pages the rows of a table: By keeps
// the rows whose cell in each column (by label) equals the value exactly.
// At most 1000 rows come per page.
type LookupRowListOptions struct {
	By      map[string]string
	Page    int
	PerPage int
}

func (o LookupRowListOptions) values() url.Values {
	q := ListOptions{Page: o.Page, PerPage: o.PerPage}.values()
	for label, v := range o.By {
		q.Set("by["+label+"]", v)
	}
	return q
}

// LookupRowData are the cells of a row add or update by column label:
// strings, or numbers and booleans, which the server keeps as their JSON
// text; nil empties a cell.
type LookupRowData map[string]any

// LookupRows returns one page of a table's rows in a customer workspace
// (GET /api/managed_users/{mu}/lookup_tables/{id}/rows), in ascending id.
func (c *Client) LookupRows(ctx context.Context, mu WorkspaceRef, tableID int64, opts LookupRowListOptions) ([]LookupRow, error) {
	lt, err := customerLookupTables(mu)
	if err != nil {
		return nil, err
	}
	return c.lookupRowList(ctx, lt, tableID, opts)
}

// AllLookupRows iterates over every row of a table in a customer workspace
// that opts selects, in ascending id, opts.PerPage a page (0, or more than
// 1000, is 1000, the route's maximum); opts.Page is ignored. It stops
// after the first short page; an error ends the iteration after it is
// yielded.
func (c *Client) AllLookupRows(ctx context.Context, mu WorkspaceRef, tableID int64, opts LookupRowListOptions) iter.Seq2[LookupRow, error] {
	return allPages(opts.PerPage, lookupRowsPageMax, func(p ListOptions, _ *LookupRow) ([]LookupRow, error) {
		o := opts
		o.Page, o.PerPage = p.Page, p.PerPage
		return c.LookupRows(ctx, mu, tableID, o)
	})
}

// LookupRow returns a row of a table in a customer workspace
// (GET /api/managed_users/{mu}/lookup_tables/{id}/rows/{row_id}).
func (c *Client) LookupRow(ctx context.Context, mu WorkspaceRef, tableID, rowID int64) (*LookupRow, error) {
	lt, err := customerLookupTables(mu)
	if err != nil {
		return nil, err
	}
	return c.lookupRowCall(ctx, lt, http.MethodGet, lt.rowPath(tableID, rowID), nil, nil)
}

// Lookup returns the first row (the lowest id) of a table in a customer
// workspace whose cells equal every value of by, a map from column label
// to value (GET /api/managed_users/{mu}/lookup_tables/{id}/lookup); a 404
// when none does.
func (c *Client) Lookup(ctx context.Context, mu WorkspaceRef, tableID int64, by map[string]string) (*LookupRow, error) {
	lt, err := customerLookupTables(mu)
	if err != nil {
		return nil, err
	}
	return c.lookupRowCall(ctx, lt, http.MethodGet, lt.tablePath(tableID)+"/lookup", LookupRowListOptions{By: by}.values(), nil)
}

// AddLookupRow adds a row to a table in a customer workspace
// (POST /api/managed_users/{mu}/lookup_tables/{id}/rows); columns data does
// not name are empty. An unknown column, or a full table (100,000 rows),
// is a 400.
func (c *Client) AddLookupRow(ctx context.Context, mu WorkspaceRef, tableID int64, data LookupRowData) (*LookupRow, error) {
	lt, err := customerLookupTables(mu)
	if err != nil {
		return nil, err
	}
	return c.lookupRowCall(ctx, lt, http.MethodPost, lt.tablePath(tableID)+"/rows", nil, rowBody(data))
}

// UpdateLookupRow sets the cells data names in a row of a table in a
// customer workspace and keeps the others
// (PUT /api/managed_users/{mu}/lookup_tables/{id}/rows/{row_id}).
func (c *Client) UpdateLookupRow(ctx context.Context, mu WorkspaceRef, tableID, rowID int64, data LookupRowData) (*LookupRow, error) {
	lt, err := customerLookupTables(mu)
	if err != nil {
		return nil, err
	}
	return c.lookupRowCall(ctx, lt, http.MethodPut, lt.rowPath(tableID, rowID), nil, rowBody(data))
}

// DeleteLookupRow deletes a row of a table in a customer workspace
// (DELETE /api/managed_users/{mu}/lookup_tables/{id}/rows/{row_id}).
func (c *Client) DeleteLookupRow(ctx context.Context, mu WorkspaceRef, tableID, rowID int64) error {
	lt, err := customerLookupTables(mu)
	if err != nil {
		return err
	}
	return c.ack(ctx, http.MethodDelete, lt.rowPath(tableID, rowID), nil)
}

// DeveloperLookupRows returns one page of a table's rows in the caller's
// own workspace (GET /api/lookup_tables/{id}/rows).
func (c *Client) DeveloperLookupRows(ctx context.Context, tableID int64, opts LookupRowListOptions) ([]LookupRow, error) {
	return c.lookupRowList(ctx, developerLookupTables, tableID, opts)
}

// AllDeveloperLookupRows iterates over every row of a table in the
// caller's own workspace that opts selects, as AllLookupRows does.
func (c *Client) AllDeveloperLookupRows(ctx context.Context, tableID int64, opts LookupRowListOptions) iter.Seq2[LookupRow, error] {
	return allPages(opts.PerPage, lookupRowsPageMax, func(p ListOptions, _ *LookupRow) ([]LookupRow, error) {
		o := opts
		o.Page, o.PerPage = p.Page, p.PerPage
		return c.DeveloperLookupRows(ctx, tableID, o)
	})
}

// DeveloperLookupRow returns a row of a table in the caller's own
// workspace (GET /api/lookup_tables/{id}/rows/{row_id}).
func (c *Client) DeveloperLookupRow(ctx context.Context, tableID, rowID int64) (*LookupRow, error) {
	lt := developerLookupTables
	return c.lookupRowCall(ctx, lt, http.MethodGet, lt.rowPath(tableID, rowID), nil, nil)
}

// DeveloperLookup returns the first row of a table in the caller's own
// workspace that matches every value of by (GET /api/lookup_tables/{id}/lookup).
func (c *Client) DeveloperLookup(ctx context.Context, tableID int64, by map[string]string) (*LookupRow, error) {
	lt := developerLookupTables
	return c.lookupRowCall(ctx, lt, http.MethodGet, lt.tablePath(tableID)+"/lookup", LookupRowListOptions{By: by}.values(), nil)
}

// AddDeveloperLookupRow adds a row to a table in the caller's own
// workspace (POST /api/lookup_tables/{id}/rows).
func (c *Client) AddDeveloperLookupRow(ctx context.Context, tableID int64, data LookupRowData) (*LookupRow, error) {
	lt := developerLookupTables
	return c.lookupRowCall(ctx, lt, http.MethodPost, lt.tablePath(tableID)+"/rows", nil, rowBody(data))
}

// UpdateDeveloperLookupRow sets the cells data names in a row of a table
// in the caller's own workspace (PUT /api/lookup_tables/{id}/rows/{row_id}).
func (c *Client) UpdateDeveloperLookupRow(ctx context.Context, tableID, rowID int64, data LookupRowData) (*LookupRow, error) {
	lt := developerLookupTables
	return c.lookupRowCall(ctx, lt, http.MethodPut, lt.rowPath(tableID, rowID), nil, rowBody(data))
}

// DeleteDeveloperLookupRow deletes a row of a table in the caller's own
// workspace (DELETE /api/lookup_tables/{id}/rows/{row_id}).
func (c *Client) DeleteDeveloperLookupRow(ctx context.Context, tableID, rowID int64) error {
	return c.ack(ctx, http.MethodDelete, developerLookupTables.rowPath(tableID, rowID), nil)
}

func (c *Client) lookupRowList(ctx context.Context, lt lookupTables, tableID int64, opts LookupRowListOptions) ([]LookupRow, error) {
	var out []LookupRow
	err := c.do(ctx, http.MethodGet, lt.tablePath(tableID)+"/rows", opts.values(), nil, lt.into(&out))
	return out, err
}

// lookupRowCall sends one request whose answer is a row.
func (c *Client) lookupRowCall(ctx context.Context, lt lookupTables, method, path string, query url.Values, body any) (*LookupRow, error) {
	var out LookupRow
	if err := c.do(ctx, method, path, query, body, lt.into(&out)); err != nil {
		return nil, err
	}
	return &out, nil
}

// rowBody wraps the cells of a row add or update as {"data": …}; nil data
// is sent as an empty object.
func rowBody(data LookupRowData) any {
	if data == nil {
		data = LookupRowData{}
	}
	return map[string]LookupRowData{"data": data}
}

func (lt lookupTables) tablePath(tableID int64) string { return lt.path + "/" + itoa(tableID) }

func (lt lookupTables) rowPath(tableID, rowID int64) string {
	return lt.tablePath(tableID) + "/rows/" + itoa(rowID)
}
