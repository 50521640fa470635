package http

import (
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// assetJSON is the Asset object of objects.md. An account property has no
// id (null). Every asset is checked and reachable: the caller's folder
// scope leaves out the others.
type assetJSON struct {
	ID           *int64 `json:"id"`
	Name         string `json:"name"`
	Type         string `json:"type"`
	Version      int    `json:"version"`
	Folder       string `json:"folder"`
	AbsolutePath string `json:"absolute_path"`
	RootFolder   bool   `json:"root_folder"`
	Unreachable  bool   `json:"unreachable"`
	ZipName      string `json:"zip_name"`
	Checked      bool   `json:"checked"`
}

func newAssetJSON(a *partnerd.Asset) assetJSON {
	out := assetJSON{Name: a.Name, Type: a.Type, Version: a.Version, Folder: a.Folder, AbsolutePath: a.AbsolutePath,
		RootFolder: a.Folder == "", ZipName: a.ZipName, Checked: true}
	if a.Type != partnerd.AssetAccountProperty {
		id := a.ID
		out.ID = &id
	}
	return out
}

// exportManifestJSON is the ExportManifest object of objects.md.
type exportManifestJSON struct {
	ID             int64     `json:"id"`
	Name           string    `json:"name"`
	LastExportedAt *jsonTime `json:"last_exported_at"`
	CreatedAt      jsonTime  `json:"created_at"`
	UpdatedAt      jsonTime  `json:"updated_at"`
	ProjectPath    string    `json:"project_path"`
	Status         string    `json:"status"`
}

func newExportManifestJSON(m *partnerd.ExportManifest) resultOf[exportManifestJSON] {
	return resultOf[exportManifestJSON]{exportManifestJSON{ID: m.ID, Name: m.Name, LastExportedAt: timePtr(m.LastExportedAt),
		CreatedAt: jsonTime(m.CreatedAt), UpdatedAt: jsonTime(m.UpdatedAt), ProjectPath: m.ProjectPath, Status: "working"}}
}

// handleFolderAssets handles GET E/export_manifests/folder_assets and
// /api/export_manifests/folder_assets: {result:{assets:[Asset]}} of the
// folder_id's tree, home without one.
func (s *Server) handleFolderAssets(w http.ResponseWriter, r *http.Request) error {
	folderID, _, err := queryInt(r, "folder_id")
	if err != nil {
		return err
	}
	assets, err := s.Packages.FindFolderAssets(r.Context(), workspaceID(r), folderID)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return partnerd.FieldError("folder_id", "is invalid")
	} else if err != nil {
		return err
	}
	out := make([]assetJSON, len(assets))
	for i, a := range assets {
		out[i] = newAssetJSON(a)
	}
	return ok(w, resultOf[assetsJSON]{assetsJSON{Assets: out}})
}

// assetsJSON is the result of folder_assets.
type assetsJSON struct {
	Assets []assetJSON `json:"assets"`
}

// exportManifestBody is a manifest create or update, wrapped in
// "export_manifest".
type exportManifestBody struct {
	ExportManifest optional[struct {
		Name     optional[string]       `json:"name"`
		Assets   optional[[]assetInput] `json:"assets"`
		FolderID optional[flexInt]      `json:"folder_id"`
	}] `json:"export_manifest"`
}

// assetInput is an asset of a manifest as folder_assets lists it: by type
// and id, an account property by name. An asset with checked false is
// left out; other fields are ignored.
type assetInput struct {
	ID      optional[flexInt]  `json:"id"`
	Type    string             `json:"type"`
	Name    string             `json:"name"`
	Checked optional[flexBool] `json:"checked"`
}

// apply sets the fields the body gives on m; a create must give a name.
func (in *exportManifestBody) apply(m *partnerd.ExportManifest, create bool) error {
	if !in.ExportManifest.Set || in.ExportManifest.Null {
		return partnerd.FieldError("export_manifest", "can't be blank")
	}
	f := in.ExportManifest.Value
	if f.Name.Set || create {
		m.Name = strings.TrimSpace(f.Name.Value)
	}
	if f.FolderID.Set {
		if m.FolderID = int64(f.FolderID.Value); m.FolderID <= 0 && !f.FolderID.Null {
			return partnerd.FieldError("folder_id", "is invalid")
		}
	}
	if f.Assets.Set || create {
		m.Assets = []partnerd.AssetRef{}
		for _, a := range f.Assets.Value {
			if a.Checked.Set && !a.Checked.Null && !bool(a.Checked.Value) {
				continue
			}
			m.Assets = append(m.Assets, partnerd.AssetRef{Type: strings.TrimSpace(a.Type), ID: int64(a.ID.Value), Name: a.Name})
		}
	}
	return nil
}

// handleExportManifestCreate handles POST E/export_manifests and
// /api/export_manifests: 201 {result:ExportManifest}.
func (s *Server) handleExportManifestCreate(w http.ResponseWriter, r *http.Request) error {
	var in exportManifestBody
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	m := &partnerd.ExportManifest{}
	if err := in.apply(m, true); err != nil {
		return err
	}
	if err := s.Packages.CreateExportManifest(r.Context(), workspaceID(r), m); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, newExportManifestJSON(m))
	return nil
}

// handleExportManifestGet handles GET E/export_manifests/{id} and
// /api/export_manifests/{id}: {result:ExportManifest}.
func (s *Server) handleExportManifestGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.Packages.FindExportManifestByID(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	return ok(w, newExportManifestJSON(m))
}

// handleExportManifestUpdate handles PUT E/export_manifests/{id} and
// /api/export_manifests/{id}: the fields given, {result:ExportManifest}.
func (s *Server) handleExportManifestUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in exportManifestBody
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	m, err := s.Packages.UpdateExportManifest(r.Context(), workspaceID(r), id, func(m *partnerd.ExportManifest) error {
		return in.apply(m, false)
	})
	if err != nil {
		return err
	}
	return ok(w, newExportManifestJSON(m))
}

// handleExportManifestDelete handles DELETE E/export_manifests/{id} and
// /api/export_manifests/{id}: the deleted manifest, {result:ExportManifest}.
func (s *Server) handleExportManifestDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.Packages.DeleteExportManifest(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	return ok(w, newExportManifestJSON(m))
}
