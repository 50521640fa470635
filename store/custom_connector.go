package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/partnerd/partnerd"
)

var _ partnerd.CustomConnectorService = (*DB)(nil)

const customConnectorColumns = `id, account_id, name, title, description, note, code, code_updated_at,
	oem_shared_version, oem_shared_at, created_at, updated_at`

func scanCustomConnector(row interface{ Scan(...any) error }) (*partnerd.CustomConnector, error) {
	var c partnerd.CustomConnector
	var description, note sql.NullString
	var shared, sharedAt sql.NullInt64
	var codeUpdated, created, updated int64
	err := row.Scan(&c.ID, &c.AccountID, &c.Name, &c.Title, &description, &note, &c.Code, &codeUpdated,
		&shared, &sharedAt, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	c.Description, c.Note = stringPtr(description), stringPtr(note)
	if shared.Valid {
		v := int(shared.Int64)
		c.OEMSharedVersion = &v
	}
	c.OEMSharedAt = nullTime(sharedAt)
	c.CodeUpdatedAt, c.CreatedAt, c.UpdatedAt = fromMS(codeUpdated), fromMS(created), fromMS(updated)
	c.ReleasedVersions = []*partnerd.CustomConnectorVersion{}
	return &c, nil
}

// CreateCustomConnector stores a custom connector of the account, its name
// derived from its title when it has none.
func (db *DB) CreateCustomConnector(ctx context.Context, accountID int64, c *partnerd.CustomConnector) error {
	if c.Name == "" {
		c.Name = partnerd.CustomConnectorName(c.Title)
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if _, shipped := partnerd.CatalogConnector(c.Name); shipped {
		return &partnerd.Error{Code: partnerd.ECONFLICT, Message: "Validation failed",
			Fields: map[string][]string{"name": {"has already been taken"}}}
	}
	now := db.now()
	err := db.inTx(ctx, func(tx conn) error {
		return tx.queryRow(ctx, `INSERT INTO custom_connectors (account_id, name, title, description, note, code,
			code_updated_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			accountID, c.Name, c.Title, nullString(c.Description), nullString(c.Note), c.Code, now, now, now).Scan(&c.ID)
	})
	if err != nil {
		return err
	}
	created, err := db.FindCustomConnectorByID(ctx, accountID, c.ID)
	if err == nil {
		*c = *created
	}
	return err
}

// FindCustomConnectorByID returns a custom connector of the account with
// its released versions.
func (db *DB) FindCustomConnectorByID(ctx context.Context, accountID, id int64) (*partnerd.CustomConnector, error) {
	c, err := scanCustomConnector(db.reader().queryRow(ctx, `SELECT `+customConnectorColumns+`
		FROM custom_connectors WHERE account_id = ? AND id = ?`, accountID, id))
	if err != nil {
		return nil, err
	}
	return c, db.loadReleasedVersions(ctx, accountID, []*partnerd.CustomConnector{c})
}

// FindCustomConnectors returns the account's custom connectors in ascending
// id. The title filter matches in Go, so that case folds the same way on
// both databases.
func (db *DB) FindCustomConnectors(ctx context.Context, accountID int64, f partnerd.CustomConnectorFilter) ([]*partnerd.CustomConnector, error) {
	where := `account_id = ?`
	if f.OEMShared != nil && *f.OEMShared {
		where += ` AND oem_shared_version IS NOT NULL`
	} else if f.OEMShared != nil {
		where += ` AND oem_shared_version IS NULL`
	}
	rows, err := db.reader().query(ctx, `SELECT `+customConnectorColumns+` FROM custom_connectors WHERE `+where+` ORDER BY id`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*partnerd.CustomConnector{}
	for rows.Next() {
		c, err := scanCustomConnector(rows)
		if err != nil {
			return nil, err
		}
		if f.Title == nil || strings.Contains(strings.ToLower(c.Title), strings.ToLower(*f.Title)) {
			list = append(list, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return list, db.loadReleasedVersions(ctx, accountID, list)
}

// loadReleasedVersions fills in the released versions of connectors of the
// account, newest first.
func (db *DB) loadReleasedVersions(ctx context.Context, accountID int64, list []*partnerd.CustomConnector) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*partnerd.CustomConnector, len(list))
	args := []any{accountID}
	for _, c := range list {
		byID[c.ID] = c
		args = append(args, c.ID)
	}
	rows, err := db.reader().query(ctx, `SELECT v.connector_id, v.version, v.note, v.code, v.created_at, v.released_at
		FROM custom_connector_versions v JOIN custom_connectors c ON c.id = v.connector_id
		WHERE c.account_id = ? AND c.id IN (`+placeholders(len(list))+`)
		ORDER BY v.connector_id, v.version DESC`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, created, released int64
		var note sql.NullString
		var v partnerd.CustomConnectorVersion
		if err := rows.Scan(&id, &v.Version, &note, &v.Code, &created, &released); err != nil {
			return err
		}
		v.Note, v.CreatedAt, v.ReleasedAt = stringPtr(note), fromMS(created), fromMS(released)
		byID[id].ReleasedVersions = append(byID[id].ReleasedVersions, &v)
	}
	return rows.Err()
}

// UpdateCustomConnector applies changes to a custom connector in one
// transaction. The name never changes; the code's time moves only when the
// code does.
func (db *DB) UpdateCustomConnector(ctx context.Context, accountID, id int64, apply func(*partnerd.CustomConnector) error) (*partnerd.CustomConnector, error) {
	err := db.inTx(ctx, func(tx conn) error {
		c, err := scanCustomConnector(tx.queryRow(ctx, `SELECT `+customConnectorColumns+`
			FROM custom_connectors WHERE account_id = ? AND id = ?`+db.dialect.forUpdate, accountID, id))
		if err != nil {
			return err
		}
		name, code := c.Name, c.Code
		if err := apply(c); err != nil {
			return err
		}
		c.Name = name
		if err := c.Validate(); err != nil {
			return err
		}
		now := db.now()
		codeUpdated := toMS(c.CodeUpdatedAt)
		if c.Code != code {
			codeUpdated = now
		}
		_, err = tx.exec(ctx, `UPDATE custom_connectors SET title = ?, description = ?, note = ?, code = ?,
			code_updated_at = ?, updated_at = ? WHERE account_id = ? AND id = ?`,
			c.Title, nullString(c.Description), nullString(c.Note), c.Code, codeUpdated, now, accountID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.FindCustomConnectorByID(ctx, accountID, id)
}

// ReleaseCustomConnector releases the current code as the next version.
// The row lock makes concurrent releases take turns.
func (db *DB) ReleaseCustomConnector(ctx context.Context, accountID, id int64, note *string) (*partnerd.CustomConnector, error) {
	err := db.inTx(ctx, func(tx conn) error {
		c, err := scanCustomConnector(tx.queryRow(ctx, `SELECT `+customConnectorColumns+`
			FROM custom_connectors WHERE account_id = ? AND id = ?`+db.dialect.forUpdate, accountID, id))
		if err != nil {
			return err
		}
		var last int
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(v.version), 0) FROM custom_connector_versions v
			JOIN custom_connectors c ON c.id = v.connector_id WHERE c.account_id = ? AND c.id = ?`, accountID, id).Scan(&last); err != nil {
			return err
		}
		if note == nil {
			note = c.Note
		}
		now := db.now()
		if _, err := tx.exec(ctx, `INSERT INTO custom_connector_versions (connector_id, version, note, code, created_at, released_at)
			VALUES (?, ?, ?, ?, ?, ?)`, id, last+1, nullString(note), c.Code, toMS(c.CodeUpdatedAt), now); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE custom_connectors SET updated_at = ? WHERE account_id = ? AND id = ?`, now, accountID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.FindCustomConnectorByID(ctx, accountID, id)
}

// ShareCustomConnector shares a released version with the account's
// customers. A connector or version that does not exist is not found.
func (db *DB) ShareCustomConnector(ctx context.Context, accountID, id int64, version int) (*partnerd.CustomConnector, error) {
	now := db.now()
	return db.setSharedVersion(ctx, accountID, id, `UPDATE custom_connectors SET oem_shared_version = ?, oem_shared_at = ?, updated_at = ?
		WHERE account_id = ? AND id = ? AND EXISTS (SELECT 1 FROM custom_connector_versions v
			WHERE v.connector_id = custom_connectors.id AND v.version = ?)`, version, now, now, accountID, id, version)
}

// SuppressCustomConnector stops sharing any version of a custom connector.
func (db *DB) SuppressCustomConnector(ctx context.Context, accountID, id int64) (*partnerd.CustomConnector, error) {
	return db.setSharedVersion(ctx, accountID, id, `UPDATE custom_connectors SET oem_shared_version = NULL, oem_shared_at = NULL,
		updated_at = ? WHERE account_id = ? AND id = ?`, db.now(), accountID, id)
}

// setSharedVersion runs an update of one connector's shared version and
// returns the connector; no row updated is not found.
func (db *DB) setSharedVersion(ctx context.Context, accountID, id int64, update string, args ...any) (*partnerd.CustomConnector, error) {
	err := db.inTx(ctx, func(tx conn) error {
		return changedOne(tx.exec(ctx, update, args...))
	})
	if err != nil {
		return nil, err
	}
	return db.FindCustomConnectorByID(ctx, accountID, id)
}
