package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/partnerd/partnerd"
)

var _ partnerd.ConnectionService = (*DB)(nil)

// Connections live in folders: a folder with one is not empty.
var _ = folderContent("connections", "folder_id")

// connectionUsers lists the statements that count what forbids deleting a
// connection, each with a ? for the workspace's id, then one for the
// connection's id; each counts within the workspace only. The recipes resource
// registers the running recipes whose config names it, with connectionUser.
var connectionUsers []string

// connectionUser records a statement of connectionUsers and returns it; a
// resource's file calls it in a package-level declaration.
func connectionUser(query string) string {
	connectionUsers = append(connectionUsers, query)
	return query
}

const connectionColumns = `c.id, c.workspace_id, c.name, c.provider, c.description, c.authorized_at,
	c.authorization_status, c.authorization_error, c.external_id, c.folder_id, c.parent_id,
	c.connection_lost_at, c.connection_lost_reason, c.on_prem_group_id, c.created_at, c.updated_at`

// scanConnection reads connectionColumns, then into more any further columns.
func scanConnection(row interface{ Scan(...any) error }, more ...any) (*partnerd.Connection, error) {
	var c partnerd.Connection
	var description, status, authError, externalID, lostReason sql.NullString
	var authorized, lost, parentID, onPremGroupID sql.NullInt64
	var created, updated int64
	err := row.Scan(append([]any{&c.ID, &c.WorkspaceID, &c.Name, &c.Provider, &description, &authorized,
		&status, &authError, &externalID, &c.FolderID, &parentID, &lost, &lostReason, &onPremGroupID,
		&created, &updated}, more...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	c.Description, c.AuthorizationStatus, c.AuthorizationError = stringPtr(description), stringPtr(status), stringPtr(authError)
	c.ExternalID, c.ConnectionLostReason = stringPtr(externalID), stringPtr(lostReason)
	c.AuthorizedAt, c.ConnectionLostAt = nullTime(authorized), nullTime(lost)
	c.ParentID, c.OnPremGroupID = int64Ptr(parentID), int64Ptr(onPremGroupID)
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	return &c, nil
}

// findConnection reads a connection within the caller's scope, on tx or
// the reader; suffix ends the statement (a row lock).
func (db *DB) findConnection(ctx context.Context, c conn, workspaceID, id int64, suffix string, more ...any) (*partnerd.Connection, error) {
	scope, args := folderScope(ctx, workspaceID, "c.folder_id")
	extra := ""
	if len(more) > 0 {
		extra = ", c.input"
	}
	return scanConnection(c.queryRow(ctx, `SELECT `+connectionColumns+extra+` FROM connections c
		WHERE c.workspace_id = ? AND c.id = ?`+scope+suffix, append([]any{workspaceID, id}, args...)...), more...)
}

// checkConnectionParent checks that c's parent is a connection of the
// workspace within the caller's scope, of the same provider, and neither
// c itself nor one of its children.
func (db *DB) checkConnectionParent(ctx context.Context, tx conn, workspaceID int64, c *partnerd.Connection) error {
	if c.ParentID == nil {
		return nil
	}
	parent, err := db.findConnection(ctx, tx, workspaceID, *c.ParentID, "")
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return partnerd.FieldError("parent_id", "is invalid")
	} else if err != nil {
		return err
	}
	if parent.Provider != c.Provider {
		return partnerd.FieldError("parent_id", "must be a connection of the same provider")
	}
	if c.ID == 0 {
		return nil
	}
	var cycle int
	err = tx.queryRow(ctx, `WITH RECURSIVE up (id) AS (SELECT CAST(? AS BIGINT)
		UNION SELECT c.parent_id FROM connections c JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL)
		SELECT COUNT(*) FROM up WHERE id = ?`, parent.ID, c.ID).Scan(&cycle)
	if err != nil {
		return err
	}
	if cycle > 0 {
		return partnerd.FieldError("parent_id", "cannot be the connection itself or one of its children")
	}
	return nil
}

// CreateConnection stores a connection, its input encrypted.
func (db *DB) CreateConnection(ctx context.Context, workspaceID int64, c *partnerd.Connection) error {
	if err := c.Validate(); err != nil {
		return err
	}
	aead, err := db.aead(ctx)
	if err != nil {
		return err
	}
	input, err := sealInput(aead, c.Input)
	if err != nil {
		return err
	}
	now := db.now()
	err = db.inTx(ctx, func(tx conn) error {
		folderID, err := db.contentFolder(ctx, tx, workspaceID, c.FolderID)
		if err != nil {
			return err
		}
		if err := db.checkConnectionParent(ctx, tx, workspaceID, c); err != nil {
			return err
		}
		if c.OnPremGroupID != nil {
			if err := checkOnPremGroup(ctx, tx, workspaceID, *c.OnPremGroupID); err != nil {
				return err
			}
		}
		return tx.queryRow(ctx, `INSERT INTO connections (workspace_id, folder_id, parent_id, name, provider, description,
			external_id, input, authorization_status, authorization_error, authorized_at, connection_lost_at,
			connection_lost_reason, on_prem_group_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			workspaceID, folderID, nullInt64(c.ParentID), c.Name, c.Provider, nullString(c.Description),
			nullString(c.ExternalID), input, nullString(c.AuthorizationStatus), nullString(c.AuthorizationError),
			nullMS(c.AuthorizedAt), nullMS(c.ConnectionLostAt), nullString(c.ConnectionLostReason),
			nullInt64(c.OnPremGroupID), now, now).Scan(&c.ID)
	})
	if err != nil {
		return err
	}
	created, err := db.FindConnectionByID(ctx, workspaceID, c.ID)
	if err == nil {
		*c = *created
	}
	return err
}

// FindConnectionByID returns a connection of the workspace.
func (db *DB) FindConnectionByID(ctx context.Context, workspaceID, id int64) (*partnerd.Connection, error) {
	return db.findConnection(ctx, db.reader(), workspaceID, id, "")
}

// FindConnectionWithInput returns a connection of the workspace with its
// input opened, for the recipe runtime. Outside a caller's folder scope its
// read is kept until the next commit, as every step of a connector reads it.
func (db *DB) FindConnectionWithInput(ctx context.Context, workspaceID, id int64) (*partnerd.Connection, error) {
	aead, err := db.aead(ctx)
	if err != nil {
		return nil, err
	}
	read := func() (sealedConnection, error) {
		var sealed string
		c, err := db.findConnection(ctx, db.reader(), workspaceID, id, "", &sealed)
		return sealedConnection{c, sealed}, err
	}
	var found sealedConnection
	if partnerd.CallerFromContext(ctx) == nil {
		found, err = cached(db, connectionInputKey{workspaceID, id}, read)
	} else {
		found, err = read()
	}
	if err != nil {
		return nil, err
	}
	c := *found.c
	if c.Input, err = openInput(aead, found.sealed); err != nil {
		return nil, err
	}
	return &c, nil
}

// sealedConnection is a connection read with its sealed input.
type sealedConnection struct {
	c      *partnerd.Connection
	sealed string
}

// connectionInputKey keys the reads of FindConnectionWithInput.
type connectionInputKey struct{ workspaceID, id int64 }

// FindConnectionInAccount returns a connection of the account's admin
// workspace or of one of its customers.
func (db *DB) FindConnectionInAccount(ctx context.Context, accountID, id int64) (*partnerd.Connection, error) {
	var workspaceID int64
	err := db.reader().queryRow(ctx, `SELECT c.workspace_id FROM connections c JOIN workspaces w ON w.id = c.workspace_id
		WHERE (w.account_id = ? OR (w.id = ? AND w.account_id IS NULL)) AND c.id = ?`, accountID, accountID, id).Scan(&workspaceID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	return db.FindConnectionByID(ctx, workspaceID, id)
}

// FindConnections returns a page of the workspace's connections.
func (db *DB) FindConnections(ctx context.Context, workspaceID int64, f partnerd.ConnectionFilter) ([]*partnerd.Connection, int, error) {
	where := `c.workspace_id = ?`
	args := []any{workspaceID}
	add := func(column string, value any) {
		where += ` AND ` + column + ` = ?`
		args = append(args, value)
	}
	if f.Provider != nil {
		add("c.provider", *f.Provider)
	}
	if f.FolderID != nil {
		add("c.folder_id", *f.FolderID)
	}
	if f.ParentID != nil {
		add("c.parent_id", *f.ParentID)
	}
	if f.ExternalID != nil {
		add("c.external_id", *f.ExternalID)
	}
	scope, scopeArgs := folderScope(ctx, workspaceID, "c.folder_id")
	where += scope
	args = append(args, scopeArgs...)
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM connections c WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT `+connectionColumns+` FROM connections c WHERE `+where+
		` ORDER BY c.id LIMIT ? OFFSET ?`, append(args, f.Page.PerPage, f.Page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.Connection{}
	for rows.Next() {
		c, err := scanConnection(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, c)
	}
	return list, total, rows.Err()
}

// UpdateConnection applies changes to a connection in one transaction.
func (db *DB) UpdateConnection(ctx context.Context, workspaceID, id int64, apply func(*partnerd.Connection) error) (*partnerd.Connection, error) {
	aead, err := db.aead(ctx)
	if err != nil {
		return nil, err
	}
	err = db.inTx(ctx, func(tx conn) error {
		var sealed string
		c, err := db.findConnection(ctx, tx, workspaceID, id, db.dialect.forUpdate, &sealed)
		if err != nil {
			return err
		}
		if c.Input, err = openInput(aead, sealed); err != nil {
			return err
		}
		folderID, parentID, groupID := c.FolderID, c.ParentID, c.OnPremGroupID
		if err := apply(c); err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if c.FolderID != folderID {
			if c.FolderID, err = db.contentFolder(ctx, tx, workspaceID, c.FolderID); err != nil {
				return err
			}
		}
		if c.ParentID != nil && (parentID == nil || *parentID != *c.ParentID) {
			if err := db.checkConnectionParent(ctx, tx, workspaceID, c); err != nil {
				return err
			}
		}
		if c.OnPremGroupID != nil && (groupID == nil || *groupID != *c.OnPremGroupID) {
			if err := checkOnPremGroup(ctx, tx, workspaceID, *c.OnPremGroupID); err != nil {
				return err
			}
		}
		input, err := sealInput(aead, c.Input)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE connections SET folder_id = ?, parent_id = ?, name = ?, description = ?,
			external_id = ?, input = ?, authorization_status = ?, authorization_error = ?, authorized_at = ?,
			connection_lost_at = ?, connection_lost_reason = ?, on_prem_group_id = ?, updated_at = ?
			WHERE workspace_id = ? AND id = ?`,
			c.FolderID, nullInt64(c.ParentID), c.Name, nullString(c.Description), nullString(c.ExternalID), input,
			nullString(c.AuthorizationStatus), nullString(c.AuthorizationError), nullMS(c.AuthorizedAt),
			nullMS(c.ConnectionLostAt), nullString(c.ConnectionLostReason), nullInt64(c.OnPremGroupID), db.now(),
			workspaceID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.FindConnectionByID(ctx, workspaceID, id)
}

// DeleteConnection deletes a connection that nothing in connectionUsers uses.
func (db *DB) DeleteConnection(ctx context.Context, workspaceID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		c, err := db.findConnection(ctx, tx, workspaceID, id, db.dialect.forUpdate)
		if err != nil {
			return err
		}
		for _, query := range connectionUsers {
			var n int
			if err := tx.queryRow(ctx, query, workspaceID, c.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return partnerd.Errorf(partnerd.ESTATE, "Connection is used by a running recipe")
			}
		}
		_, err = tx.exec(ctx, `DELETE FROM connections WHERE workspace_id = ? AND id = ?`, workspaceID, c.ID)
		return err
	})
}

// nullMS stores an optional time as Unix milliseconds.
func nullMS(t *time.Time) any {
	if t == nil {
		return nil
	}
	return toMS(*t)
}
