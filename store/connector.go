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

// FindConnectors returns the catalogue seen by the account's customers: the
// shipped connectors and the account's shared custom connectors, in
// ascending name.
func (db *DB) FindConnectors(ctx context.Context, accountID int64) ([]*partnerd.Connector, error) {
	list := partnerd.Catalog()
	rows, err := db.reader().query(ctx, `SELECT name, title, description FROM custom_connectors
		WHERE account_id = ? AND oem_shared_version IS NOT NULL ORDER BY id`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanSharedConnector(rows)
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

// FindConnector returns one connector of the account's catalogue; a shipped
// connector wins over a custom one of the same name.
func (db *DB) FindConnector(ctx context.Context, accountID int64, name string) (*partnerd.Connector, error) {
	if c, ok := partnerd.CatalogConnector(name); ok {
		return c, nil
	}
	return scanSharedConnector(db.reader().queryRow(ctx, `SELECT name, title, description FROM custom_connectors
		WHERE account_id = ? AND name = ? AND oem_shared_version IS NOT NULL`, accountID, name))
}

// scanSharedConnector reads a shared custom connector as a catalogue entry.
func scanSharedConnector(row interface{ Scan(...any) error }) (*partnerd.Connector, error) {
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
