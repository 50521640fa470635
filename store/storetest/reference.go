package storetest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// missingID is an id that no object of the tests has.
const missingID = 987654321

// testReferenceCrossTenant checks every id that a write names in another
// object: an id of another account's workspace is EINVALID naming the
// field, exactly as an id that does not exist, and changes nothing.
func testReferenceCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	mine := MustCreateCustomer(t, db, a.ID, "Mine")
	theirs := MustCreateCustomer(t, db, b.ID, "Theirs")

	folder := mustCreateFolder(t, db, mine.ID, nil, "Ours")
	connection := mustCreateConnection(t, db, mine.ID, "Ours", "jira")
	recipe := mustCreateRecipe(t, db, mine.ID, folder.ID, "Ours")
	role := mustCreateRole(t, db, mine.ID, "Ours")

	theirProject := mustCreateFolder(t, db, theirs.ID, nil, "Their project")
	theirFolder := mustCreateFolder(t, db, theirs.ID, &theirProject.ID, "Their folder")
	theirConnection := mustCreateConnection(t, db, theirs.ID, "Theirs", "jira")
	theirGroup := mustCreateOnPremGroup(t, db, theirs.ID, "Theirs")
	theirClient := mustCreateAPIClient(t, db, theirs.ID, "Theirs")

	clockWith := func(id int64) []partnerd.RecipeConfig {
		return []partnerd.RecipeConfig{{Provider: "clock", AccountID: &id}, {Provider: "logger"}}
	}
	for _, tt := range []struct {
		name, field string
		other       int64 // the id of the other workspace's object
		write       func(id int64) error
	}{
		{"folder create parent_id", "parent_id", theirFolder.ID, func(id int64) error {
			return db.CreateFolder(ctx, mine.ID, &partnerd.Folder{Name: "F", ParentID: &id})
		}},
		{"folder move parent_id", "parent_id", theirFolder.ID, func(id int64) error {
			_, err := db.UpdateFolder(ctx, mine.ID, folder.ID, partnerd.FolderUpdate{ParentID: &id})
			return err
		}},
		{"connection create folder_id", "folder_id", theirFolder.ID, func(id int64) error {
			return db.CreateConnection(ctx, mine.ID, &partnerd.Connection{Name: "C", Provider: "jira", FolderID: id})
		}},
		{"connection create parent_id", "parent_id", theirConnection.ID, func(id int64) error {
			return db.CreateConnection(ctx, mine.ID, &partnerd.Connection{Name: "C", Provider: "jira", ParentID: &id})
		}},
		{"connection create on_prem_group_id", "on_prem_group_id", theirGroup.ID, func(id int64) error {
			return db.CreateConnection(ctx, mine.ID, &partnerd.Connection{Name: "C", Provider: "jira", OnPremGroupID: &id})
		}},
		{"connection update on_prem_group_id", "on_prem_group_id", theirGroup.ID, func(id int64) error {
			_, err := db.UpdateConnection(ctx, mine.ID, connection.ID, func(c *partnerd.Connection) error { c.OnPremGroupID = &id; return nil })
			return err
		}},
		{"recipe create config", "config", theirConnection.ID, func(id int64) error {
			return db.CreateRecipe(ctx, mine.ID, &partnerd.Recipe{Name: "R", Code: clockCode, Config: clockWith(id)})
		}},
		{"recipe create folder_id", "folder_id", theirFolder.ID, func(id int64) error {
			return db.CreateRecipe(ctx, mine.ID, &partnerd.Recipe{Name: "R", Code: clockCode, Config: clockConfig(), FolderID: id})
		}},
		{"recipe update config", "config", theirConnection.ID, func(id int64) error {
			_, err := db.UpdateRecipe(ctx, mine.ID, recipe.ID, func(r *partnerd.Recipe) error { r.Config = clockWith(id); return nil })
			return err
		}},
		{"recipe copy folder_id", "folder_id", theirFolder.ID, func(id int64) error {
			_, err := db.CopyRecipe(ctx, mine.ID, recipe.ID, &id)
			return err
		}},
		{"role create folder_ids", "folder_ids", theirFolder.ID, func(id int64) error {
			return db.CreateRole(ctx, mine.ID, &partnerd.Role{Name: "Role", Privileges: map[string][]string{"Recipes": {"read"}},
				FolderIDs: []int64{folder.ID, id}})
		}},
		{"role copy folder_ids", "folder_ids", theirFolder.ID, func(id int64) error {
			_, err := db.CopyRole(ctx, mine.ID, role.ID, "Copy", []int64{id})
			return err
		}},
		{"lookup table project_id", "project_id", *theirProject.ProjectID, func(id int64) error {
			return db.CreateLookupTable(ctx, mine.ID, &partnerd.LookupTable{Name: "T",
				Columns: []partnerd.LookupColumn{{Label: "a", Type: "string"}}, ProjectID: &id})
		}},
		{"api collection project_id", "project_id", *theirProject.ProjectID, func(id int64) error {
			return db.CreateAPICollection(ctx, mine.ID, &partnerd.APICollection{Name: "API", ProjectID: &id}, nil)
		}},
		{"access profile api_client_id", "api_client_id", theirClient.ID, func(id int64) error {
			p := &partnerd.AccessProfile{Name: "P", ClientID: id, Auth: partnerd.APIAuth{Type: "token"}, Active: true}
			p.IssueSecret()
			return db.CreateAccessProfile(ctx, mine.ID, p)
		}},
		{"developer API client folder_ids", "folder_ids", theirFolder.ID, func(id int64) error {
			return db.CreateDevAPIClient(ctx, mine.ID, &partnerd.DevAPIClient{Name: "D", RoleID: mustAdminRole(t, db, mine.ID).ID,
				FolderIDs: []int64{id}, TokenHash: partnerd.HashSecret("wrkaus-reference-test")})
		}},
	} {
		t.Run(strings.ReplaceAll(tt.name, " ", "_"), func(t *testing.T) {
			before := mustDump(t, db, a.ID)
			foreign, missing := tt.write(tt.other), tt.write(missingID)
			wantField(t, foreign, partnerd.EINVALID, tt.field)
			if !reflect.DeepEqual(foreign, missing) {
				t.Errorf("another workspace's id: %v\nan id that does not exist: %v\nwant the same error", foreign, missing)
			}
			if after := mustDump(t, db, a.ID); after != before {
				t.Errorf("a refused write changed account A:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// testConnectionDeleteCrossTenant checks that a running recipe of one
// account does not keep another account from deleting its connection,
// whatever the recipe's config names.
func testConnectionDeleteCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	mine := MustCreateCustomer(t, db, a.ID, "Mine")
	theirs := MustCreateCustomer(t, db, b.ID, "Theirs")
	victim := mustCreateConnection(t, db, mine.ID, "Mine", "jira")

	// B's recipe names A's connection on an entry whose connector needs
	// none, so that nothing at start would look at it.
	r := &partnerd.Recipe{Name: "R", Code: clockCode,
		Config: []partnerd.RecipeConfig{{Provider: "clock", AccountID: &victim.ID}, {Provider: "logger"}}}
	if err := db.CreateRecipe(ctx, theirs.ID, r); err == nil {
		mustStartRecipe(t, db, theirs.ID, r.ID)
		t.Errorf("workspace %d stored a recipe naming connection %d of workspace %d", theirs.ID, victim.ID, mine.ID)
	}
	own := mustCreateRecipe(t, db, theirs.ID, 0, "Own")
	mustStartRecipe(t, db, theirs.ID, own.ID)
	mustOK(t, db.DeleteConnection(ctx, mine.ID, victim.ID))
}

// testRecipeStartFolderScope checks that a client limited to some folders
// cannot start a recipe with a connection outside them: the start fails
// as it does for a connection that does not exist.
func testRecipeStartFolderScope(t *testing.T, db *store.DB) {
	ctx := t.Context()
	tr := newScopeTree(t, db)
	authorized := partnerd.AuthorizationSuccess
	outside := &partnerd.Connection{Name: "Outside", Provider: "slack", FolderID: tr.q.ID, AuthorizationStatus: &authorized}
	mustOK(t, db.CreateConnection(ctx, tr.w.ID, outside))
	r := &partnerd.Recipe{Name: "R", FolderID: tr.f1.ID,
		Code:   `{"number":0,"keyword":"trigger","provider":"clock","name":"scheduled_event","block":[{"number":1,"keyword":"action","provider":"slack","name":"post_message"}]}`,
		Config: []partnerd.RecipeConfig{{Provider: "clock"}, {Provider: "slack", AccountID: &outside.ID}}}
	mustOK(t, db.CreateRecipe(ctx, tr.w.ID, r))

	scoped := tr.as(ctx, tr.f.ID)
	hidden, err := db.StartRecipe(scoped, tr.w.ID, r.ID)
	mustOK(t, err)
	if got, _ := db.FindRecipeByID(ctx, tr.w.ID, r.ID); got.Running {
		t.Fatal("a folder-limited client started a recipe with a connection outside its folders")
	}
	mustOK(t, db.DeleteConnection(ctx, tr.w.ID, outside.ID))
	missing, err := db.StartRecipe(scoped, tr.w.ID, r.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(hidden, missing) || missing == nil {
		t.Errorf("start with a connection outside the folders = %+v\nwith one that does not exist = %+v\nwant the same", hidden, missing)
	}
}
