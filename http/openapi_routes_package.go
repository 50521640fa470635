package http

// The routes of routes_package.go: imports answer the Package, exports on
// the Embedded family answer it at the top level and again under result.
var _ = document(map[string]routeDoc{
	"POST /api/managed_users/{mu}/imports":                       {summary: "Import a package (the zip is the body) into folder_id; it runs in the background", query: []string{"folder_id", "restart_recipes"}, bodyMedia: "application/octet-stream", ok: packageJSON{}},
	"GET /api/managed_users/{mu}/imports/{id}":                   {summary: "The status of an import", ok: packageJSON{}},
	"GET /api/managed_users/{mu}/export_manifests/folder_assets": {summary: "The assets of a folder's tree, to export", query: []string{"folder_id"}, ok: resultOf[assetsJSON]{}},
	"POST /api/managed_users/{mu}/export_manifests":              {summary: "Create an export manifest", body: exportManifestBody{}, need: []string{"export_manifest"}, status: 201, ok: resultOf[exportManifestJSON]{}},
	"GET /api/managed_users/{mu}/export_manifests/{id}":          {summary: "Get an export manifest", ok: resultOf[exportManifestJSON]{}},
	"PUT /api/managed_users/{mu}/export_manifests/{id}":          {summary: "Update an export manifest", body: exportManifestBody{}, need: []string{"export_manifest"}, ok: resultOf[exportManifestJSON]{}},
	"DELETE /api/managed_users/{mu}/export_manifests/{id}":       {summary: "Delete an export manifest", ok: resultOf[exportManifestJSON]{}},
	"POST /api/managed_users/{mu}/exports/{id}":                  {summary: "Export a manifest's assets as a package; it runs in the background", ok: exportJSON{}},
	"GET /api/managed_users/{mu}/exports/{id}":                   {summary: "The status of an export, with download_url once completed", ok: exportJSON{}},
	"GET /api/managed_users/{mu}/exports/{id}/download":          {summary: "The zip of a completed export", media: "application/zip"},

	"GET /downloads/packages/{id}": {summary: "The zip of a completed export by its signed download_url, without credentials; 401 when the signature is altered, of another package or expired (an hour after the status that answered it)",
		query: []string{"workspace_id", "expires", "signature"}, media: "application/zip", also: []int{401, 404}},

	"POST /api/packages/import/{folder_id}":   {summary: "Import a package (the zip is the body) into a folder; it runs in the background", query: []string{"restart_recipes"}, bodyMedia: "application/octet-stream", ok: packageJSON{}},
	"POST /api/packages/export/{id}":          {summary: "Export a manifest's assets as a package; it runs in the background", ok: packageJSON{}},
	"GET /api/packages/{id}":                  {summary: "The status of an import or an export", ok: packageJSON{}},
	"GET /api/packages/{id}/download":         {summary: "The zip of a completed export", media: "application/zip"},
	"GET /api/export_manifests/folder_assets": {summary: "The assets of a folder's tree, to export", query: []string{"folder_id"}, ok: resultOf[assetsJSON]{}},
	"POST /api/export_manifests":              {summary: "Create an export manifest", body: exportManifestBody{}, need: []string{"export_manifest"}, status: 201, ok: resultOf[exportManifestJSON]{}},
	"GET /api/export_manifests/{id}":          {summary: "Get an export manifest", ok: resultOf[exportManifestJSON]{}},
	"PUT /api/export_manifests/{id}":          {summary: "Update an export manifest", body: exportManifestBody{}, need: []string{"export_manifest"}, ok: resultOf[exportManifestJSON]{}},
	"DELETE /api/export_manifests/{id}":       {summary: "Delete an export manifest", ok: resultOf[exportManifestJSON]{}},
})
