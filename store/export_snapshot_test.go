package store

import "context"

// ExecSchema runs a statement on the writer, for the tests that change the
// schema.
func (db *DB) ExecSchema(ctx context.Context, query string) error {
	_, err := db.write.ExecContext(ctx, query)
	return err
}
