package main

import (
	"net"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// TestRecipeMySQLStep runs a recipe that writes a row to MySQL and reads
// it back, with a value that would break SQL spliced into it; it runs when
// PARTNERD_TEST_MYSQL names a database.
func TestRecipeMySQLStep(t *testing.T) {
	db, cfg, table := customerMySQLTable(t, "e2e_notes", "id int AUTO_INCREMENT PRIMARY KEY, body text NOT NULL")
	ctx := t.Context()

	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "MySQL Inc", "my-1").Ref()
	host, port, _ := net.SplitHostPort(cfg.Addr)
	conn, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "mysql", Name: "DB",
		Input: map[string]any{"host": host, "port": port, "database": cfg.DBName, "username": cfg.User, "password": cfg.Passwd, "tls": "false"}})
	if err != nil {
		t.Fatal(err)
	}
	const evil = `x'); DROP TABLE notes; -- \' ? :id`
	runNotesRecipe(t, c, mu, "mysql", conn.ID, table, evil)
	var stored string
	if err := db.QueryRowContext(ctx, `SELECT body FROM `+table).Scan(&stored); err != nil || stored != evil {
		t.Errorf("stored %q, %v", stored, err)
	}
}
