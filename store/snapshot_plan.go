package store

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"weak"
)

// accountRoot is the table of workspaces: an account is its admin
// workspace (account_id NULL) and the customer workspaces whose account_id
// names it.
const accountRoot = "workspaces"

// accountRootScope selects the rows of accountRoot that belong to the
// account, whose id fills both placeholders.
const accountRootScope = `"id" = ? OR "account_id" = ?`

// globalTables are the tables whose rows belong to no account: snapshots
// and restores leave them alone. Every other table of the schema must
// reach accountRoot through NOT NULL foreign keys (snapshotPlan fails
// otherwise), so that a table added later is in every snapshot by
// construction. A resource whose file adds a global table records it with
// globalTable.
var globalTables = map[string]bool{
	"schema_migrations": true, // the migrations applied to the database
	"rate_counters":     true, // request counts of the current minute
	"settings":          true, // server-wide settings, such as the secret key
	"snapshots":         true, // the snapshots themselves
}

// globalTable records a table whose rows belong to no account and returns
// its name; a resource's file calls it in a package-level declaration.
func globalTable(name string) string {
	globalTables[name] = true
	return name
}

// schemaTable is a table as the database's catalog describes it.
type schemaTable struct {
	name       string
	columns    []string
	primaryKey []string
	notNull    map[string]bool
	identity   string // the column a sequence fills (PostgreSQL), or ""
	fks        []foreignKey
}

// foreignKey is a single-column foreign key.
type foreignKey struct{ column, refTable, refColumn string }

// planTable is a table of the account's rows: scope is the condition that
// selects them, with accountArgs placeholders that all take the account id.
type planTable struct {
	*schemaTable
	scope       string
	accountArgs int
	self        []foreignKey // foreign keys to the table itself
}

// plans caches the plan of each open store with the number of migrations
// it was read at, so that a migration run by another replica is seen.
var plans sync.Map // weak.Pointer[DB] → *cachedPlan

type cachedPlan struct {
	migrations int
	tables     []*planTable
}

// cachedSnapshotPlan returns snapshotPlan, read from the catalog again only
// when the store has run a migration since: reading a catalog costs more
// than reading a small account.
func (db *DB) cachedSnapshotPlan(ctx context.Context, tx conn) ([]*planTable, error) {
	var migrations int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&migrations); err != nil {
		return nil, err
	}
	key := weak.Make(db)
	if c, ok := plans.Load(key); ok && c.(*cachedPlan).migrations == migrations {
		return c.(*cachedPlan).tables, nil
	}
	tables, err := db.snapshotPlan(ctx, tx)
	if err != nil {
		return nil, err
	}
	if _, seen := plans.Swap(key, &cachedPlan{migrations, tables}); !seen {
		runtime.AddCleanup(db, func(k weak.Pointer[DB]) { plans.Delete(k) }, key)
	}
	return tables, nil
}

// snapshotPlan returns every table that holds rows of accounts, each after
// the tables it references, with the condition that selects one account's
// rows: accountRoot's own, or those reached through a NOT NULL foreign key
// to a table of the plan, the nearest to accountRoot. A table that is
// neither in the plan nor global is an error that names it.
func (db *DB) snapshotPlan(ctx context.Context, tx conn) ([]*planTable, error) {
	tables, err := db.schemaTables(ctx, tx)
	if err != nil {
		return nil, err
	}
	byName := map[string]*planTable{}
	if root := tables[accountRoot]; root != nil {
		byName[accountRoot] = &planTable{schemaTable: root, scope: accountRootScope, accountArgs: 2}
	}
	// Each round adds the tables one foreign key away from those covered.
	for added := true; added; {
		added = false
		var round []*planTable
		for _, name := range sortedKeys(tables) {
			t := tables[name]
			if byName[name] != nil || globalTables[name] {
				continue
			}
			for _, fk := range t.fks {
				parent := byName[fk.refTable]
				if parent == nil || fk.refTable == name || !t.notNull[fk.column] {
					continue
				}
				scope := fmt.Sprintf(`%s IN (SELECT %s FROM %s WHERE %s)`,
					quoteIdent(fk.column), quoteIdent(fk.refColumn), quoteIdent(fk.refTable), parent.scope)
				round = append(round, &planTable{schemaTable: t, scope: scope, accountArgs: parent.accountArgs})
				break
			}
		}
		for _, t := range round {
			byName[t.name], added = t, true
		}
	}
	var stray []string
	for _, name := range sortedKeys(tables) {
		if byName[name] == nil && !globalTables[name] {
			stray = append(stray, name)
		}
	}
	if len(stray) > 0 {
		return nil, fmt.Errorf("store: the tables %s belong to no account: give each a NOT NULL foreign key "+
			"toward %s, or record it with globalTable", strings.Join(stray, ", "), accountRoot)
	}
	return insertOrder(byName)
}

// insertOrder sorts the plan's tables so that each comes after every table
// of the plan its foreign keys reference.
func insertOrder(byName map[string]*planTable) ([]*planTable, error) {
	var order []*planTable
	done := map[string]bool{}
	for len(order) < len(byName) {
		progress := false
		for _, name := range sortedKeys(byName) {
			t := byName[name]
			if done[name] {
				continue
			}
			ready := true
			for _, fk := range t.fks {
				if fk.refTable != name && byName[fk.refTable] != nil && !done[fk.refTable] {
					ready = false
				}
			}
			if ready {
				t.self = nil
				for _, fk := range t.fks {
					if fk.refTable == name {
						t.self = append(t.self, fk)
					}
				}
				order, done[name], progress = append(order, t), true, true
			}
		}
		if !progress {
			return nil, fmt.Errorf("store: the foreign keys of the tables of accounts form a cycle")
		}
	}
	return order, nil
}

// schemaTables reads the tables of the database, their columns and their
// single-column foreign keys from its catalog.
func (db *DB) schemaTables(ctx context.Context, tx conn) (map[string]*schemaTable, error) {
	columnsQuery, keysQuery := sqliteColumns, sqliteForeignKeys
	if db.IsPostgres() {
		columnsQuery, keysQuery = postgresColumns, postgresForeignKeys
	}
	tables := map[string]*schemaTable{}
	rows, err := tx.query(ctx, columnsQuery)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var table, column string
		var notNull, primary, identity bool
		if err := rows.Scan(&table, &column, &notNull, &primary, &identity); err != nil {
			return nil, err
		}
		t := tables[table]
		if t == nil {
			t = &schemaTable{name: table, notNull: map[string]bool{}}
			tables[table] = t
		}
		t.columns = append(t.columns, column)
		t.notNull[column] = notNull || primary
		if primary {
			t.primaryKey = append(t.primaryKey, column)
		}
		if identity {
			t.identity = column
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if rows, err = tx.query(ctx, keysQuery); err != nil {
		return nil, err
	}
	defer rows.Close()
	type key struct {
		table string
		id    string
	}
	var keys []key
	found := map[key][]foreignKey{}
	for rows.Next() {
		var k key
		var fk foreignKey
		var refColumn *string
		if err := rows.Scan(&k.table, &k.id, &fk.column, &fk.refTable, &refColumn); err != nil {
			return nil, err
		}
		if refColumn != nil {
			fk.refColumn = *refColumn
		} else if ref := tables[fk.refTable]; ref != nil && len(ref.primaryKey) == 1 {
			fk.refColumn = ref.primaryKey[0] // SQLite: REFERENCES t names t's primary key.
		}
		if _, ok := found[k]; !ok {
			keys = append(keys, k)
		}
		found[k] = append(found[k], fk)
	}
	for _, k := range keys {
		if fks := found[k]; len(fks) == 1 && fks[0].refColumn != "" && tables[k.table] != nil {
			tables[k.table].fks = append(tables[k.table].fks, fks[0])
		}
	}
	return tables, rows.Err()
}

// The catalog queries of each dialect: columns in their order, with
// whether they are NOT NULL, part of the primary key, and filled by a
// sequence (SQLite's AUTOINCREMENT keeps up with inserted ids by itself);
// then foreign keys, one row per column.
const (
	sqliteColumns = `SELECT m.name, p.name, p."notnull", p.pk > 0, FALSE
		FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
		ORDER BY m.name, p.cid`
	sqliteForeignKeys = `SELECT m.name, CAST(f.id AS TEXT), f."from", f."table", f."to"
		FROM sqlite_master m, pragma_foreign_key_list(m.name) f
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
		ORDER BY m.name, f.id, f.seq`
	postgresColumns = `SELECT c.relname, a.attname, a.attnotnull,
			EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY (i.indkey)),
			a.attidentity <> '' OR COALESCE(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', FALSE)
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
		LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
		ORDER BY c.relname, a.attnum`
	postgresForeignKeys = `SELECT c.relname, k.conname, a.attname, r.relname, ra.attname
		FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_class r ON r.oid = k.confrelid
		JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
		JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = ANY (k.confkey)
		WHERE k.contype = 'f' AND n.nspname = current_schema()
		ORDER BY c.relname, k.conname, a.attnum`
)

// quoteIdent quotes a name of the catalog for both dialects.
func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
