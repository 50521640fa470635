package storetest

import (
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testEnvironmentProvision checks that provisioning makes a customer its
// DEV environment with TEST and PROD workspaces of their own, that a
// second provisioning changes nothing, that the environment workspaces
// stay out of the customer list and go with their customer.
func testEnvironmentProvision(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "Acme", "owner@acme.example")
	c := MustCreateCustomer(t, db, a.ID, "c1")
	if _, err := db.FindEnvironmentID(ctx, a.ID, c.ID, partnerd.EnvironmentTest); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
		t.Fatalf("TEST before provisioning: %v, want ENOTFOUND", err)
	}
	if id, err := db.FindEnvironmentID(ctx, a.ID, c.ID, partnerd.EnvironmentDev); err != nil || id != c.ID {
		t.Fatalf("DEV before provisioning = %d, %v; want the customer %d", id, err, c.ID)
	}
	w, err := db.ProvisionEnvironments(ctx, a.ID, c.ID)
	mustOK(t, err)
	if w.EnvironmentType != partnerd.EnvironmentDev || len(w.Environments) != 3 || w.Environments[0].ID != c.ID {
		t.Fatalf("provisioned = %q %+v, want DEV with three environments, DEV itself", w.EnvironmentType, w.Environments)
	}
	again, err := db.ProvisionEnvironments(ctx, a.ID, c.ID)
	mustOK(t, err)
	if again.Environments[1].ID != w.Environments[1].ID || again.Environments[2].ID != w.Environments[2].ID {
		t.Errorf("second provisioning = %+v, want %+v", again.Environments, w.Environments)
	}
	for i, env := range w.Environments {
		id, err := db.FindEnvironmentID(ctx, a.ID, c.ID, env.Type)
		mustOK(t, err)
		if id != env.ID {
			t.Errorf("%s = %d, want %d", env.Type, id, env.ID)
		}
		ws, err := db.FindCustomerByID(ctx, a.ID, env.ID)
		mustOK(t, err)
		if ws.EnvironmentType != env.Type || ws.RootFolderID == 0 || (i > 0) != (ws.EnvironmentOf == c.ID) {
			t.Errorf("workspace of %s = %+v", env.Type, ws)
		}
		// Every environment reaches its siblings.
		if id, err := db.FindEnvironmentID(ctx, a.ID, env.ID, partnerd.EnvironmentProd); err != nil || id != w.Environments[2].ID {
			t.Errorf("PROD from %s = %d, %v", env.Type, id, err)
		}
	}
	if _, err := db.ProvisionEnvironments(ctx, a.ID, w.Environments[1].ID); partnerd.ErrorCode(err) != partnerd.EINVALID {
		t.Errorf("provisioning TEST: %v, want EINVALID", err)
	}
	list, total, err := db.FindCustomers(ctx, a.ID, page(1, 100))
	mustOK(t, err)
	if total != 1 || len(list) != 1 || list[0].ID != c.ID {
		t.Errorf("customers = %d %+v, want the one customer", total, list)
	}
	if err := db.DeleteCustomer(ctx, a.ID, w.Environments[1].ID); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
		t.Errorf("deleting TEST: %v, want ENOTFOUND", err)
	}
	born := newCustomer("c2")
	born.EnvironmentType = partnerd.EnvironmentDev
	mustOK(t, db.CreateCustomer(ctx, a.ID, born))
	if born.EnvironmentType != partnerd.EnvironmentDev || len(born.Environments) != 3 || born.Environments[0].ID != born.ID {
		t.Errorf("created with environments = %q %+v", born.EnvironmentType, born.Environments)
	}
	mustOK(t, db.DeleteCustomer(ctx, a.ID, c.ID))
	if _, err := db.FindWorkspaceByID(ctx, w.Environments[2].ID); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
		t.Errorf("PROD after its customer's deletion: %v, want ENOTFOUND", err)
	}
}

// testEnvironmentCrossTenant checks that another account neither
// provisions nor reaches the environments of a customer.
func testEnvironmentCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "Acme", "owner@acme.example")
	b, _ := MustCreateAccount(t, db, "Beta", "owner@beta.example")
	c := MustCreateCustomer(t, db, a.ID, "c1")
	if _, err := db.ProvisionEnvironments(ctx, b.ID, c.ID); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
		t.Errorf("provisioning from B: %v, want ENOTFOUND", err)
	}
	w, err := db.ProvisionEnvironments(ctx, a.ID, c.ID)
	mustOK(t, err)
	for _, env := range w.Environments {
		if _, err := db.FindEnvironmentID(ctx, b.ID, c.ID, env.Type); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
			t.Errorf("%s from B: %v, want ENOTFOUND", env.Type, err)
		}
		if _, err := db.FindCustomerByID(ctx, b.ID, env.ID); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
			t.Errorf("workspace of %s from B: %v, want ENOTFOUND", env.Type, err)
		}
	}
}

// testEnvironmentSnapshot checks that a snapshot restores a provisioned
// customer with its environments, builds and deployments.
func testEnvironmentSnapshot(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fx := newDeploymentFixture(t, db, "acme")
	b, err := db.BuildProject(ctx, fx.dev, fx.projectID, nil)
	mustOK(t, err)
	d, err := db.DeployProjectBuild(ctx, fx.dev, b.ID, "test", nil)
	mustOK(t, err)
	before := mustDump(t, db, fx.accountID)
	snap, err := db.CreateSnapshot(ctx, fx.accountID)
	mustOK(t, err)
	mustOK(t, db.DeleteCustomer(ctx, fx.accountID, fx.dev))
	mustOK(t, db.RestoreSnapshot(ctx, fx.accountID, snap.ID))
	if got := withoutCredentials(t, mustDump(t, db, fx.accountID)); got != withoutCredentials(t, before) {
		t.Errorf("restored account differs:\n got %s\nwant %s", got, before)
	}
	if id, err := db.FindEnvironmentID(ctx, fx.accountID, fx.dev, partnerd.EnvironmentProd); err != nil || id != fx.prod {
		t.Errorf("PROD after the restore = %d, %v; want %d", id, err, fx.prod)
	}
	if got, err := db.FindDeploymentByID(ctx, fx.test, d.ID); err != nil || got.ProjectBuildID != b.ID {
		t.Errorf("deployment after the restore = %+v, %v", got, err)
	}
}
