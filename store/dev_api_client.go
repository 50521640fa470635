package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"strings"

	"github.com/partnerd/partnerd"
)

var (
	_ partnerd.AuthService         = (*DB)(nil)
	_ partnerd.DevAPIClientService = (*DB)(nil)
)

// AuthenticateToken returns the caller whose token hashes to tokenHash.
func (db *DB) AuthenticateToken(ctx context.Context, tokenHash string) (*partnerd.Caller, error) {
	c, err := cached(db, tokenKey(tokenHash), func() (*partnerd.Caller, error) { return db.authenticateToken(ctx, tokenHash) })
	if err != nil {
		return nil, err
	}
	copied := *c
	return &copied, nil
}

// tokenKey keys the caller of a token in the read cache.
type tokenKey string

func (db *DB) authenticateToken(ctx context.Context, tokenHash string) (*partnerd.Caller, error) {
	var c partnerd.Caller
	var privileges string
	err := db.reader().queryRow(ctx, `SELECT c.id, c.name, c.workspace_id, COALESCE(w.account_id, w.id),
		r.privileges, c.all_folders, c.folder_ids, c.ip_allow_list
		FROM dev_api_clients c
		JOIN workspaces w ON w.id = c.workspace_id
		JOIN client_roles r ON r.id = c.role_id
		WHERE c.token_hash = ?`, tokenHash).Scan(&c.ClientID, &c.ClientName, &c.WorkspaceID, &c.AccountID,
		&privileges, &c.AllFolders, jsonColumn{&c.FolderIDs}, &c.IPAllowList)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.Errorf(partnerd.EUNAUTHORIZED, "Unauthorized")
	} else if err != nil {
		return nil, err
	}
	if c.Privileges, err = rolePrivileges.decode(privileges); err != nil {
		return nil, err
	}
	return &c, nil
}

// rolePrivileges holds the privileges of the roles that callers had,
// decoded once; a caller only reads them.
var rolePrivileges decodedTexts[partnerd.Privileges]

// AuthenticateAPIKey returns the owner of the account whose email and legacy key match.
func (db *DB) AuthenticateAPIKey(ctx context.Context, email, apiKey string) (*partnerd.Caller, error) {
	var id int64
	var keyHash sql.NullString
	err := db.reader().queryRow(ctx, `SELECT id, api_key_hash FROM workspaces
		WHERE account_id IS NULL AND owner_email = ?`, strings.ToLower(email)).Scan(&id, &keyHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	// Compare even for an unknown email so that timing tells nothing.
	want := keyHash.String
	if want == "" {
		want = partnerd.HashSecret("")
	}
	got := partnerd.HashSecret(apiKey)
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 || !keyHash.Valid || apiKey == "" {
		return nil, partnerd.Errorf(partnerd.EUNAUTHORIZED, "Unauthorized")
	}
	return &partnerd.Caller{WorkspaceID: id, AccountID: id, ClientName: email,
		Privileges: partnerd.AdminPrivileges(), AllFolders: true}, nil
}

const devAPIClientColumns = `c.id, c.workspace_id, c.name, c.role_id, c.all_folders, c.folder_ids,
	e.id, e.name, e.type, c.ip_allow_list, c.token_hash, c.token_updated_at, c.created_at, c.updated_at`

const devAPIClientFrom = ` FROM dev_api_clients c JOIN environments e ON e.id = c.environment_id `

func scanDevAPIClient(row interface{ Scan(...any) error }) (*partnerd.DevAPIClient, error) {
	var c partnerd.DevAPIClient
	var env partnerd.Environment
	var tokenUpdated, created, updated int64
	err := row.Scan(&c.ID, &c.WorkspaceID, &c.Name, &c.RoleID, &c.AllFolders, jsonColumn{&c.FolderIDs},
		&env.ID, &env.Name, &env.Type, &c.IPAllowList, &c.TokenHash, &tokenUpdated, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	if c.FolderIDs == nil {
		c.FolderIDs = []int64{}
	}
	c.Environment = &env
	c.TokenUpdatedAt, c.CreatedAt, c.UpdatedAt = fromMS(tokenUpdated), fromMS(created), fromMS(updated)
	return &c, nil
}

// insertDevAPIClient stores a client in the workspace's environment of
// c.Environment.Type (Development when unset), checking that its role is the
// workspace's own.
func insertDevAPIClient(ctx context.Context, tx conn, workspaceID int64, c *partnerd.DevAPIClient, now int64) error {
	envID, err := checkDevAPIClientRefs(ctx, tx, workspaceID, c)
	if err != nil {
		return err
	}
	folderIDs := c.FolderIDs
	if folderIDs == nil {
		folderIDs = []int64{}
	}
	return tx.queryRow(ctx, `INSERT INTO dev_api_clients (workspace_id, name, role_id, all_folders, folder_ids,
		environment_id, ip_allow_list, token_hash, token_updated_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		workspaceID, c.Name, c.RoleID, c.AllFolders, jsonText(folderIDs), envID, c.IPAllowList,
		c.TokenHash, now, now, now).Scan(&c.ID)
}

// checkDevAPIClientRefs validates the client, checks that its role and
// folders are the workspace's own, and returns the id of its environment.
func checkDevAPIClientRefs(ctx context.Context, tx conn, workspaceID int64, c *partnerd.DevAPIClient) (int64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	if !c.AllFolders {
		if err := checkFolderIDs(ctx, tx, workspaceID, "folder_ids", c.FolderIDs); err != nil {
			return 0, err
		}
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM client_roles WHERE workspace_id = ? AND id = ?`, workspaceID, c.RoleID).Scan(&n); err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, partnerd.FieldError("api_privilege_group_id", "is invalid")
	}
	// A client of an environment workspace belongs to its environment
	// unless told otherwise.
	var envType string
	if err := tx.queryRow(ctx, `SELECT COALESCE(environment_type, 'DEV') FROM workspaces WHERE id = ?`, workspaceID).Scan(&envType); err != nil {
		return 0, err
	}
	if c.Environment != nil && c.Environment.Type != "" {
		envType = c.Environment.Type
	}
	var envID int64
	err := tx.queryRow(ctx, `SELECT id FROM environments WHERE workspace_id = ? AND type = ?`, workspaceID, envType).Scan(&envID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, partnerd.FieldError("environment_name", "is invalid")
	}
	return envID, err
}

// CreateDevAPIClient stores a client whose TokenHash is set.
func (db *DB) CreateDevAPIClient(ctx context.Context, workspaceID int64, c *partnerd.DevAPIClient) error {
	err := db.inTx(ctx, func(tx conn) error { return insertDevAPIClient(ctx, tx, workspaceID, c, db.now()) })
	if err != nil {
		return err
	}
	token := c.Token
	created, err := db.FindDevAPIClientByID(ctx, workspaceID, c.ID)
	if err == nil {
		*c = *created
		c.Token = token
	}
	return err
}

// FindDevAPIClientByID returns a client of the workspace.
func (db *DB) FindDevAPIClientByID(ctx context.Context, workspaceID, id int64) (*partnerd.DevAPIClient, error) {
	return scanDevAPIClient(db.reader().queryRow(ctx, `SELECT `+devAPIClientColumns+devAPIClientFrom+
		`WHERE c.workspace_id = ? AND c.id = ?`, workspaceID, id))
}

// FindDevAPIClients returns a page of the workspace's clients.
func (db *DB) FindDevAPIClients(ctx context.Context, workspaceID int64, p partnerd.Page) ([]*partnerd.DevAPIClient, int, error) {
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM dev_api_clients WHERE workspace_id = ?`, workspaceID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT `+devAPIClientColumns+devAPIClientFrom+
		`WHERE c.workspace_id = ? ORDER BY c.id LIMIT ? OFFSET ?`, workspaceID, p.PerPage, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.DevAPIClient{}
	for rows.Next() {
		c, err := scanDevAPIClient(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, c)
	}
	return list, total, rows.Err()
}

// UpdateDevAPIClient applies changes to a client in one transaction.
func (db *DB) UpdateDevAPIClient(ctx context.Context, workspaceID, id int64, apply func(*partnerd.DevAPIClient) error) (*partnerd.DevAPIClient, error) {
	err := db.inTx(ctx, func(tx conn) error {
		c, err := scanDevAPIClient(tx.queryRow(ctx, `SELECT `+devAPIClientColumns+devAPIClientFrom+
			`WHERE c.workspace_id = ? AND c.id = ?`+db.dialect.forUpdate, workspaceID, id))
		if err != nil {
			return err
		}
		if err := apply(c); err != nil {
			return err
		}
		envID, err := checkDevAPIClientRefs(ctx, tx, workspaceID, c)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE dev_api_clients SET name = ?, role_id = ?, all_folders = ?, folder_ids = ?,
			environment_id = ?, ip_allow_list = ?, updated_at = ? WHERE workspace_id = ? AND id = ?`,
			c.Name, c.RoleID, c.AllFolders, jsonText(c.FolderIDs), envID, c.IPAllowList, db.now(), workspaceID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.FindDevAPIClientByID(ctx, workspaceID, id)
}

// DeleteDevAPIClient deletes a client.
func (db *DB) DeleteDevAPIClient(ctx context.Context, workspaceID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `DELETE FROM dev_api_clients WHERE workspace_id = ? AND id = ?`, workspaceID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return partnerd.ErrNotFound()
		}
		return nil
	})
}

// RegenerateDevAPIClientToken replaces a client's token hash.
func (db *DB) RegenerateDevAPIClientToken(ctx context.Context, workspaceID, id int64, tokenHash string) (*partnerd.DevAPIClient, error) {
	if tokenHash == "" {
		return nil, partnerd.FieldError("token", "can't be blank")
	}
	err := db.inTx(ctx, func(tx conn) error {
		now := db.now()
		res, err := tx.exec(ctx, `UPDATE dev_api_clients SET token_hash = ?, token_updated_at = ?, updated_at = ?
			WHERE workspace_id = ? AND id = ?`, tokenHash, now, now, workspaceID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return partnerd.ErrNotFound()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.FindDevAPIClientByID(ctx, workspaceID, id)
}

// uniqueIDs returns ids without repeats.
func uniqueIDs(ids []int64) map[int64]bool {
	set := make(map[int64]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set
}
