package agent

import (
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/partnerd/partnerd"
)

// TestDatabaseAdapters checks that the agent refuses a statement whose
// adapter is not its profile's, and a profile of an adapter it cannot
// run, before it connects to anything.
func TestDatabaseAdapters(t *testing.T) {
	d := &databases{profiles: map[string]*DatabaseProfile{
		"shop":  {Name: "shop", Adapter: "mysql", Host: "192.0.2.1", Database: "shop"},
		"books": {Name: "books", Adapter: "postgresql", Host: "192.0.2.1", Database: "books"},
		"erp":   {Name: "erp", Adapter: "oracle", Host: "192.0.2.1"},
	}}
	defer d.close()
	for _, tt := range []struct {
		profile, adapter, want string
	}{
		{"shop", "", `profile "shop" is a mysql database: a postgresql step cannot run on it`},
		{"shop", "postgresql", `profile "shop" is a mysql database: a postgresql step cannot run on it`},
		{"books", "mysql", `profile "books" is a postgresql database: a mysql step cannot run on it`},
		{"erp", "mysql", `profile "erp": adapter "oracle" is not supported by this agent`},
		{"payroll", "mysql", `profile "payroll" is not in this agent's config.yml`},
	} {
		_, err := execStatement(t, d, &Request{Type: TypeExec, ID: 1, Profile: tt.profile, Adapter: tt.adapter, SQL: "SELECT 1", MaxRows: 1})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s as %q: %v, want %q", tt.profile, tt.adapter, err, tt.want)
		}
	}
	if len(d.pools) != 0 || len(d.mysql.dbs) != 0 {
		t.Errorf("a refused statement opened a pool")
	}
	if _, err := mysqlProfileConfig(&DatabaseProfile{Name: "shop", Host: "h", Database: "d", SSLMode: "sometimes"}); err == nil {
		t.Error("an unknown sslmode was taken")
	}
	if cfg, err := mysqlProfileConfig(&DatabaseProfile{Name: "shop", Host: "::1", Database: "d"}); err != nil ||
		cfg.Addr != "[::1]:3306" || cfg.TLSConfig != "preferred" || cfg.InterpolateParams || !cfg.ParseTime {
		t.Errorf("config = %+v, %v", cfg, err)
	}
}

// mysqlProfile returns a profile of the database of PARTNERD_TEST_MYSQL
// and a fresh table in it that the test drops at its end; it skips the
// test when the variable is not set.
func mysqlProfile(t *testing.T) (*DatabaseProfile, *sql.DB, string) {
	t.Helper()
	dsn := os.Getenv("PARTNERD_TEST_MYSQL")
	if dsn == "" {
		t.Skip("PARTNERD_TEST_MYSQL is not set")
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	table := fmt.Sprintf("agent_items_%d", time.Now().UnixNano())
	t.Cleanup(func() {
		db.Exec("DROP TABLE IF EXISTS " + table)
		db.Close()
	})
	if _, err := db.ExecContext(t.Context(), "CREATE TABLE "+table+` (id int AUTO_INCREMENT PRIMARY KEY, name text,
		price decimal(10,2), flag tinyint(1), seen datetime(3), data varbinary(10), ratio double)`); err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(cfg.Addr)
	return &DatabaseProfile{Name: "shop", Adapter: "mysql", Host: host, Port: port, Database: cfg.DBName,
		Username: cfg.User, Password: cfg.Passwd, SSLMode: "disable"}, db, table
}

// TestDatabaseMySQL runs statements on a MySQL profile as the server
// sends them: an insert answers its id, a select its typed columns, and a
// refusal names its error number and SQL state.
func TestDatabaseMySQL(t *testing.T) {
	p, db, table := mysqlProfile(t)
	d := &databases{profiles: map[string]*DatabaseProfile{"shop": p}}
	defer d.close()
	ctx := t.Context()
	const evil = `a'b \' ? :name # -- "c"`
	insert, err := execStatement(t, d, &Request{Type: TypeExec, ID: 1, Profile: "shop", Adapter: "mysql", Exec: true, MaxRows: 1,
		SQL:  "INSERT INTO " + table + " (name, price, flag, seen, data, ratio) VALUES (?, ?, ?, ?, ?, ?)",
		Args: []any{evil, "12.50", true, "2026-01-02 03:04:05.678", "\xff\x00", 3.0}})
	if err != nil || insert.LastInsertID != 1 || insert.RowsAffected != 1 || insert.HasRows {
		t.Fatalf("insert = %+v, %v", insert, err)
	}
	var stored string
	if err := db.QueryRowContext(ctx, "SELECT name FROM "+table).Scan(&stored); err != nil || stored != evil {
		t.Errorf("stored %q, %v", stored, err)
	}
	for _, sql := range []string{"SELECT * FROM " + table + " WHERE id = ?", "SELECT * FROM " + table} {
		var args []any
		if strings.Contains(sql, "?") {
			args = []any{int64(1)}
		}
		res, err := execStatement(t, d, &Request{Type: TypeExec, ID: 2, Profile: "shop", Adapter: "mysql", SQL: sql, Args: args, MaxRows: 10})
		if err != nil {
			t.Fatal(err)
		}
		wantKinds := []string{"", "", "", "", partnerd.OnPremKindTime, partnerd.OnPremKindBytes, ""}
		if !res.HasRows || len(res.Rows) != 1 || !reflect.DeepEqual(res.Kinds, wantKinds) {
			t.Fatalf("%s: %+v", sql, res)
		}
		b, _ := json.Marshal(res.Rows[0])
		want := fmt.Sprintf(`[1,%q,12.50,1,"2026-01-02T03:04:05.678Z",%q,3.0]`, evil, base64.StdEncoding.EncodeToString([]byte{0xff, 0}))
		if string(b) != want {
			t.Errorf("%s: row = %s, want %s", sql, b, want)
		}
	}
	res, err := execStatement(t, d, &Request{Type: TypeExec, ID: 3, Profile: "shop", Adapter: "mysql", SQL: "SELECT * FROM " + table + " LIMIT ?",
		Args: []any{int64(5)}, MaxRows: 1})
	if err != nil || len(res.Rows) != 1 {
		t.Errorf("max rows: %+v, %v", res, err)
	}
	_, err = execStatement(t, d, &Request{Type: TypeExec, ID: 4, Profile: "shop", Adapter: "mysql", SQL: "SELECT * FROM " + table + "_missing", MaxRows: 1})
	if err == nil || !strings.HasPrefix(err.Error(), "MySQL error 1146 (SQL state 42S02): ") {
		t.Errorf("missing table: %v", err)
	}
	update, err := execStatement(t, d, &Request{Type: TypeExec, ID: 5, Profile: "shop", Adapter: "mysql", Exec: true, MaxRows: 1,
		SQL: "UPDATE " + table + " SET flag = ? WHERE id = ?", Args: []any{false, int64(1)}})
	if err != nil || update.RowsAffected != 1 || update.LastInsertID != 0 {
		t.Errorf("update = %+v, %v", update, err)
	}
}
