package client

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"
)

// LookupTable is a small table of a workspace that recipes look values up
// in. It lives in a folder; a table in the home folder has no ProjectID.
type LookupTable struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Schema is the JSON text of the table's columns, as the API sends it;
	// Columns reads it.
	Schema    string    `json:"schema"`
	ProjectID *int64    `json:"project_id"`
	FolderID  int64     `json:"folder_id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Columns returns the table's columns, decoded from Schema.
func (t *LookupTable) Columns() ([]LookupColumn, error) {
	var columns []LookupColumn
	err := json.Unmarshal([]byte(t.Schema), &columns)
	return columns, err
}

// LookupColumn is one column of a lookup table. Rows and lookups address
// a column by its Label; the server names the columns col1 to col10 (Name)
// and fills in ControlType ("text") and Sticky.
type LookupColumn struct {
	ControlType string `json:"control_type,omitempty"`
	Label       string `json:"label"`
	Name        string `json:"name,omitempty"`
	Type        string `json:"type"`
	Sticky      bool   `json:"sticky,omitempty"`
}

// CreateLookupTableParams is the body of CreateLookupTable. Name and 1 to
// 10 columns with unique labels and a type (such as "string") are
// required. A zero FolderID puts the table in the top folder of ProjectID,
// or in the home folder without one.
type CreateLookupTableParams struct {
	Name      string         `json:"name"`
	Schema    []LookupColumn `json:"schema"`
	FolderID  int64          `json:"folder_id,omitempty"`
	ProjectID int64          `json:"project_id,omitempty"`
}

// lookupTables is where the lookup table calls of one workspace go: a
// customer's Embedded path, whose answers come under "result", or the
// caller's own workspace on the Developer family.
type lookupTables struct {
	path     string
	embedded bool
}

func customerLookupTables(mu WorkspaceRef) (lookupTables, error) {
	path, err := customerPath(mu, "/lookup_tables")
	return lookupTables{path: path, embedded: true}, err
}

var developerLookupTables = lookupTables{path: "/api/lookup_tables"}

// LookupTables returns one page of a customer workspace's lookup tables
// (GET /api/managed_users/{mu}/lookup_tables); at most 100 per page.
func (c *Client) LookupTables(ctx context.Context, mu WorkspaceRef, opts ListOptions) ([]LookupTable, error) {
	lt, err := customerLookupTables(mu)
	if err != nil {
		return nil, err
	}
	return c.lookupTableList(ctx, lt, opts)
}

// AllLookupTables iterates over every lookup table of a customer
// workspace, perPage a page (0, or more than 100, is 100, the route's
// maximum). It stops after the first short page; an error ends the
// iteration after it is yielded.
func (c *Client) AllLookupTables(ctx context.Context, mu WorkspaceRef, perPage int) iter.Seq2[LookupTable, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *LookupTable) ([]LookupTable, error) {
		return c.LookupTables(ctx, mu, p)
	})
}

// CreateLookupTable creates a lookup table in a customer workspace
// (POST /api/managed_users/{mu}/lookup_tables). A name the workspace has,
// or a folder or project outside it, is a 400.
func (c *Client) CreateLookupTable(ctx context.Context, mu WorkspaceRef, p CreateLookupTableParams) (*LookupTable, error) {
	lt, err := customerLookupTables(mu)
	if err != nil {
		return nil, err
	}
	return c.lookupTableCreate(ctx, lt, p)
}

// DeleteLookupTables deletes lookup tables of a customer workspace with
// their rows (POST /api/managed_users/{mu}/lookup_tables/batch_delete):
// all of them, or none and a 404 when one is not a table of the workspace.
func (c *Client) DeleteLookupTables(ctx context.Context, mu WorkspaceRef, ids []int64) error {
	lt, err := customerLookupTables(mu)
	if err != nil {
		return err
	}
	return c.ack(ctx, http.MethodPost, lt.path+"/batch_delete", map[string][]int64{"ids": ids})
}

// DeveloperLookupTables returns one page of the caller's own workspace's
// lookup tables (GET /api/lookup_tables). A client limited to some folders
// sees the tables in those folders' trees only.
func (c *Client) DeveloperLookupTables(ctx context.Context, opts ListOptions) ([]LookupTable, error) {
	return c.lookupTableList(ctx, developerLookupTables, opts)
}

// AllDeveloperLookupTables iterates over every lookup table of the
// caller's own workspace, as AllLookupTables does.
func (c *Client) AllDeveloperLookupTables(ctx context.Context, perPage int) iter.Seq2[LookupTable, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *LookupTable) ([]LookupTable, error) {
		return c.DeveloperLookupTables(ctx, p)
	})
}

// CreateDeveloperLookupTable creates a lookup table in the caller's own
// workspace (POST /api/lookup_tables).
func (c *Client) CreateDeveloperLookupTable(ctx context.Context, p CreateLookupTableParams) (*LookupTable, error) {
	return c.lookupTableCreate(ctx, developerLookupTables, p)
}

// DeleteDeveloperLookupTables deletes lookup tables of the caller's own
// workspace (POST /api/lookup_tables/batch_delete), all or none.
func (c *Client) DeleteDeveloperLookupTables(ctx context.Context, ids []int64) error {
	return c.ack(ctx, http.MethodPost, developerLookupTables.path+"/batch_delete", map[string][]int64{"ids": ids})
}

func (c *Client) lookupTableList(ctx context.Context, lt lookupTables, opts ListOptions) ([]LookupTable, error) {
	var out []LookupTable
	err := c.do(ctx, http.MethodGet, lt.path, opts.values(), nil, lt.into(&out))
	return out, err
}

func (c *Client) lookupTableCreate(ctx context.Context, lt lookupTables, p CreateLookupTableParams) (*LookupTable, error) {
	var out LookupTable
	if err := c.do(ctx, http.MethodPost, lt.path, nil, p, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// into returns where an answer decodes to fill out: out itself, or the
// "result" around it on the Embedded family.
func (lt lookupTables) into(out any) any {
	if lt.embedded {
		return &result[any]{Result: out}
	}
	return out
}
