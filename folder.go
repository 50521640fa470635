package partnerd

import (
	"context"
	"time"
)

// Folder is a folder of a workspace. The home folder is the root of every
// workspace; the folders right under it are the top folders of projects,
// and every folder inside a project carries the project's id.
type Folder struct {
	ID          int64
	WorkspaceID int64
	Name        string
	ParentID    *int64 // nil for the home folder
	IsProject   bool   // the top folder of a project
	ProjectID   *int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Project is a top-level folder seen as a unit; its id is its own.
type Project struct {
	ID          int64
	WorkspaceID int64
	Name        string
	Description *string
	FolderID    int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Validate checks a folder's name.
func (f *Folder) Validate() error {
	v := Validation{}
	v.Required("name", f.Name, 255)
	return v.Err()
}

// FolderFilter selects the children of one folder.
type FolderFilter struct {
	ParentID *int64 // the home folder when nil
	Page     Page
}

// FolderUpdate changes a folder: nil fields stay as they are.
type FolderUpdate struct {
	Name     *string
	ParentID *int64
}

// FolderService keeps the folders and projects of a workspace. Every method
// answers ENOTFOUND for folders outside the caller's folder scope
// (Caller.FolderLimit), as if they did not exist.
type FolderService interface {
	// CreateFolder creates a folder under f.ParentID (home when nil); a
	// folder right under home starts a project: EINVALID, ENOTFOUND.
	CreateFolder(ctx context.Context, workspaceID int64, f *Folder) error
	// FindFolderByID returns a folder, or ENOTFOUND.
	FindFolderByID(ctx context.Context, workspaceID, id int64) (*Folder, error)
	// FindFolders returns a page of a folder's children in ascending id and their total.
	FindFolders(ctx context.Context, workspaceID int64, f FolderFilter) ([]*Folder, int, error)
	// UpdateFolder renames or moves a folder; a move that makes a cycle,
	// moves the home folder or moves a project into a folder is EINVALID.
	UpdateFolder(ctx context.Context, workspaceID, id int64, upd FolderUpdate) (*Folder, error)
	// DeleteFolder deletes an empty folder; a folder with anything in it,
	// the home folder or a project's top folder is EFORBIDDEN.
	DeleteFolder(ctx context.Context, workspaceID, id int64) error

	// FindProjects returns a page of projects in ascending id and their total.
	FindProjects(ctx context.Context, workspaceID int64, p Page) ([]*Project, int, error)
	// DeleteProject deletes a project with everything in it, or ENOTFOUND.
	DeleteProject(ctx context.Context, workspaceID, id int64) error
}
