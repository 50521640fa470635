package partnerd

import (
	"context"
	"strconv"
	"time"
)

// Operations and statuses of a package.
const (
	PackageImport     = "import"
	PackageExport     = "export"
	PackageInProgress = "in_progress"
	PackageCompleted  = "completed"
	PackageFailed     = "failed"
)

// Results of a recipe of an imported package (Package.RecipeStatus).
const (
	// ImportNoUpdate: the recipe is new, unchanged, or was not running
	// when the import changed it.
	ImportNoUpdate = "no_update_or_updated_without_restart"
	// ImportRestarted: the recipe ran, the import stopped, updated and
	// started it again.
	ImportRestarted = "restarted"
	// ImportStopped: the recipe ran and the import changed it, and its
	// start was refused (code_errors or config_errors): it stays stopped.
	ImportStopped = "stopped"
	// ImportRestartFailed: the recipe ran and the import changed it, and
	// its start failed for another reason: it stays stopped.
	ImportRestartFailed = "restart_failed"
)

// Limits of packages. A zip is read whole into memory, so each bound
// keeps an import's memory small and its time short.
const (
	MaxPackageSize     = 100 << 20 // bytes of a zip
	MaxPackageFiles    = 10_000    // entries of a zip, directories included
	MaxPackageUnzipped = 500 << 20 // bytes of every file of a zip, uncompressed
	// MaxPackageRatio is the most a file of more than 1 MiB may expand
	// from its compressed size: a zip bomb expands far more.
	MaxPackageRatio = 200
	// PackageTimeout bounds the time an import or export runs for; one
	// still in progress past it (its replica stopped) has failed.
	PackageTimeout = 10 * time.Minute
)

// Package is an import of a zip into a folder, or an export of the assets
// an ExportManifest lists into a zip. It is in progress until its work,
// which runs in the background, completes or fails.
type Package struct {
	ID               int64
	WorkspaceID      int64
	Operation        string // PackageImport or PackageExport
	Status           string
	Error            *string // why it failed, naming the file at fault
	FolderID         int64   // the folder imported into, or the manifest's folder
	ExportManifestID *int64  // the manifest of an export
	RecipeStatus     []RecipeImport
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// RecipeImport is what an import did to one recipe of its package.
type RecipeImport struct {
	ID     int64
	Result string // ImportNoUpdate, ImportRestarted, ImportStopped or ImportRestartFailed
}

// ErrImportInProgress is the refusal of a second import into a workspace
// while one is in progress.
func ErrImportInProgress() *Error {
	return &Error{Code: EINVALID, Message: "An import is already in progress"}
}

// Types of the assets of a package: each asset is a file
// <snake_case_name>.<type>.json.
const (
	AssetRecipe          = "recipe"
	AssetConnection      = "connection"
	AssetLookupTable     = "lookup_table"
	AssetAccountProperty = "account_property"
	AssetAPIGroup        = "api_group" // an API collection
	AssetAPIEndpoint     = "api_endpoint"
)

// AssetTypes lists the asset types in the order packages list them.
var AssetTypes = []string{AssetRecipe, AssetConnection, AssetLookupTable, AssetAPIGroup, AssetAPIEndpoint, AssetAccountProperty}

// Asset is an object of a folder's tree that an export can write.
type Asset struct {
	ID   int64 // zero for an account property, which has none
	Name string
	Type string
	// Version is a recipe's version number, 1 for other assets.
	Version int
	// Folder is the asset's directory in the package: the path of its
	// folder below the exported folder, "" at its root.
	Folder string
	// AbsolutePath is the path of the asset's folder in the workspace
	// (see ExportManifest.ProjectPath); "" for an account property.
	AbsolutePath string
	ZipName      string // the asset's file name, unique in its directory
}

// Path returns the asset's path in the package: its folder, then its file.
func (a *Asset) Path() string { return PackagePath(a.Folder, a.ZipName) }

// PackagePath joins a package directory and a file name.
func PackagePath(folder, name string) string {
	if folder == "" {
		return name
	}
	return folder + "/" + name
}

// AssetRef names an asset of an export manifest: by type and id, or by
// name for an account property.
type AssetRef struct {
	Type string
	ID   int64
	Name string
}

// ExportManifest is a reusable list of the assets of a folder's tree that
// an export writes into a package.
type ExportManifest struct {
	ID          int64
	WorkspaceID int64
	Name        string
	FolderID    int64 // zero on create is the home folder
	Assets      []AssetRef
	// ProjectPath is the path of the folder in the workspace: the names of
	// the folders from the project's top folder down, joined by "/"; ""
	// for the home folder. Set by the store.
	ProjectPath    string
	LastExportedAt *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Validate checks a manifest's name and assets, and drops repeated assets.
func (m *ExportManifest) Validate() error {
	v := Validation{}
	v.Required("name", m.Name, 255)
	if !ValidText(m.Name) {
		v.Add("name", "is invalid")
	}
	if len(m.Assets) > MaxPackageFiles {
		v.Add("assets", "must have at most "+strconv.Itoa(MaxPackageFiles)+" assets")
	}
	seen := map[AssetRef]bool{}
	assets := []AssetRef{}
	for i, a := range m.Assets {
		at := "asset " + strconv.Itoa(i+1) + ": "
		switch {
		case !isAssetType(a.Type):
			v.Add("assets", at+"type must be one of recipe, connection, lookup_table, account_property, api_group, api_endpoint")
		case a.Type == AssetAccountProperty && (a.Name == "" || !ValidText(a.Name)):
			v.Add("assets", at+"an account_property needs its name")
		case a.Type != AssetAccountProperty && a.ID <= 0:
			v.Add("assets", at+"id must be a positive number")
		}
		if a.Type == AssetAccountProperty {
			a.ID = 0
		} else {
			a.Name = ""
		}
		if !seen[a] {
			seen[a] = true
			assets = append(assets, a)
		}
	}
	m.Assets = assets
	return v.Err()
}

func isAssetType(t string) bool {
	for _, known := range AssetTypes {
		if t == known {
			return true
		}
	}
	return false
}

// PackageService keeps the packages and export manifests of a workspace.
// Imports and exports run in two steps: CreatePackage records one in
// progress, and ImportPackage or ExportPackage, called in the background,
// does the work and records how it ended, so that any replica answers its
// status. Every method answers ENOTFOUND for folders, manifests and
// packages outside the caller's folder scope (Caller.FolderLimit).
type PackageService interface {
	// PackageSigner signs the download_url of exports.
	PackageSigner

	// CreatePackage records an import into p.FolderID or an export of the
	// manifest p.ExportManifestID, in progress: ENOTFOUND for the folder or
	// the manifest, ErrImportInProgress while another import of the
	// workspace is in progress.
	CreatePackage(ctx context.Context, workspaceID int64, p *Package) error
	// FindPackageByID returns a package, or ENOTFOUND. One in progress
	// for longer than PackageTimeout is answered failed.
	FindPackageByID(ctx context.Context, workspaceID, id int64) (*Package, error)
	// ImportPackage reads the zip of an import and applies it to the
	// package's folder in one transaction, all or nothing: assets are
	// matched by folder path and name and updated in place, or created.
	// A running recipe that the package changes fails the import unless
	// restart is set, in which case it is stopped, updated and started
	// again. It records the result on the package: completed with the
	// recipes' results, or failed with an error naming the file at fault.
	// It returns ENOTFOUND for the package, and an error for a package
	// that is not an import in progress; any other error it returns is an
	// internal one, which it records as "Server error".
	ImportPackage(ctx context.Context, workspaceID, packageID int64, zip []byte, restart bool) error
	// ExportPackage writes the assets of the export's manifest into a zip
	// and records it on the package, completed, or the failure; see
	// ImportPackage for the errors.
	ExportPackage(ctx context.Context, workspaceID, packageID int64) error
	// FindPackageZip returns the zip of a completed export: ENOTFOUND for
	// any other package, and for the zip of an old export, which is kept
	// for the newest exports of the workspace only.
	FindPackageZip(ctx context.Context, workspaceID, id int64) ([]byte, error)

	// FindFolderAssets returns the assets an export of the folder (home
	// when zero) can write, each type in ascending id: every recipe,
	// connection and lookup table of its tree, the API collections whose
	// folder it is with their endpoints, and the workspace's account
	// properties by name: ENOTFOUND for the folder.
	FindFolderAssets(ctx context.Context, workspaceID, folderID int64) ([]*Asset, error)
	// CreateExportManifest stores a manifest of assets of its folder's
	// tree (FindFolderAssets; home when FolderID is zero): EINVALID, also
	// for a folder out of reach, an asset that is not there, or an
	// api_endpoint without its api_group.
	CreateExportManifest(ctx context.Context, workspaceID int64, m *ExportManifest) error
	// FindExportManifestByID returns a manifest, or ENOTFOUND.
	FindExportManifestByID(ctx context.Context, workspaceID, id int64) (*ExportManifest, error)
	// UpdateExportManifest applies changes in one transaction and checks
	// the result as CreateExportManifest does: ENOTFOUND, EINVALID. apply
	// must not call the store.
	UpdateExportManifest(ctx context.Context, workspaceID, id int64, apply func(*ExportManifest) error) (*ExportManifest, error)
	// DeleteExportManifest deletes a manifest and returns it: ENOTFOUND.
	DeleteExportManifest(ctx context.Context, workspaceID, id int64) (*ExportManifest, error)
}
