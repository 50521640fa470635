package engine

import (
	"reflect"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// TestMySQLBindNamed checks that named bind variables become ? with a
// value for each, and that MySQL's quoted text, backtick names, escapes
// and comments stay as written.
func TestMySQLBindNamed(t *testing.T) {
	params := map[string]any{"status": "open", "id": int64(3)}
	for _, c := range []struct {
		in, want string
		args     []any
	}{
		{"status = :status AND id > :id OR owner = :status", "status = ? AND id > ? OR owner = ?", []any{"open", int64(3), "open"}},
		{"note = 'it\\'s :status' AND `odd:id` = 1 AND id = :id", "note = 'it\\'s :status' AND `odd:id` = 1 AND id = ?", []any{int64(3)}},
		{"a = :id # :status\n AND b = :id -- :status", "a = ? # :status\n AND b = ? -- :status", []any{int64(3), int64(3)}},
		{"x$y$ = :id", "x$y$ = ?", []any{int64(3)}},
	} {
		got, args, err := mysqlDialect.bindNamed(c.in, params, nil)
		if err != nil || got != c.want || !reflect.DeepEqual(args, c.args) {
			t.Errorf("bindNamed(%q) = %q %v %v, want %q %v", c.in, got, args, err, c.want, c.args)
		}
	}
}

// TestMySQLStatement checks the statements of MySQL's dialect: backtick
// names, ? placeholders, no RETURNING and upsert on a duplicate key.
func TestMySQLStatement(t *testing.T) {
	in := func(s string) formula.Value {
		v, err := formula.ParseJSON([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		action, input, want string
	}{
		{"select_rows", `{"table":"shop.or` + "`" + `ders","where":"id = :id","parameters":{"id":1},"order_by":"id desc"}`,
			"SELECT * FROM `shop`.`or``ders` WHERE id = ? ORDER BY `id` DESC LIMIT ? OFFSET ?"},
		{"insert_row", `{"table":"t","columns":{"a":1,"b":"x"}}`, "INSERT INTO `t` (`a`, `b`) VALUES (?, ?)"},
		{"upsert_row", `{"table":"t","unique_key":"a","a":1,"b":"x"}`,
			"INSERT INTO `t` (`a`, `b`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `b` = VALUES(`b`)"},
		{"update_rows", `{"table":"t","where":"a = :a","parameters":{"a":1},"columns":{"b":"x"}}`, "UPDATE `t` SET `b` = ? WHERE a = ?"},
		{"delete_rows", `{"table":"t","where":"a = :a","parameters":{"a":1}}`, "DELETE FROM `t` WHERE a = ?"},
	} {
		got, _, err := mysqlDialect.statement(c.action, in(c.input), "")
		if err != nil || got != c.want {
			t.Errorf("%s = %q %v, want %q", c.action, got, err, c.want)
		}
	}
	if _, err := mysqlDialect.orderBy("id nulls last"); err == nil {
		t.Error("nulls last accepted in MySQL")
	}
}

// TestAnswersRows checks which custom SQL is read as rows.
func TestAnswersRows(t *testing.T) {
	for text, want := range map[string]bool{"SELECT 1": true, "  /* x */ -- y\n with a as (select 1) select * from a": true,
		"(select 1)": true, "show tables": true, "UPDATE t SET a = 1": false, "# only a comment": false, "": false} {
		if got := answersRows(text); got != want {
			t.Errorf("answersRows(%q) = %v", text, got)
		}
	}
}

// TestEgressMySQL checks that the MySQL connector dials through the
// policy.
func TestEgressMySQL(t *testing.T) {
	h := newHarness(t)
	h.e.Egress = &Egress{Mode: EgressProduction}
	h.withConnections(t,
		&partnerd.Connection{ID: 1, Name: "Metadata", Provider: "mysql", Input: partnerd.ConnectionInput{
			"host": "169.254.169.254", "database": "x", "username": "u", "password": "p"}},
		&partnerd.Connection{ID: 2, Name: "Local", Provider: "mysql", Input: partnerd.ConnectionInput{
			"host": "127.0.0.1", "port": "1", "database": "x", "username": "u", "password": "p", "tls": "false"}})
	step := action(1, "mysql", "run_custom_sql", "q", map[string]any{"sql": "SELECT 1"})
	for id, want := range map[int64]string{1: "a link-local address", 2: "a loopback address (production mode)"} {
		res := h.run(t, h.addConnected(id, "mysql", id, webhookTrigger(step)), `{}`)
		wantStatus(t, res, partnerd.JobFailed, want)
		if !strings.Contains(*res.Error, "egress policy") {
			t.Errorf("error %q does not name the egress policy", *res.Error)
		}
	}
}

// FuzzMySQLBindNamed checks that binding in MySQL's dialect never panics
// and never lets a value into the statement's text.
func FuzzMySQLBindNamed(f *testing.F) {
	for _, seed := range []string{"a = :a", "x = ':a'", "x = 'a\\':a'", "`:a` :a", "# :a\n:a", "/* :a", "'unterminated :a", "\\"} {
		f.Add(seed)
	}
	const secret = "VALUE-NEVER-IN-SQL"
	f.Fuzz(func(t *testing.T, sql string) {
		if strings.Contains(sql, secret) {
			return
		}
		out, args, err := mysqlDialect.bindNamed(sql, map[string]any{"a": secret, "b": secret}, nil)
		if err == nil && strings.Contains(out, secret) {
			t.Fatalf("%q bound into %q (%v)", sql, out, args)
		}
		if err == nil && strings.Count(out, "?") < len(args) {
			t.Fatalf("%q bound %d values into %q", sql, len(args), out)
		}
	})
}
