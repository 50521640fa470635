package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// Asset is an object of a folder's tree that an export can write. ID is
// nil for an account property, which is named by Name.
type Asset struct {
	ID           *int64 `json:"id"`
	Name         string `json:"name"`
	Type         string `json:"type"` // recipe, connection, lookup_table, account_property, api_group or api_endpoint
	Version      int    `json:"version"`
	Folder       string `json:"folder"`        // its directory in the package, "" at its root
	AbsolutePath string `json:"absolute_path"` // its folder's path in the workspace
	RootFolder   bool   `json:"root_folder"`
	Unreachable  bool   `json:"unreachable"`
	ZipName      string `json:"zip_name"`
	Checked      bool   `json:"checked"`
}

// ExportManifest is a reusable list of assets of a folder's tree, which
// ExportPackage writes into a package.
type ExportManifest struct {
	ID             int64      `json:"id"`
	Name           string     `json:"name"`
	LastExportedAt *time.Time `json:"last_exported_at"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	ProjectPath    string     `json:"project_path"`
	Status         string     `json:"status"`
}

// ExportManifestParams is the body of CreateExportManifest and
// UpdateExportManifest. Assets are those FolderAssets lists (an asset with
// Checked false is left out). On create, Name is required and a zero
// FolderID is the home folder; on update, only the fields set are sent.
type ExportManifestParams struct {
	Name     string
	Assets   []Asset
	FolderID int64
}

// MarshalJSON sends the fields that are set, wrapped in "export_manifest".
func (p ExportManifestParams) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	if p.Name != "" {
		m["name"] = p.Name
	}
	if p.Assets != nil {
		m["assets"] = p.Assets
	}
	if p.FolderID != 0 {
		m["folder_id"] = p.FolderID
	}
	return json.Marshal(map[string]any{"export_manifest": m})
}

// customerExportManifests returns the path of a customer's export manifests.
func customerExportManifests(mu WorkspaceRef) (string, error) {
	return customerPath(mu, "/export_manifests")
}

// developerExportManifests is the path of the caller's own export manifests.
const developerExportManifests = "/api/export_manifests"

// FolderAssets returns the assets an export of a folder of a customer
// workspace can write (GET /api/managed_users/{mu}/export_manifests/folder_assets):
// every recipe, connection and lookup table of its tree, the API
// collections of the folder with their endpoints, and the account
// properties. A zero folderID is the home folder.
func (c *Client) FolderAssets(ctx context.Context, mu WorkspaceRef, folderID int64) ([]Asset, error) {
	path, err := customerExportManifests(mu)
	if err != nil {
		return nil, err
	}
	return c.folderAssets(ctx, path, folderID)
}

// CreateExportManifest creates an export manifest in a customer workspace
// (POST /api/managed_users/{mu}/export_manifests). An asset outside the
// folder's tree is a 400.
func (c *Client) CreateExportManifest(ctx context.Context, mu WorkspaceRef, p ExportManifestParams) (*ExportManifest, error) {
	path, err := customerExportManifests(mu)
	if err != nil {
		return nil, err
	}
	return c.exportManifest(ctx, http.MethodPost, path, p)
}

// ExportManifest returns an export manifest of a customer workspace
// (GET /api/managed_users/{mu}/export_manifests/{id}).
func (c *Client) ExportManifest(ctx context.Context, mu WorkspaceRef, id int64) (*ExportManifest, error) {
	path, err := customerExportManifests(mu)
	if err != nil {
		return nil, err
	}
	return c.exportManifest(ctx, http.MethodGet, path+"/"+itoa(id), nil)
}

// UpdateExportManifest changes the fields set in p of an export manifest
// of a customer workspace (PUT /api/managed_users/{mu}/export_manifests/{id}).
func (c *Client) UpdateExportManifest(ctx context.Context, mu WorkspaceRef, id int64, p ExportManifestParams) (*ExportManifest, error) {
	path, err := customerExportManifests(mu)
	if err != nil {
		return nil, err
	}
	return c.exportManifest(ctx, http.MethodPut, path+"/"+itoa(id), p)
}

// DeleteExportManifest deletes an export manifest of a customer workspace
// (DELETE /api/managed_users/{mu}/export_manifests/{id}).
func (c *Client) DeleteExportManifest(ctx context.Context, mu WorkspaceRef, id int64) error {
	path, err := customerExportManifests(mu)
	if err != nil {
		return err
	}
	_, err = c.exportManifest(ctx, http.MethodDelete, path+"/"+itoa(id), nil)
	return err
}

// DeveloperFolderAssets returns the assets an export of a folder of the
// caller's own workspace can write (GET /api/export_manifests/folder_assets).
func (c *Client) DeveloperFolderAssets(ctx context.Context, folderID int64) ([]Asset, error) {
	return c.folderAssets(ctx, developerExportManifests, folderID)
}

// CreateDeveloperExportManifest creates an export manifest in the caller's
// own workspace (POST /api/export_manifests).
func (c *Client) CreateDeveloperExportManifest(ctx context.Context, p ExportManifestParams) (*ExportManifest, error) {
	return c.exportManifest(ctx, http.MethodPost, developerExportManifests, p)
}

// DeveloperExportManifest returns an export manifest of the caller's own
// workspace (GET /api/export_manifests/{id}).
func (c *Client) DeveloperExportManifest(ctx context.Context, id int64) (*ExportManifest, error) {
	return c.exportManifest(ctx, http.MethodGet, developerExportManifests+"/"+itoa(id), nil)
}

// UpdateDeveloperExportManifest changes an export manifest of the caller's
// own workspace (PUT /api/export_manifests/{id}).
func (c *Client) UpdateDeveloperExportManifest(ctx context.Context, id int64, p ExportManifestParams) (*ExportManifest, error) {
	return c.exportManifest(ctx, http.MethodPut, developerExportManifests+"/"+itoa(id), p)
}

// DeleteDeveloperExportManifest deletes an export manifest of the caller's
// own workspace (DELETE /api/export_manifests/{id}).
func (c *Client) DeleteDeveloperExportManifest(ctx context.Context, id int64) error {
	_, err := c.exportManifest(ctx, http.MethodDelete, developerExportManifests+"/"+itoa(id), nil)
	return err
}

func (c *Client) folderAssets(ctx context.Context, path string, folderID int64) ([]Asset, error) {
	var q url.Values
	if folderID != 0 {
		q = url.Values{"folder_id": {itoa(folderID)}}
	}
	var out result[struct {
		Assets []Asset `json:"assets"`
	}]
	if err := c.do(ctx, http.MethodGet, path+"/folder_assets", q, nil, &out); err != nil {
		return nil, err
	}
	return out.Result.Assets, nil
}

func (c *Client) exportManifest(ctx context.Context, method, path string, body any) (*ExportManifest, error) {
	var out result[ExportManifest]
	if err := c.do(ctx, method, path, nil, body, &out); err != nil {
		return nil, err
	}
	return &out.Result, nil
}
