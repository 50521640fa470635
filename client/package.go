package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// Package is an import of a zip into a folder or an export of a manifest's
// assets into a zip. It runs in the background: Status is "in_progress"
// until it is "completed" or "failed" (then Error names the file at
// fault). A completed export has a DownloadURL; a completed import tells
// what it did to each recipe in RecipeStatus.
type Package struct {
	ID               int64          `json:"id"`
	OperationType    string         `json:"operation_type"` // "import" or "export"
	Status           string         `json:"status"`
	Error            string         `json:"error,omitempty"`
	ExportManifestID *int64         `json:"export_manifest_id,omitempty"`
	DownloadURL      string         `json:"download_url,omitempty"`
	RecipeStatus     []RecipeImport `json:"recipe_status,omitempty"`
}

// InProgress reports whether the package's work has not ended yet.
func (p *Package) InProgress() bool { return p.Status == "in_progress" }

// RecipeImport is what an import did to one recipe: ImportResult is
// "no_update_or_updated_without_restart", "restarted", "stopped" (it ran,
// changed, and could not start again) or "restart_failed".
type RecipeImport struct {
	ID           int64  `json:"id"`
	ImportResult string `json:"import_result"`
}

// ImportPackage imports a package zip into a folder of a customer
// workspace (POST /api/managed_users/{mu}/imports). It answers at once,
// in progress; poll ImportStatus until it ends. With restartRecipes, a
// running recipe that the package changes is stopped, updated and started
// again; without, such a recipe fails the import. A second import while
// one is in progress is a 400.
func (c *Client) ImportPackage(ctx context.Context, mu WorkspaceRef, folderID int64, zip []byte, restartRecipes bool) (*Package, error) {
	path, err := customerPath(mu, "/imports")
	if err != nil {
		return nil, err
	}
	q := url.Values{"folder_id": {itoa(folderID)}, "restart_recipes": {strconv.FormatBool(restartRecipes)}}
	return c.sendPackage(ctx, path, q, zip)
}

// ImportStatus returns an import of a customer workspace
// (GET /api/managed_users/{mu}/imports/{id}).
func (c *Client) ImportStatus(ctx context.Context, mu WorkspaceRef, id int64) (*Package, error) {
	path, err := customerPath(mu, "/imports/"+itoa(id))
	if err != nil {
		return nil, err
	}
	return c.getPackage(ctx, path)
}

// ExportPackage exports the assets of an export manifest of a customer
// workspace into a zip (POST /api/managed_users/{mu}/exports/{manifest_id}).
// It answers at once, in progress; poll ExportStatus until it ends.
func (c *Client) ExportPackage(ctx context.Context, mu WorkspaceRef, manifestID int64) (*Package, error) {
	path, err := customerPath(mu, "/exports/"+itoa(manifestID))
	if err != nil {
		return nil, err
	}
	var out Package
	if err := c.do(ctx, http.MethodPost, path, nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ExportStatus returns an export of a customer workspace
// (GET /api/managed_users/{mu}/exports/{id}).
func (c *Client) ExportStatus(ctx context.Context, mu WorkspaceRef, id int64) (*Package, error) {
	path, err := customerPath(mu, "/exports/"+itoa(id))
	if err != nil {
		return nil, err
	}
	return c.getPackage(ctx, path)
}

// DownloadPackage returns the zip of a completed export of a customer
// workspace (GET /api/managed_users/{mu}/exports/{id}/download).
func (c *Client) DownloadPackage(ctx context.Context, mu WorkspaceRef, id int64) ([]byte, error) {
	path, err := customerPath(mu, "/exports/"+itoa(id)+"/download")
	if err != nil {
		return nil, err
	}
	return c.raw(ctx, http.MethodGet, path, nil, nil)
}

// DeveloperImportPackage imports a package zip into a folder of the
// caller's own workspace (POST /api/packages/import/{folder_id}); see
// ImportPackage.
func (c *Client) DeveloperImportPackage(ctx context.Context, folderID int64, zip []byte, restartRecipes bool) (*Package, error) {
	q := url.Values{"restart_recipes": {strconv.FormatBool(restartRecipes)}}
	return c.sendPackage(ctx, "/api/packages/import/"+itoa(folderID), q, zip)
}

// DeveloperExportPackage exports the assets of an export manifest of the
// caller's own workspace (POST /api/packages/export/{manifest_id}).
func (c *Client) DeveloperExportPackage(ctx context.Context, manifestID int64) (*Package, error) {
	var out Package
	if err := c.do(ctx, http.MethodPost, "/api/packages/export/"+itoa(manifestID), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeveloperPackage returns an import or an export of the caller's own
// workspace (GET /api/packages/{id}).
func (c *Client) DeveloperPackage(ctx context.Context, id int64) (*Package, error) {
	return c.getPackage(ctx, "/api/packages/"+itoa(id))
}

// DeveloperDownloadPackage returns the zip of a completed export of the
// caller's own workspace (GET /api/packages/{id}/download).
func (c *Client) DeveloperDownloadPackage(ctx context.Context, id int64) ([]byte, error) {
	return c.raw(ctx, http.MethodGet, "/api/packages/"+itoa(id)+"/download", nil, nil)
}

func (c *Client) getPackage(ctx context.Context, path string) (*Package, error) {
	var out Package
	if err := c.do(ctx, http.MethodGet, path, nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// sendPackage posts a zip and reads the Package of the answer.
func (c *Client) sendPackage(ctx context.Context, path string, query url.Values, zip []byte) (*Package, error) {
	data, err := c.raw(ctx, http.MethodPost, path, query, zip)
	if err != nil {
		return nil, err
	}
	var out Package
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("client: decode POST %s: %w", path, err)
	}
	return &out, nil
}

// raw sends a request whose body, if any, is raw bytes (a zip), and returns
// the body of a 2xx answer as it is. Any other status is a *Error.
func (c *Client) raw(ctx context.Context, method, path string, query url.Values, body []byte) ([]byte, error) {
	var reader io.Reader
	contentType := ""
	if body != nil {
		reader, contentType = bytes.NewReader(body), "application/octet-stream"
	}
	req, err := c.newRequest(ctx, method, path, query, reader, contentType)
	if err != nil {
		return nil, err
	}
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("client: read %s %s: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, newError(resp, data)
	}
	return data, nil
}
