package store

import (
	"context"

	"github.com/partnerd/partnerd"
)

var _ partnerd.ConnectorService = (*DB)(nil)

// FindConnectors returns the catalogue seen by the account's customers.
func (db *DB) FindConnectors(ctx context.Context, accountID int64) ([]*partnerd.Connector, error) {
	return nil, partnerd.Errorf(partnerd.EINTERNAL, "the connector catalogue is not built yet")
}

// FindConnector returns one connector of the catalogue.
func (db *DB) FindConnector(ctx context.Context, accountID int64, name string) (*partnerd.Connector, error) {
	return nil, partnerd.ErrNotFound()
}
