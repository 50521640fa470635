-- Packages: imports and exports of recipe packages. status is in_progress,
-- completed or failed; recipe_status is the JSON array of an import's
-- results by recipe; zip holds the bytes of a completed export, kept for
-- the newest exports of a workspace only. folder_id is the folder imported
-- into, or the manifest's folder, kept as it was (no foreign key).
CREATE TABLE packages (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	operation_type TEXT NOT NULL,
	status TEXT NOT NULL,
	error TEXT,
	folder_id BIGINT NOT NULL,
	export_manifest_id BIGINT,
	recipe_status TEXT NOT NULL DEFAULT '[]',
	zip BLOB,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX packages_workspace_id_operation_type_status ON packages (workspace_id, operation_type, status);

-- Export manifests: the assets of a folder's tree that an export writes.
CREATE TABLE export_manifests (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	last_exported_at BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX export_manifests_workspace_id_id ON export_manifests (workspace_id, id);
CREATE INDEX export_manifests_folder_id ON export_manifests (folder_id);

-- The assets of a manifest in its order: by type and id, or by name for an
-- account property (asset_id NULL).
CREATE TABLE export_manifest_assets (
	export_manifest_id INTEGER NOT NULL REFERENCES export_manifests (id) ON DELETE CASCADE,
	ordinal INTEGER NOT NULL,
	asset_type TEXT NOT NULL,
	asset_id BIGINT,
	asset_name TEXT,
	PRIMARY KEY (export_manifest_id, ordinal)
);
