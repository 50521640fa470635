package engine

import (
	"reflect"
	"strings"
	"testing"
)

// TestBindNamed checks that named bind variables become $n with their
// values, and that quoted text, comments and casts stay as written.
func TestBindNamed(t *testing.T) {
	params := map[string]any{"status": "open", "id": int64(3)}
	for _, c := range []struct {
		in, want string
		args     []any
	}{
		{"status = :status AND id > :id OR owner = :status", "status = $1 AND id > $2 OR owner = $1", []any{"open", int64(3)}},
		{"note = ':status' AND \"odd:id\" = 1 AND id = :id::int", "note = ':status' AND \"odd:id\" = 1 AND id = $1::int", []any{int64(3)}},
		{"a = 'it''s :id' -- :status\n AND b = :id /* :status */", "a = 'it''s :id' -- :status\n AND b = $1 /* :status */", []any{int64(3)}},
		{"body = $$ :id $$ AND x = $tag$ :status $tag$ AND y = :id", "body = $$ :id $$ AND x = $tag$ :status $tag$ AND y = $1", []any{int64(3)}},
		{"id = 1", "id = 1", nil},
	} {
		got, args, err := bindNamed(c.in, params, nil)
		if err != nil || got != c.want || !reflect.DeepEqual(args, c.args) {
			t.Errorf("bindNamed(%q) = %q %v %v, want %q %v", c.in, got, args, err, c.want, c.args)
		}
	}
	if _, _, err := bindNamed("id = :missing", params, nil); err == nil || !strings.Contains(err.Error(), ":missing") {
		t.Errorf("a missing value: %v", err)
	}
}

// TestPostgresNames checks the quoting of tables and order by.
func TestPostgresNames(t *testing.T) {
	if got, err := quoteTable("orders", "sales"); got != `"sales"."orders"` || err != nil {
		t.Errorf("table in schema = %s %v", got, err)
	}
	if got, err := quoteTable(`we"ird`, ""); got != `"we""ird"` || err != nil {
		t.Errorf("odd table = %s %v", got, err)
	}
	for _, bad := range []string{"", "a.b.c", strings.Repeat("x", 64)} {
		if _, err := quoteTable(bad, ""); err == nil {
			t.Errorf("table %q accepted", bad)
		}
	}
	if got, err := orderBy("priority asc, created_at DESC nulls last"); got != `"priority" ASC, "created_at" DESC NULLS LAST` || err != nil {
		t.Errorf("order by = %s %v", got, err)
	}
	for _, bad := range []string{"id; DROP TABLE x", "id asc,", "(select 1)"} {
		if got, err := orderBy(bad); err == nil {
			t.Errorf("order by %q accepted as %s", bad, got)
		}
	}
}

// FuzzBindNamed checks that binding never panics and never lets a value
// into the statement's text.
func FuzzBindNamed(f *testing.F) {
	for _, seed := range []string{"a = :a", "x = ':a'", "$$:a$$ :a", "-- :a\n:a", "/* :a", "'unterminated :a", "::a :a::b", "$t$ :a"} {
		f.Add(seed)
	}
	const secret = "VALUE-NEVER-IN-SQL"
	f.Fuzz(func(t *testing.T, sql string) {
		if strings.Contains(sql, secret) {
			return
		}
		out, args, err := bindNamed(sql, map[string]any{"a": secret, "b": secret}, nil)
		if err == nil && strings.Contains(out, secret) {
			t.Fatalf("%q bound into %q (%v)", sql, out, args)
		}
	})
}

// FuzzOrderBy checks that an accepted order by holds only quoted names
// and the words of a direction.
func FuzzOrderBy(f *testing.F) {
	for _, seed := range []string{"id", "a desc, b asc nulls last", `"x"" y" desc`, "id; drop", "(1)"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		out, err := orderBy(text)
		if err != nil {
			return
		}
		for rest := out; rest != ""; {
			if rest[0] != '"' {
				t.Fatalf("%q became %q: %q does not start with a quoted name", text, out, rest)
			}
			rest = strings.TrimLeft(rest[closingQuote(rest, 0):], " ")
			for rest != "" && rest[0] != '"' {
				word, after, _ := strings.Cut(rest, " ")
				switch strings.TrimSuffix(word, ",") {
				case "ASC", "DESC", "NULLS", "FIRST", "LAST", "":
				default:
					t.Fatalf("%q became %q with %q outside quotes", text, out, word)
				}
				rest = strings.TrimLeft(after, " ")
			}
		}
	})
}
