package storetest

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testSnapshotCredentials checks that a restore rolls back no credential
// and no presence: a token rotated, or a client deleted, after the
// snapshot stays revoked; a used activation code stays used; an agent
// deleted since comes back unable to connect with its old certificate; a
// connected agent stays connected.
func testSnapshotCredentials(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, admin := MustCreateAccount(t, db, "A", "a@example.com")
	rotated := mustCreateDevAPIClient(t, db, a.ID, "rotated")
	deleted := mustCreateDevAPIClient(t, db, a.ID, "deleted")
	cu := MustCreateCustomer(t, db, a.ID, "Acme")
	g := mustCreateOnPremGroup(t, db, cu.ID, "Plant")
	gone := mustCreateOnPremAgent(t, db, cu.ID, g.ID, "gone")
	present := mustCreateOnPremAgent(t, db, cu.ID, g.ID, "present")
	code, err := db.CreateOnPremActivationCode(ctx, cu.ID, present.ID)
	mustOK(t, err)
	codeHash, _, err := partnerd.ParseOnPremActivationCode(code.Code)
	mustOK(t, err)
	snap, err := db.CreateSnapshot(ctx, a.ID)
	mustOK(t, err)

	_, fresh := partnerd.NewToken()
	_, err = db.RegenerateDevAPIClientToken(ctx, a.ID, rotated.ID, fresh)
	mustOK(t, err)
	mustOK(t, db.DeleteDevAPIClient(ctx, a.ID, deleted.ID))
	mustOK(t, db.DeleteOnPremAgent(ctx, cu.ID, gone.ID))
	_, err = db.RedeemOnPremActivationCode(ctx, codeHash)
	mustOK(t, err)
	deadline := time.Now().Add(time.Hour)
	mustOK(t, db.ConnectOnPremAgent(ctx, present.ID, partnerd.OnPremPresence{Connection: "replica-1:7", Deadline: &deadline}))

	for range 2 { // A second restore finds the revoked values of the first.
		mustOK(t, db.RestoreSnapshot(ctx, a.ID, snap.ID))
		for name, c := range map[string]struct {
			hash, want string
		}{
			"the admin's token":          {partnerd.HashSecret(admin.Token), ""},
			"a token rotated since":      {partnerd.HashSecret(rotated.Token), partnerd.EUNAUTHORIZED},
			"the token that replaced it": {fresh, ""},
			"the token of a client gone": {partnerd.HashSecret(deleted.Token), partnerd.EUNAUTHORIZED},
		} {
			if _, err := db.AuthenticateToken(ctx, c.hash); partnerd.ErrorCode(err) != c.want {
				t.Errorf("%s after restore: %v, want code %q", name, err, c.want)
			}
		}
		if back, err := db.FindDevAPIClientByID(ctx, a.ID, deleted.ID); err != nil || back.Name != "deleted" {
			t.Errorf("a client deleted since the snapshot: %+v, %v; want it back", back, err)
		}
		if back, err := db.FindOnPremAgentByID(ctx, cu.ID, gone.ID); err != nil || back.CN == gone.CN {
			t.Errorf("an agent deleted since the snapshot: %+v, %v; want it back under a new CN", back, err)
		}
		if _, err := db.FindOnPremAgentByCN(ctx, gone.CN); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
			t.Errorf("the old CN of an agent deleted since the snapshot: %v, want ENOTFOUND", err)
		}
		if _, err := db.RedeemOnPremActivationCode(ctx, codeHash); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
			t.Errorf("a code used since the snapshot: %v, want ENOTFOUND", err)
		}
		if got := mustFindOnPremAgent(t, db, cu.ID, present.ID); !got.Active {
			t.Errorf("an agent connected since the snapshot: %+v, want it active", got)
		}
	}
}

// credentialColumns are the columns that a restore does not roll back,
// which withoutCredentials leaves out of a comparison.
var credentialColumns = map[string][]string{
	"workspaces":          {"api_key_hash"},
	"dev_api_clients":     {"token_hash", "token_updated_at"},
	"api_clients":         {"jwt_secret"},
	"api_access_profiles": {"jwt_secret", "token_hash", "oauth_secret_hash"},
	"on_prem_agents":      {"cn", "connection", "connected_at", "last_seen_at", "heartbeat_deadline"},
}

// withoutCredentials returns a dump of an account with the values of its
// credential columns replaced by "-".
func withoutCredentials(t *testing.T, dump string) string {
	t.Helper()
	var data struct {
		Tables []struct {
			Name    string   `json:"name"`
			Columns []string `json:"columns"`
			Rows    [][]any  `json:"rows"`
		} `json:"tables"`
	}
	if err := json.Unmarshal([]byte(dump), &data); err != nil {
		t.Fatal(err)
	}
	for _, table := range data.Tables {
		for _, c := range credentialColumns[table.Name] {
			if i := slices.Index(table.Columns, c); i >= 0 {
				for _, row := range table.Rows {
					row[i] = "-"
				}
			}
		}
	}
	b, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
