package storetest

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustCreateOnPremGroup creates an on-prem group.
func mustCreateOnPremGroup(tb testing.TB, db *store.DB, workspaceID int64, name string) *partnerd.OnPremGroup {
	tb.Helper()
	g := &partnerd.OnPremGroup{Name: name}
	if err := db.CreateOnPremGroup(tb.Context(), workspaceID, g); err != nil {
		tb.Fatalf("create on-prem group %q: %v", name, err)
	}
	return g
}

// mustCreateOnPremAgent creates an enabled agent awaiting setup.
func mustCreateOnPremAgent(tb testing.TB, db *store.DB, workspaceID, groupID int64, name string) *partnerd.OnPremAgent {
	tb.Helper()
	a := &partnerd.OnPremAgent{Name: name, OS: "linux", GroupID: groupID, AwaitingSetup: true, Enabled: true}
	if err := db.CreateOnPremAgent(tb.Context(), workspaceID, a); err != nil {
		tb.Fatalf("create on-prem agent %q: %v", name, err)
	}
	return a
}

// mustFindOnPremAgent reads an agent back.
func mustFindOnPremAgent(tb testing.TB, db *store.DB, workspaceID, id int64) *partnerd.OnPremAgent {
	tb.Helper()
	a, err := db.FindOnPremAgentByID(tb.Context(), workspaceID, id)
	if err != nil {
		tb.Fatalf("find on-prem agent %d: %v", id, err)
	}
	return a
}

// testOnPremGroups checks that groups are created, listed, renamed and
// deleted, that a name must be valid, and that a group with agents or
// connections stays.
func testOnPremGroups(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	g := mustCreateOnPremGroup(t, db, w.ID, " DevOps Network ")
	want := &partnerd.OnPremGroup{ID: g.ID, WorkspaceID: w.ID, Name: "DevOps Network", CreatedAt: g.CreatedAt}
	if !reflect.DeepEqual(g, want) || !g.CreatedAt.Equal(t0) {
		t.Errorf("created group = %+v, want %+v", g, want)
	}
	for _, name := range []string{"", "  ", "a\x00b", strings.Repeat("n", 256)} {
		wantField(t, db.CreateOnPremGroup(ctx, w.ID, &partnerd.OnPremGroup{Name: name}), partnerd.EINVALID, "name")
	}
	second := mustCreateOnPremGroup(t, db, w.ID, "CRM server")
	list, total, err := db.FindOnPremGroups(ctx, w.ID, page(1, 1))
	mustOK(t, err)
	if total != 2 || len(list) != 1 || list[0].ID != g.ID {
		t.Errorf("page 1 = %+v, total %d", list, total)
	}
	renamed, err := db.UpdateOnPremGroup(ctx, w.ID, second.ID, ptr("CRM servers"))
	mustOK(t, err)
	if renamed.Name != "CRM servers" {
		t.Errorf("renamed = %+v", renamed)
	}
	_, err = db.UpdateOnPremGroup(ctx, w.ID, second.ID, ptr(""))
	wantField(t, err, partnerd.EINVALID, "name")

	agent := mustCreateOnPremAgent(t, db, w.ID, g.ID, "Agent")
	wantCode(t, db.DeleteOnPremGroup(ctx, w.ID, g.ID), partnerd.ESTATE)
	mustOK(t, db.DeleteOnPremAgent(ctx, w.ID, agent.ID))
	c := &partnerd.Connection{Name: "Oracle", Provider: "oracle", OnPremGroupID: &g.ID}
	mustOK(t, db.CreateConnection(ctx, w.ID, c))
	if found, err := db.FindOnPremGroupByID(ctx, w.ID, g.ID); err != nil || !found.InUse {
		t.Errorf("a group that a connection names: %+v, %v", found, err)
	}
	wantCode(t, db.DeleteOnPremGroup(ctx, w.ID, g.ID), partnerd.ESTATE)
	mustOK(t, db.DeleteConnection(ctx, w.ID, c.ID))
	mustOK(t, db.DeleteOnPremGroup(ctx, w.ID, g.ID))
	_, err = db.FindOnPremGroupByID(ctx, w.ID, g.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteOnPremGroup(ctx, w.ID, g.ID), partnerd.ENOTFOUND)
}

// testOnPremAgents checks an agent's fields and CN, its validation, its
// updates and search.
func testOnPremAgents(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, acc.ID, "Customer")
	other := MustCreateCustomer(t, db, acc.ID, "Other")
	g := mustCreateOnPremGroup(t, db, w.ID, "Group")
	g2 := mustCreateOnPremGroup(t, db, w.ID, "Group 2")
	foreign := mustCreateOnPremGroup(t, db, other.ID, "Foreign")

	a := &partnerd.OnPremAgent{Name: " US-west-1 ", OS: "Windows", GroupID: g.ID, Enabled: true}
	mustOK(t, db.CreateOnPremAgent(ctx, w.ID, a))
	if !regexp.MustCompile(`^[0-9a-f]{32}:` + strconv.FormatInt(a.ID, 10) + `$`).MatchString(a.CN) {
		t.Errorf("cn = %q", a.CN)
	}
	want := &partnerd.OnPremAgent{ID: a.ID, WorkspaceID: w.ID, GroupID: g.ID, Name: "US-west-1", OS: "windows", CN: a.CN,
		Enabled: true, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Profiles: []partnerd.OnPremProfile{}}
	if !reflect.DeepEqual(a, want) || !a.CreatedAt.Equal(t0) || !a.UpdatedAt.Equal(t0) || a.State() != partnerd.OnPremInactive {
		t.Errorf("created agent = %+v, state %s\nwant %+v", a, a.State(), want)
	}
	b := mustCreateOnPremAgent(t, db, w.ID, g.ID, "Sales")
	if b.State() != partnerd.OnPremAwaitingSetup || b.CN[:32] == a.CN[:32] {
		t.Errorf("second agent = %+v", b)
	}

	for field, bad := range map[string]*partnerd.OnPremAgent{
		"name":             {OS: "mac", GroupID: g.ID},
		"os":               {Name: "A", OS: "beos", GroupID: g.ID},
		"on_prem_group_id": {Name: "A", OS: "mac", GroupID: foreign.ID},
	} {
		wantField(t, db.CreateOnPremAgent(ctx, w.ID, bad), partnerd.EINVALID, field)
	}
	wantField(t, db.CreateOnPremAgent(ctx, w.ID, &partnerd.OnPremAgent{Name: "A", OS: "mac"}), partnerd.EINVALID, "on_prem_group_id")

	*now = t0.Add(time.Minute)
	updated, err := db.UpdateOnPremAgent(ctx, w.ID, a.ID, partnerd.OnPremAgentUpdate{Name: ptr("primary agent"), OS: ptr("linux"), GroupID: &g2.ID})
	mustOK(t, err)
	if updated.Name != "primary agent" || updated.OS != "linux" || updated.GroupID != g2.ID || updated.CN != a.CN ||
		!updated.UpdatedAt.Equal(*now) || !updated.CreatedAt.Equal(t0) {
		t.Errorf("updated = %+v", updated)
	}
	_, err = db.UpdateOnPremAgent(ctx, w.ID, a.ID, partnerd.OnPremAgentUpdate{GroupID: &foreign.ID})
	wantField(t, err, partnerd.EINVALID, "on_prem_group_id")
	_, err = db.UpdateOnPremAgent(ctx, w.ID, a.ID, partnerd.OnPremAgentUpdate{OS: ptr("")})
	wantField(t, err, partnerd.EINVALID, "os")

	for query, want := range map[string][]int64{a.CN: {a.ID}, "Sales": {b.ID}, "primary agent": {a.ID}, "nobody": {}, "\xff": {}} {
		found, err := db.SearchOnPremAgents(ctx, w.ID, query)
		mustOK(t, err)
		if ids := onPremAgentIDs(found); !reflect.DeepEqual(ids, want) {
			t.Errorf("search %q = %v, want %v", query, ids, want)
		}
	}
	list, total, err := db.FindOnPremAgents(ctx, w.ID, page(2, 1))
	mustOK(t, err)
	if total != 2 || len(list) != 1 || list[0].ID != b.ID {
		t.Errorf("page 2 = %v, total %d", onPremAgentIDs(list), total)
	}
	if found, err := db.FindOnPremAgentByCN(ctx, b.CN); err != nil || found.ID != b.ID {
		t.Errorf("by cn = %+v, %v", found, err)
	}
	mustOK(t, db.DeleteOnPremAgent(ctx, w.ID, b.ID))
	_, err = db.FindOnPremAgentByCN(ctx, b.CN)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteOnPremAgent(ctx, w.ID, b.ID), partnerd.ENOTFOUND)
}

func onPremAgentIDs(list []*partnerd.OnPremAgent) []int64 {
	out := []int64{}
	for _, a := range list {
		out = append(out, a.ID)
	}
	return out
}

// testOnPremPresence checks that a connected agent is active until its
// deadline, that heartbeats move it, that only the holding connection
// touches or ends it, and that disabling ends it and refuses the agent.
func testOnPremPresence(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, acc.ID, "Customer")
	g := mustCreateOnPremGroup(t, db, w.ID, "Group")
	a := mustCreateOnPremAgent(t, db, w.ID, g.ID, "Agent")

	deadline := t0.Add(partnerd.OnPremSilence)
	profiles := []partnerd.OnPremProfile{{Name: "CRM-Oracle", Provider: "oracle", Type: "Database"}}
	mustOK(t, db.ConnectOnPremAgent(ctx, a.ID, partnerd.OnPremPresence{Connection: "r1:1", Version: ptr("1.2.3"),
		Profiles: profiles, Deadline: &deadline}))
	got := mustFindOnPremAgent(t, db, w.ID, a.ID)
	if got.State() != partnerd.OnPremActive || got.AwaitingSetup || got.LastSeenVersion == nil || *got.LastSeenVersion != "1.2.3" ||
		!reflect.DeepEqual(got.Profiles, profiles) || got.ConnectedAt == nil || !got.ConnectedAt.Equal(t0) {
		t.Errorf("connected agent = %+v", got)
	}

	*now = t0.Add(10 * time.Second)
	mustOK(t, db.TouchOnPremAgent(ctx, a.ID, "r1:1", now.Add(partnerd.OnPremSilence)))
	wantCode(t, db.TouchOnPremAgent(ctx, a.ID, "r2:1", now.Add(partnerd.OnPremSilence)), partnerd.ENOTFOUND)
	*now = t0.Add(20 * time.Second)
	if got := mustFindOnPremAgent(t, db, w.ID, a.ID); !got.Active || !got.LastSeenAt.Equal(t0.Add(10*time.Second)) {
		t.Errorf("after a heartbeat: %+v", got)
	}
	*now = t0.Add(25 * time.Second)
	if got := mustFindOnPremAgent(t, db, w.ID, a.ID); got.State() != partnerd.OnPremInactive {
		t.Errorf("after 15 s of silence: state %s", got.State())
	}

	// A reconnection replaces the old connection, which can no longer end
	// it; with the same version it changes no field the API shows.
	mustOK(t, db.ConnectOnPremAgent(ctx, a.ID, partnerd.OnPremPresence{Connection: "r2:7"}))
	if got := mustFindOnPremAgent(t, db, w.ID, a.ID); !got.UpdatedAt.Equal(t0) {
		t.Errorf("updated_at = %v after a reconnection, want %v", got.UpdatedAt, t0)
	}
	mustOK(t, db.DisconnectOnPremAgent(ctx, a.ID, "r1:1"))
	got = mustFindOnPremAgent(t, db, w.ID, a.ID)
	if !got.Active || got.LastSeenVersion == nil || *got.LastSeenVersion != "1.2.3" || len(got.Profiles) != 0 {
		t.Errorf("reconnected without a deadline: %+v", got)
	}
	*now = t0.Add(time.Hour)
	if !mustFindOnPremAgent(t, db, w.ID, a.ID).Active {
		t.Error("a presence without a deadline expired")
	}
	mustOK(t, db.DisconnectOnPremAgent(ctx, a.ID, "r2:7"))
	if got := mustFindOnPremAgent(t, db, w.ID, a.ID); got.State() != partnerd.OnPremInactive {
		t.Errorf("after disconnect: state %s", got.State())
	}

	mustOK(t, db.ConnectOnPremAgent(ctx, a.ID, partnerd.OnPremPresence{Connection: "r3:1"}))
	_, err := db.UpdateOnPremAgent(ctx, w.ID, a.ID, partnerd.OnPremAgentUpdate{Enabled: ptr(false)})
	mustOK(t, err)
	if got := mustFindOnPremAgent(t, db, w.ID, a.ID); got.Active || got.Enabled {
		t.Errorf("disabled agent = %+v", got)
	}
	wantCode(t, db.TouchOnPremAgent(ctx, a.ID, "r3:1", now.Add(time.Minute)), partnerd.ENOTFOUND)
	wantCode(t, db.ConnectOnPremAgent(ctx, a.ID, partnerd.OnPremPresence{Connection: "r3:2"}), partnerd.ESTATE)
	_, err = db.UpdateOnPremAgent(ctx, w.ID, a.ID, partnerd.OnPremAgentUpdate{Enabled: ptr(true)})
	mustOK(t, err)
	mustOK(t, db.ConnectOnPremAgent(ctx, a.ID, partnerd.OnPremPresence{Connection: "r3:2"}))

	for field, bad := range map[string]partnerd.OnPremPresence{
		"connection": {},
		"version":    {Connection: "c", Version: ptr("v\x00")},
		"profiles":   {Connection: "c", Profiles: []partnerd.OnPremProfile{{Name: "", Provider: "oracle"}}},
	} {
		wantField(t, db.ConnectOnPremAgent(ctx, a.ID, bad), partnerd.EINVALID, field)
	}
	wantCode(t, db.ConnectOnPremAgent(ctx, a.ID+100, partnerd.OnPremPresence{Connection: "c"}), partnerd.ENOTFOUND)
}

// testOnPremGroupStatus checks the counts of a group's status and the
// profiles of its active agents, each with the connections of its
// provider that name the group, within the caller's folder scope.
func testOnPremGroupStatus(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, acc.ID, "Customer")
	g := mustCreateOnPremGroup(t, db, w.ID, "Group")
	other := mustCreateOnPremGroup(t, db, w.ID, "Other")
	one := mustCreateOnPremAgent(t, db, w.ID, g.ID, "One")
	two := mustCreateOnPremAgent(t, db, w.ID, g.ID, "Two")
	mustCreateOnPremAgent(t, db, w.ID, g.ID, "Three")
	oracle := partnerd.OnPremProfile{Name: "CRM-Oracle", Provider: "oracle", Type: "Database"}
	files := partnerd.OnPremProfile{Name: "Files", Provider: "file_connector", Type: "File"}
	mustOK(t, db.ConnectOnPremAgent(ctx, one.ID, partnerd.OnPremPresence{Connection: "c1", Profiles: []partnerd.OnPremProfile{oracle, files}}))
	mustOK(t, db.ConnectOnPremAgent(ctx, two.ID, partnerd.OnPremPresence{Connection: "c2", Profiles: []partnerd.OnPremProfile{oracle}}))

	folder := mustCreateFolder(t, db, w.ID, nil, "Scoped")
	crm := &partnerd.Connection{Name: "Oracle CRM DB", Provider: "oracle", OnPremGroupID: &g.ID}
	hidden := &partnerd.Connection{Name: "Hidden", Provider: "oracle", OnPremGroupID: &g.ID, FolderID: folder.ID}
	for _, c := range []*partnerd.Connection{crm, hidden,
		{Name: "Elsewhere", Provider: "oracle", OnPremGroupID: &other.ID}, {Name: "Cloud", Provider: "oracle"},
		{Name: "Other provider", Provider: "mysql", OnPremGroupID: &g.ID}} {
		mustOK(t, db.CreateConnection(ctx, w.ID, c))
	}

	status, err := db.FindOnPremGroupStatus(ctx, w.ID, g.ID)
	mustOK(t, err)
	if status.AgentCount != 3 || status.ActiveAgentCount != 2 || len(status.Profiles) != 2 {
		t.Fatalf("status = %+v", status)
	}
	if p := status.Profiles[0]; p.OnPremProfile != oracle || !reflect.DeepEqual(connectionIDs(p.Connections), []int64{crm.ID, hidden.ID}) {
		t.Errorf("profile 0 = %+v with %v", p.OnPremProfile, connectionIDs(p.Connections))
	}
	if p := status.Profiles[1]; p.OnPremProfile != files || len(p.Connections) != 0 {
		t.Errorf("profile 1 = %+v with %v", p.OnPremProfile, connectionIDs(p.Connections))
	}

	home := mustCreateFolder(t, db, w.ID, nil, "Visible")
	scoped := partnerd.NewContextWithCaller(ctx, &partnerd.Caller{WorkspaceID: w.ID, AccountID: acc.ID, FolderIDs: []int64{home.ID}})
	status, err = db.FindOnPremGroupStatus(scoped, w.ID, g.ID)
	mustOK(t, err)
	if ids := connectionIDs(status.Profiles[0].Connections); len(ids) != 0 {
		t.Errorf("a caller limited to another folder sees connections %v", ids)
	}

	empty, err := db.FindOnPremGroupStatus(ctx, w.ID, other.ID)
	mustOK(t, err)
	if empty.AgentCount != 0 || empty.ActiveAgentCount != 0 || empty.Profiles == nil || len(empty.Profiles) != 0 {
		t.Errorf("empty status = %+v", empty)
	}
}

// testOnPremActivationCodes checks that a code works once, expires, is
// replaced by a newer one, carries the CA's fingerprint, and that the CA
// stays the same.
func testOnPremActivationCodes(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, acc.ID, "Customer")
	g := mustCreateOnPremGroup(t, db, w.ID, "Group")
	a := mustCreateOnPremAgent(t, db, w.ID, g.ID, "Agent")

	ca, err := db.OnPremCA(ctx)
	mustOK(t, err)
	again, err := db.OnPremCA(ctx)
	mustOK(t, err)
	if !reflect.DeepEqual(ca, again) || !strings.Contains(string(ca.KeyPEM), "PRIVATE KEY") {
		t.Error("the CA changed between two calls")
	}
	fingerprint, err := ca.Fingerprint()
	mustOK(t, err)

	code, err := db.CreateOnPremActivationCode(ctx, w.ID, a.ID)
	mustOK(t, err)
	if !code.ExpiresAt.Equal(t0.Add(24 * time.Hour)) {
		t.Errorf("expires_at = %v", code.ExpiresAt)
	}
	hash, fp, err := partnerd.ParseOnPremActivationCode(code.Code)
	mustOK(t, err)
	if !reflect.DeepEqual(fp, fingerprint) {
		t.Errorf("the code carries fingerprint %x, want %x", fp, fingerprint)
	}
	redeemed, err := db.RedeemOnPremActivationCode(ctx, hash)
	mustOK(t, err)
	if redeemed.ID != a.ID || redeemed.CN != a.CN {
		t.Errorf("redeemed = %+v", redeemed)
	}
	_, err = db.RedeemOnPremActivationCode(ctx, hash)
	wantCode(t, err, partnerd.ENOTFOUND)

	older, err := db.CreateOnPremActivationCode(ctx, w.ID, a.ID)
	mustOK(t, err)
	newer, err := db.CreateOnPremActivationCode(ctx, w.ID, a.ID)
	mustOK(t, err)
	olderHash, _, _ := partnerd.ParseOnPremActivationCode(older.Code)
	newerHash, _, _ := partnerd.ParseOnPremActivationCode(newer.Code)
	_, err = db.RedeemOnPremActivationCode(ctx, olderHash)
	wantCode(t, err, partnerd.ENOTFOUND)
	*now = t0.Add(24 * time.Hour)
	_, err = db.RedeemOnPremActivationCode(ctx, newerHash)
	wantCode(t, err, partnerd.ENOTFOUND)

	*now = t0
	last, err := db.CreateOnPremActivationCode(ctx, w.ID, a.ID)
	mustOK(t, err)
	lastHash, _, _ := partnerd.ParseOnPremActivationCode(last.Code)
	mustOK(t, db.DeleteOnPremAgent(ctx, w.ID, a.ID))
	_, err = db.RedeemOnPremActivationCode(ctx, lastHash)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.CreateOnPremActivationCode(ctx, w.ID, a.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testOnPremCrossTenant checks that no workspace reaches the groups and
// agents of another, and that an account finds only its own agents.
func testOnPremCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	accA, _ := MustCreateAccount(t, db, "A", "a@example.com")
	accB, _ := MustCreateAccount(t, db, "B", "b@example.com")
	wa := MustCreateCustomer(t, db, accA.ID, "Customer A")
	wb := MustCreateCustomer(t, db, accB.ID, "Customer B")
	g := mustCreateOnPremGroup(t, db, wa.ID, "Group")
	a := mustCreateOnPremAgent(t, db, wa.ID, g.ID, "Agent")

	_, err := db.FindOnPremGroupByID(ctx, wb.ID, g.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.UpdateOnPremGroup(ctx, wb.ID, g.ID, ptr("Mine"))
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindOnPremGroupStatus(ctx, wb.ID, g.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteOnPremGroup(ctx, wb.ID, g.ID), partnerd.ENOTFOUND)
	_, err = db.FindOnPremAgentByID(ctx, wb.ID, a.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.UpdateOnPremAgent(ctx, wb.ID, a.ID, partnerd.OnPremAgentUpdate{Enabled: ptr(false)})
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.CreateOnPremActivationCode(ctx, wb.ID, a.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteOnPremAgent(ctx, wb.ID, a.ID), partnerd.ENOTFOUND)
	_, err = db.FindOnPremAgentInAccount(ctx, accB.ID, a.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	if found, err := db.FindOnPremAgentInAccount(ctx, accA.ID, a.ID); err != nil || found.ID != a.ID {
		t.Errorf("in its own account: %+v, %v", found, err)
	}
	wantField(t, db.CreateOnPremAgent(ctx, wb.ID, &partnerd.OnPremAgent{Name: "X", OS: "mac", GroupID: g.ID}),
		partnerd.EINVALID, "on_prem_group_id")
	if found, err := db.SearchOnPremAgents(ctx, wb.ID, a.CN); err != nil || len(found) != 0 {
		t.Errorf("B searches A's cn: %v, %v", onPremAgentIDs(found), err)
	}
	groups, _, err := db.FindOnPremGroups(ctx, wb.ID, page(1, 100))
	mustOK(t, err)
	agents, _, err := db.FindOnPremAgents(ctx, wb.ID, page(1, 100))
	mustOK(t, err)
	if len(groups) != 0 || len(agents) != 0 {
		t.Errorf("B lists %d groups and %d agents", len(groups), len(agents))
	}
	mustOK(t, db.DeleteCustomer(ctx, accA.ID, wa.ID))
	_, err = db.FindOnPremAgentByCN(ctx, a.CN)
	wantCode(t, err, partnerd.ENOTFOUND)
}
