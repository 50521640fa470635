package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/partnerd/partnerd"
)

// liveColumns are the columns whose values a restore does not roll back:
// credentials, which stay revoked or rotated once they are, and what goes
// with them, and an agent's presence, which is the state of a process
// rather than data. A restored row takes each from the row of the same id
// as it is now. A row deleted since the snapshot comes back with its
// credentials revoked (NULL, or a value that no secret hashes to), without
// presence, and with the snapshot's values of the rest.
var liveColumns = map[string][]liveColumn{
	"workspaces":          {{"api_key_hash", true}},
	"dev_api_clients":     {{"token_hash", true}, {"token_updated_at", false}},
	"api_clients":         {{"jwt_secret", true}},
	"api_access_profiles": {{"jwt_secret", true}, {"token_hash", true}, {"oauth_secret_hash", true}},
	"on_prem_agents": {{"cn", true}, {"connection", false}, {"connected_at", false}, {"last_seen_at", false},
		{"heartbeat_deadline", false}},
}

// liveColumn is a column of liveColumns; a credential is revoked in a row
// that is gone.
type liveColumn struct {
	name       string
	credential bool
}

// liveTables are the tables whose rows a restore never brings back: an
// activation code is a single-use credential, and an agent awaiting setup
// after a restore is given a new one; a relayed operation belongs to a
// step running now.
var liveTables = map[string]bool{"on_prem_activation_codes": true, "on_prem_relays": true}

// liveRows holds the live columns of a table's rows as they are now, by id.
type liveRows map[string][]any

// readLive reads the live columns of the account's rows before a restore
// deletes them.
func readLive(ctx context.Context, tx conn, plan []*planTable, accountID int64) (map[string]liveRows, error) {
	out := map[string]liveRows{}
	for _, t := range plan {
		cols := presentColumns(t)
		if len(cols) == 0 {
			continue
		}
		quoted := []string{quoteIdent(t.primaryKey[0])}
		for _, c := range cols {
			quoted = append(quoted, quoteIdent(c.name))
		}
		rows, err := tx.query(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM `+quoteIdent(t.name)+` WHERE `+t.scope,
			accountArgs(t, accountID)...)
		if err != nil {
			return nil, fmt.Errorf("restore: read %s: %w", t.name, err)
		}
		live := liveRows{}
		for rows.Next() {
			row := make([]any, len(quoted))
			ptrs := make([]any, len(row))
			for i := range row {
				ptrs[i] = &row[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, err
			}
			live[fmt.Sprint(row[0])] = row[1:]
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		out[t.name] = live
	}
	return out, nil
}

// presentColumns returns the live columns that the table has, in the order
// liveColumns gives them; none when its primary key is not one column.
func presentColumns(t *planTable) []liveColumn {
	if len(t.primaryKey) != 1 {
		return nil
	}
	var cols []liveColumn
	for _, c := range liveColumns[t.name] {
		if slices.Contains(t.columns, c.name) {
			cols = append(cols, c)
		}
	}
	return cols
}

// withLive sets the live columns of a snapshot's rows of a table: the
// values the same rows have now, or revoked ones for rows gone since.
func withLive(t *planTable, st *snapshotTable, live liveRows) error {
	cols := presentColumns(t)
	if len(cols) == 0 {
		return nil
	}
	key := slices.Index(st.Columns, t.primaryKey[0])
	if key < 0 {
		return fmt.Errorf("restore %s: the snapshot lacks the column %s", t.name, t.primaryKey[0])
	}
	at := make([]int, len(cols))
	for i, c := range cols {
		if at[i] = slices.Index(st.Columns, c.name); at[i] < 0 {
			// A column added since the snapshot: it is given a value below.
			st.Columns = append(st.Columns, c.name)
			at[i] = len(st.Columns) - 1
			for j := range st.Rows {
				st.Rows[j] = append(st.Rows[j], nil)
			}
		}
	}
	for _, row := range st.Rows {
		id, err := decodeCell(row[key])
		if err != nil {
			return fmt.Errorf("restore %s: %w", t.name, err)
		}
		now, found := live[fmt.Sprint(id)]
		for i, c := range cols {
			switch {
			case found:
				row[at[i]] = now[i]
			case !t.notNull[c.name]:
				row[at[i]] = nil
			case c.credential:
				row[at[i]] = revokedValue()
			}
		}
	}
	return nil
}

// revokedValue fills a credential column that must hold a value: text that
// no secret hashes to, unique like the hashes it stands for.
func revokedValue() string { return "revoked:" + partnerd.RandomString(32) }
