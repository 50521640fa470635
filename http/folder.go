package http

import (
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// folderJSON is the Folder object of objects.md.
type folderJSON struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	ParentID  *int64   `json:"parent_id"`
	IsProject bool     `json:"is_project"`
	ProjectID *int64   `json:"project_id"`
	CreatedAt jsonTime `json:"created_at"`
	UpdatedAt jsonTime `json:"updated_at"`
}

func newFolderJSON(f *partnerd.Folder) folderJSON {
	return folderJSON{ID: f.ID, Name: f.Name, ParentID: f.ParentID, IsProject: f.IsProject, ProjectID: f.ProjectID,
		CreatedAt: jsonTime(f.CreatedAt), UpdatedAt: jsonTime(f.UpdatedAt)}
}

// projectJSON is the Project object of objects.md.
type projectJSON struct {
	ID          int64   `json:"id"`
	Name        string  `json:"name"`
	Description *string `json:"description"`
	FolderID    int64   `json:"folder_id"`
}

// folderInput is the body of a folder create or update.
type folderInput struct {
	Name     optional[string]  `json:"name"`
	ParentID optional[flexInt] `json:"parent_id"`
}

// handleFolderList handles GET E/folders and /api/folders: the children of
// parent_id, by default of the home folder.
func (s *Server) handleFolderList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, 100)
	if err != nil {
		return err
	}
	f := partnerd.FolderFilter{Page: page}
	if id, given, err := queryInt(r, "parent_id"); err != nil {
		return err
	} else if given {
		f.ParentID = &id
	}
	list, _, err := s.Folders.FindFolders(r.Context(), workspaceID(r), f)
	if err != nil {
		return err
	}
	out := make([]folderJSON, len(list))
	for i, f := range list {
		out[i] = newFolderJSON(f)
	}
	return ok(w, enveloped(r, out))
}

// handleFolderCreate handles POST E/folders and /api/folders.
func (s *Server) handleFolderCreate(w http.ResponseWriter, r *http.Request) error {
	var in folderInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	f := &partnerd.Folder{Name: strings.TrimSpace(in.Name.Value), ParentID: optionalID(in.ParentID)}
	if err := s.Folders.CreateFolder(r.Context(), workspaceID(r), f); err != nil {
		return err
	}
	return ok(w, newFolderJSON(f))
}

// handleFolderUpdate handles PUT E/folders/{folder_id} and /api/folders/{folder_id}.
func (s *Server) handleFolderUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "folder_id")
	if err != nil {
		return err
	}
	var in folderInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	upd := partnerd.FolderUpdate{ParentID: optionalID(in.ParentID)}
	if in.Name.Set {
		name := strings.TrimSpace(in.Name.Value)
		upd.Name = &name
	}
	f, err := s.Folders.UpdateFolder(r.Context(), workspaceID(r), id, upd)
	if err != nil {
		return err
	}
	return ok(w, newFolderJSON(f))
}

// handleFolderDelete handles DELETE E/folders/{folder_id} and /api/folders/{folder_id}.
func (s *Server) handleFolderDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "folder_id")
	if err != nil {
		return err
	}
	if err := s.Folders.DeleteFolder(r.Context(), workspaceID(r), id); err != nil {
		return err
	}
	return ok(w, success{true})
}

// handleProjectList handles GET E/projects and /api/projects.
func (s *Server) handleProjectList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, 500)
	if err != nil {
		return err
	}
	list, _, err := s.Folders.FindProjects(r.Context(), workspaceID(r), page)
	if err != nil {
		return err
	}
	out := make([]projectJSON, len(list))
	for i, p := range list {
		out[i] = projectJSON{ID: p.ID, Name: p.Name, Description: p.Description, FolderID: p.FolderID}
	}
	return ok(w, enveloped(r, out))
}

// handleProjectDelete handles DELETE E/projects/{project_id} and /api/projects/{project_id}.
func (s *Server) handleProjectDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project_id")
	if err != nil {
		return err
	}
	if err := s.Folders.DeleteProject(r.Context(), workspaceID(r), id); err != nil {
		return err
	}
	return ok(w, success{true})
}
