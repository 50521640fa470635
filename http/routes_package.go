package http

import "github.com/partnerd/partnerd"

// packageRoutes lists the routes of the recipe lifecycle, in the order of
// the contract, with the envelope each one answers. Imports and their
// status count against "imports", export manifests and exports against
// "exports"; the Developer family's package status serves both and counts
// as an import status.
func (s *Server) packageRoutes() []route {
	const packages = partnerd.FamilyPackages
	return []route{
		// Packages of a customer workspace.
		{pattern: "POST /api/managed_users/{mu}/imports", family: familyE, area: packages, limit: "imports", maxBody: partnerd.MaxPackageSize, handle: s.handleImport}, // Package
		{pattern: "GET /api/managed_users/{mu}/imports/{id}", family: familyE, area: packages, limit: "imports", handle: s.handleImportStatus},                         // Package
		{pattern: "GET /api/managed_users/{mu}/export_manifests/folder_assets", family: familyE, area: packages, limit: "exports", handle: s.handleFolderAssets},       // {result:{assets:[Asset]}}
		{pattern: "POST /api/managed_users/{mu}/export_manifests", family: familyE, area: packages, limit: "exports", handle: s.handleExportManifestCreate},            // 201 {result:ExportManifest}
		{pattern: "GET /api/managed_users/{mu}/export_manifests/{id}", family: familyE, area: packages, limit: "exports", handle: s.handleExportManifestGet},           // {result:ExportManifest}
		{pattern: "PUT /api/managed_users/{mu}/export_manifests/{id}", family: familyE, area: packages, limit: "exports", handle: s.handleExportManifestUpdate},        // {result:ExportManifest}
		{pattern: "DELETE /api/managed_users/{mu}/export_manifests/{id}", family: familyE, area: packages, limit: "exports", handle: s.handleExportManifestDelete},     // {result:ExportManifest}
		{pattern: "POST /api/managed_users/{mu}/exports/{id}", family: familyE, area: packages, limit: "exports", handle: s.handleExport},                              // Package, and again under result
		{pattern: "GET /api/managed_users/{mu}/exports/{id}", family: familyE, area: packages, limit: "exports", handle: s.handleExportStatus},                         // Package, and again under result
		{pattern: "GET /api/managed_users/{mu}/exports/{id}/download", family: familyE, area: packages, limit: "exports", handle: s.handlePackageDownload},             // the zip

		// The signed download_url of an export, without credentials.
		{pattern: "GET /downloads/packages/{id}", family: familyService, handle: s.handleSignedDownload}, // the zip

		// Packages of the caller's own workspace.
		{pattern: "POST /api/packages/import/{folder_id}", family: familyD, area: packages, limit: "imports", maxBody: partnerd.MaxPackageSize, handle: s.handleImport}, // Package
		{pattern: "POST /api/packages/export/{id}", family: familyD, area: packages, limit: "exports", handle: s.handleExport},                                          // Package
		{pattern: "GET /api/packages/{id}", family: familyD, area: packages, limit: "imports", handle: s.handlePackageGet},                                              // Package
		{pattern: "GET /api/packages/{id}/download", family: familyD, area: packages, limit: "exports", handle: s.handlePackageDownload},                                // the zip
		{pattern: "GET /api/export_manifests/folder_assets", family: familyD, area: packages, limit: "exports", handle: s.handleFolderAssets},                           // {result:{assets:[Asset]}}
		{pattern: "POST /api/export_manifests", family: familyD, area: packages, limit: "exports", handle: s.handleExportManifestCreate},                                // 201 {result:ExportManifest}
		{pattern: "GET /api/export_manifests/{id}", family: familyD, area: packages, limit: "exports", handle: s.handleExportManifestGet},                               // {result:ExportManifest}
		{pattern: "PUT /api/export_manifests/{id}", family: familyD, area: packages, limit: "exports", handle: s.handleExportManifestUpdate},                            // {result:ExportManifest}
		{pattern: "DELETE /api/export_manifests/{id}", family: familyD, area: packages, limit: "exports", handle: s.handleExportManifestDelete},                         // {result:ExportManifest}
	}
}
