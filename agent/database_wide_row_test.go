package agent

import (
	"fmt"
	"net/url"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestDatabaseWideRowBounded runs a statement whose one value is 64 MiB:
// the agent refuses the row as it arrives, naming its size, without
// reading it into memory. It runs when PARTNERD_TEST_POSTGRES names a
// database.
func TestDatabaseWideRowBounded(t *testing.T) {
	dsn := os.Getenv("PARTNERD_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("PARTNERD_TEST_POSTGRES is not set")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	pass, _ := u.User.Password()
	profiles, err := ParseDatabases([]byte(fmt.Sprintf("database:\n  db:\n    adapter: postgresql\n    host: %s\n    port: %s\n    database: %s\n    username: %s\n    password: %q\n    sslmode: %s\n",
		u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/"), u.User.Username(), pass, u.Query().Get("sslmode"))))
	if err != nil {
		t.Fatal(err)
	}
	d := &databases{profiles: profiles}
	defer d.close()
	var sent []Message
	req := &Request{Type: TypeExec, ID: 1, Profile: "db", SQL: "SELECT repeat('x', 64 << 20) AS wide", MaxRows: 10}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = d.exec(t.Context(), req, collect(req, &sent))
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a 64 MiB value = %v", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 32<<20 {
		t.Errorf("the agent allocated %d MiB for a row it refuses", n>>20)
	}
	// The profile still serves statements.
	req = &Request{Type: TypeExec, ID: 2, Profile: "db", SQL: "SELECT 1 AS n", MaxRows: partnerd.OnPremMaxRows}
	if _, err := d.exec(t.Context(), req, collect(req, &sent)); err != nil {
		t.Errorf("the next statement = %v", err)
	}
}
