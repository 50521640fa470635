package client

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// Folder is a folder of a workspace. The home folder is the root of every
// workspace; each folder right under it is the top folder of a project, and
// every folder of a project carries its ProjectID.
type Folder struct {
	ID int64 `json:"id"`
	// Name need not be unique.
	Name string `json:"name"`
	// ParentID is nil for the home folder only.
	ParentID *int64 `json:"parent_id"`
	// IsProject is true for the top folder of a project.
	IsProject bool `json:"is_project"`
	// ProjectID is the project the folder is in, nil for the home folder.
	ProjectID *int64    `json:"project_id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Project is a folder right under home, seen as a unit. Its ID is its own,
// not its top folder's, which is FolderID.
type Project struct {
	ID          int64   `json:"id"`
	Name        string  `json:"name"`
	Description *string `json:"description"`
	FolderID    int64   `json:"folder_id"`
}

// FolderListOptions selects the children of one folder, one page at a time.
type FolderListOptions struct {
	// ParentID is the folder whose children are listed; zero lists those
	// of the home folder, the workspace's projects' top folders.
	ParentID int64
	Page     int
	// PerPage is at most 100.
	PerPage int
}

// CreateFolderParams is the body of CreateFolder. Name is required; a zero
// ParentID creates the folder right under home, where it starts a project.
type CreateFolderParams struct {
	Name     string `json:"name"`
	ParentID int64  `json:"parent_id,omitempty"`
}

// UpdateFolderParams is the body of UpdateFolder: only the fields that are
// set are sent and change (Name: client.Ptr("Sales")). ParentID moves the
// folder with everything in it; the home folder's id makes it a project.
// A move into the folder itself or one inside it, of the home folder, or
// of a project's top folder into another folder is a 400.
type UpdateFolderParams struct {
	Name     *string `json:"name,omitempty"`
	ParentID *int64  `json:"parent_id,omitempty"`
}

// Folders returns one page of a folder's children in a customer workspace
// (GET /api/managed_users/{mu}/folders).
func (c *Client) Folders(ctx context.Context, mu WorkspaceRef, opts FolderListOptions) ([]Folder, error) {
	path, err := customerPath(mu, "/folders")
	if err != nil {
		return nil, err
	}
	var out result[[]Folder]
	if err := c.do(ctx, http.MethodGet, path, opts.values(), nil, &out); err != nil {
		return nil, err
	}
	return out.Result, nil
}

// AllFolders iterates over every child of the folder opts names in a
// customer workspace, opts.PerPage a page (0, or more than 100, is 100,
// the route's maximum); opts.Page is ignored. It stops after the first
// short page; an error ends the iteration after it is yielded.
func (c *Client) AllFolders(ctx context.Context, mu WorkspaceRef, opts FolderListOptions) iter.Seq2[Folder, error] {
	return allPages(opts.PerPage, pageMax, func(p ListOptions, _ *Folder) ([]Folder, error) {
		o := opts
		o.Page, o.PerPage = p.Page, p.PerPage
		return c.Folders(ctx, mu, o)
	})
}

// CreateFolder creates a folder in a customer workspace
// (POST /api/managed_users/{mu}/folders).
func (c *Client) CreateFolder(ctx context.Context, mu WorkspaceRef, p CreateFolderParams) (*Folder, error) {
	path, err := customerPath(mu, "/folders")
	if err != nil {
		return nil, err
	}
	return c.folderCall(ctx, http.MethodPost, path, p)
}

// UpdateFolder renames or moves a folder of a customer workspace
// (PUT /api/managed_users/{mu}/folders/{id}).
func (c *Client) UpdateFolder(ctx context.Context, mu WorkspaceRef, id int64, p UpdateFolderParams) (*Folder, error) {
	path, err := customerPath(mu, "/folders/"+itoa(id))
	if err != nil {
		return nil, err
	}
	return c.folderCall(ctx, http.MethodPut, path, p)
}

// DeleteFolder deletes an empty folder of a customer workspace
// (DELETE /api/managed_users/{mu}/folders/{id}). A folder with anything
// in it, the home folder and a project's top folder are refused with a
// 403 "Cannot destroy folder"; delete a project with DeleteProject.
func (c *Client) DeleteFolder(ctx context.Context, mu WorkspaceRef, id int64) error {
	path, err := customerPath(mu, "/folders/"+itoa(id))
	if err != nil {
		return err
	}
	return c.ack(ctx, http.MethodDelete, path, nil)
}

// Projects returns one page of a customer workspace's projects
// (GET /api/managed_users/{mu}/projects); at most 500 per page.
func (c *Client) Projects(ctx context.Context, mu WorkspaceRef, opts ListOptions) ([]Project, error) {
	path, err := customerPath(mu, "/projects")
	if err != nil {
		return nil, err
	}
	var out result[[]Project]
	if err := c.do(ctx, http.MethodGet, path, opts.values(), nil, &out); err != nil {
		return nil, err
	}
	return out.Result, nil
}

// AllProjects iterates over every project of a customer workspace,
// perPage a page (0, or more than 500, is 500, the route's maximum). It
// stops after the first short page; an error ends the iteration after it
// is yielded.
func (c *Client) AllProjects(ctx context.Context, mu WorkspaceRef, perPage int) iter.Seq2[Project, error] {
	return allPages(perPage, largePageMax, func(p ListOptions, _ *Project) ([]Project, error) {
		return c.Projects(ctx, mu, p)
	})
}

// DeleteProject deletes a project of a customer workspace with every
// folder and everything in it (DELETE /api/managed_users/{mu}/projects/{id}).
func (c *Client) DeleteProject(ctx context.Context, mu WorkspaceRef, id int64) error {
	path, err := customerPath(mu, "/projects/"+itoa(id))
	if err != nil {
		return err
	}
	return c.ack(ctx, http.MethodDelete, path, nil)
}

// DeveloperFolders returns one page of a folder's children in the caller's
// own workspace (GET /api/folders). A client limited to some folders sees
// those folders' trees only.
func (c *Client) DeveloperFolders(ctx context.Context, opts FolderListOptions) ([]Folder, error) {
	var out []Folder
	if err := c.do(ctx, http.MethodGet, "/api/folders", opts.values(), nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// AllDeveloperFolders iterates over every child of the folder opts names
// in the caller's own workspace, opts.PerPage a page (0, or more than 100,
// is 100, the route's maximum); opts.Page is ignored. It stops after the
// first short page; an error ends the iteration after it is yielded.
func (c *Client) AllDeveloperFolders(ctx context.Context, opts FolderListOptions) iter.Seq2[Folder, error] {
	return allPages(opts.PerPage, pageMax, func(p ListOptions, _ *Folder) ([]Folder, error) {
		o := opts
		o.Page, o.PerPage = p.Page, p.PerPage
		return c.DeveloperFolders(ctx, o)
	})
}

// CreateDeveloperFolder creates a folder in the caller's own workspace
// (POST /api/folders).
func (c *Client) CreateDeveloperFolder(ctx context.Context, p CreateFolderParams) (*Folder, error) {
	return c.folderCall(ctx, http.MethodPost, "/api/folders", p)
}

// UpdateDeveloperFolder renames or moves a folder of the caller's own
// workspace (PUT /api/folders/{id}).
func (c *Client) UpdateDeveloperFolder(ctx context.Context, id int64, p UpdateFolderParams) (*Folder, error) {
	return c.folderCall(ctx, http.MethodPut, "/api/folders/"+itoa(id), p)
}

// DeleteDeveloperFolder deletes an empty folder of the caller's own
// workspace (DELETE /api/folders/{id}), refused as DeleteFolder is.
func (c *Client) DeleteDeveloperFolder(ctx context.Context, id int64) error {
	return c.ack(ctx, http.MethodDelete, "/api/folders/"+itoa(id), nil)
}

// DeveloperProjects returns one page of the caller's own workspace's
// projects (GET /api/projects); at most 500 per page.
func (c *Client) DeveloperProjects(ctx context.Context, opts ListOptions) ([]Project, error) {
	var out []Project
	if err := c.do(ctx, http.MethodGet, "/api/projects", opts.values(), nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// AllDeveloperProjects iterates over every project of the caller's own
// workspace, perPage a page (0, or more than 500, is 500, the route's
// maximum). It stops after the first short page; an error ends the
// iteration after it is yielded.
func (c *Client) AllDeveloperProjects(ctx context.Context, perPage int) iter.Seq2[Project, error] {
	return allPages(perPage, largePageMax, func(p ListOptions, _ *Project) ([]Project, error) {
		return c.DeveloperProjects(ctx, p)
	})
}

// DeleteDeveloperProject deletes a project of the caller's own workspace
// with everything in it (DELETE /api/projects/{id}).
func (c *Client) DeleteDeveloperProject(ctx context.Context, id int64) error {
	return c.ack(ctx, http.MethodDelete, "/api/projects/"+itoa(id), nil)
}

// folderCall sends one request whose answer is a Folder.
func (c *Client) folderCall(ctx context.Context, method, path string, body any) (*Folder, error) {
	var out Folder
	if err := c.do(ctx, method, path, nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// values renders the options as parent_id, page and per_page.
func (o FolderListOptions) values() url.Values {
	q := ListOptions{Page: o.Page, PerPage: o.PerPage}.values()
	if o.ParentID > 0 {
		q.Set("parent_id", itoa(o.ParentID))
	}
	return q
}
