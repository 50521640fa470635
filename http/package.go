package http

import (
	"context"
	"net"
	"net/http"
	"net/netip"

	"github.com/partnerd/partnerd"
)

// packageJSON is the Package object of objects.md: error when failed,
// export_manifest_id for an export, download_url once an export completed,
// recipe_status once an import completed.
type packageJSON struct {
	ID               int64               `json:"id"`
	OperationType    string              `json:"operation_type"`
	Status           string              `json:"status"`
	Error            *string             `json:"error,omitempty"`
	ExportManifestID *int64              `json:"export_manifest_id,omitempty"`
	DownloadURL      *string             `json:"download_url,omitempty"`
	RecipeStatus     *[]recipeStatusJSON `json:"recipe_status,omitempty"`
}

// recipeStatusJSON is what an import did to one recipe.
type recipeStatusJSON struct {
	ID           int64  `json:"id"`
	ImportResult string `json:"import_result"`
}

// exportJSON is an export on the Embedded family: the Package fields at
// the top level and again under result, as behaviors §10 rules.
type exportJSON struct {
	packageJSON
	Result packageJSON `json:"result"`
}

func (s *Server) newPackageJSON(r *http.Request, p *partnerd.Package) (packageJSON, error) {
	out := packageJSON{ID: p.ID, OperationType: p.Operation, Status: p.Status, Error: p.Error, ExportManifestID: p.ExportManifestID}
	if p.Operation == partnerd.PackageImport && p.Status == partnerd.PackageCompleted {
		list := make([]recipeStatusJSON, len(p.RecipeStatus))
		for i, rs := range p.RecipeStatus {
			list[i] = recipeStatusJSON{ID: rs.ID, ImportResult: rs.Result}
		}
		out.RecipeStatus = &list
	}
	if p.Operation == partnerd.PackageExport && p.Status == partnerd.PackageCompleted {
		u, err := s.downloadURL(r, p.ID)
		if err != nil {
			return out, err
		}
		out.DownloadURL = &u
	}
	return out, nil
}

// answerPackage answers a package: an export on the Embedded family
// twice over (exportJSON), any other bare.
func (s *Server) answerPackage(w http.ResponseWriter, r *http.Request, p *partnerd.Package) error {
	out, err := s.newPackageJSON(r, p)
	if err != nil {
		return err
	}
	if p.Operation == partnerd.PackageExport && isCustomer(r) {
		return ok(w, exportJSON{packageJSON: out, Result: out})
	}
	return ok(w, out)
}

// fromTrustedProxy reports whether the request's TCP peer is a trusted proxy.
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	return err == nil && s.trusted(peer.Unmap())
}

// packageJobs bounds the imports and exports that run at once in the
// process, each holding a zip of up to 100 MiB in memory. A request waits
// for a free slot, within its own time limit, before it reads its body.
var packageJobs = make(chan struct{}, 8)

// acquirePackageJob takes a slot of packageJobs and returns its release.
func acquirePackageJob(ctx context.Context) (release func(), err error) {
	select {
	case packageJobs <- struct{}{}:
		return func() { <-packageJobs }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// runPackageJob runs the work of a package in the background, as the
// request's caller, within partnerd.PackageTimeout, and then releases its
// slot. The work records its outcome on the package; an internal error
// it returns is logged.
func (s *Server) runPackageJob(r *http.Request, p *partnerd.Package, release func(), job func(ctx context.Context) error) {
	ctx := context.WithoutCancel(r.Context())
	go func() {
		defer release()
		ctx, cancel := context.WithTimeout(ctx, partnerd.PackageTimeout)
		defer cancel()
		if err := job(ctx); err != nil {
			s.Logger.Error("package failed", "package_id", p.ID, "operation", p.Operation, "error", err)
		}
	}()
}

// handleImport handles POST E/imports?folder_id=&restart_recipes= and
// /api/packages/import/{folder_id}: the body is the zip, read raw. It
// answers the Package in progress at once; the import runs in the
// background and its status tells how it ended.
func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) error {
	embedded := isCustomer(r)
	var folderID int64
	if embedded {
		id, given, err := queryInt(r, "folder_id")
		switch {
		case err != nil:
			return err
		case !given:
			return partnerd.FieldError("folder_id", "can't be blank")
		case id <= 0:
			return partnerd.FieldError("folder_id", "is invalid")
		}
		folderID = id
	} else {
		id, err := pathID(r, "folder_id")
		if err != nil {
			return err
		}
		folderID = id
	}
	restart, _, err := queryBool(r, "restart_recipes")
	if err != nil {
		return err
	}
	release, err := acquirePackageJob(r.Context())
	if err != nil {
		return err
	}
	started := false
	defer func() {
		if !started {
			release()
		}
	}()
	zip, err := readBody(r)
	if err != nil {
		return err
	}
	p := &partnerd.Package{Operation: partnerd.PackageImport, FolderID: folderID}
	err = s.Packages.CreatePackage(r.Context(), workspaceID(r), p)
	if embedded && partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return partnerd.FieldError("folder_id", "is invalid")
	} else if err != nil {
		return err
	}
	started = true
	ws := workspaceID(r)
	s.runPackageJob(r, p, release, func(ctx context.Context) error {
		return s.Packages.ImportPackage(ctx, ws, p.ID, zip, restart)
	})
	return s.answerPackage(w, r, p)
}

// handleExport handles POST E/exports/{id} and
// /api/packages/export/{id}: the Package in progress at once;
// the export runs in the background.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	release, err := acquirePackageJob(r.Context())
	if err != nil {
		return err
	}
	p := &partnerd.Package{Operation: partnerd.PackageExport, ExportManifestID: &id}
	if err := s.Packages.CreatePackage(r.Context(), workspaceID(r), p); err != nil {
		release()
		return err
	}
	ws := workspaceID(r)
	s.runPackageJob(r, p, release, func(ctx context.Context) error {
		return s.Packages.ExportPackage(ctx, ws, p.ID)
	})
	return s.answerPackage(w, r, p)
}

// findPackage reads the package of the path's id; one of another
// operation than op, unless op is "", is not found.
func (s *Server) findPackage(r *http.Request, op string) (*partnerd.Package, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	p, err := s.Packages.FindPackageByID(r.Context(), workspaceID(r), id)
	if err != nil {
		return nil, err
	}
	if op != "" && p.Operation != op {
		return nil, partnerd.ErrNotFound()
	}
	return p, nil
}

// handleImportStatus handles GET E/imports/{id}: the Package.
func (s *Server) handleImportStatus(w http.ResponseWriter, r *http.Request) error {
	p, err := s.findPackage(r, partnerd.PackageImport)
	if err != nil {
		return err
	}
	return s.answerPackage(w, r, p)
}

// handleExportStatus handles GET E/exports/{id}: the Package
// twice over.
func (s *Server) handleExportStatus(w http.ResponseWriter, r *http.Request) error {
	p, err := s.findPackage(r, partnerd.PackageExport)
	if err != nil {
		return err
	}
	return s.answerPackage(w, r, p)
}

// handlePackageGet handles GET /api/packages/{id}: the Package of
// an import or an export.
func (s *Server) handlePackageGet(w http.ResponseWriter, r *http.Request) error {
	p, err := s.findPackage(r, "")
	if err != nil {
		return err
	}
	return s.answerPackage(w, r, p)
}

// handlePackageDownload handles GET E/exports/{id}/download and
// /api/packages/{id}/download: the zip of a completed export.
func (s *Server) handlePackageDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	zip, err := s.Packages.FindPackageZip(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	writeZip(w, id, zip)
	return nil
}
