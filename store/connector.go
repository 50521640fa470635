package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/partnerd/partnerd"
)

var _ partnerd.ConnectorService = (*DB)(nil)

// customConnectorsSeen selects the custom connectors a workspace sees in
// its catalogue: every one of its account from the admin workspace, the
// shared ones from a customer workspace. Its one ? is the workspace's id.
const customConnectorsSeen = `SELECT c.name, c.title, c.description FROM custom_connectors c
	JOIN workspaces w ON c.account_id = COALESCE(w.account_id, w.id)
	WHERE w.id = ? AND (w.account_id IS NULL OR c.oem_shared_version IS NOT NULL)`

// FindConnectors returns the catalogue the workspace sees, in ascending name.
func (db *DB) FindConnectors(ctx context.Context, workspaceID int64) ([]*partnerd.Connector, error) {
	list := partnerd.Catalog()
	rows, err := db.reader().query(ctx, customConnectorsSeen+` ORDER BY c.id`, workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCatalogConnector(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b *partnerd.Connector) int { return strings.Compare(a.Name, b.Name) })
	return list, nil
}

// FindConnector returns one connector of the workspace's catalogue; a
// shipped connector wins over a custom one of the same name.
func (db *DB) FindConnector(ctx context.Context, workspaceID int64, name string) (*partnerd.Connector, error) {
	if c, ok := partnerd.CatalogConnector(name); ok {
		return c, nil
	}
	return scanCatalogConnector(db.reader().queryRow(ctx, customConnectorsSeen+` AND c.name = ?`, workspaceID, name))
}

// scanCatalogConnector reads a custom connector as a catalogue entry.
func scanCatalogConnector(row interface{ Scan(...any) error }) (*partnerd.Connector, error) {
	var c partnerd.CustomConnector
	var description sql.NullString
	err := row.Scan(&c.Name, &c.Title, &description)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	c.Description = stringPtr(description)
	return c.Connector(), nil
}
