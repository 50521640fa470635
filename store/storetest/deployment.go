package storetest

import (
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// deploymentFixture is a provisioned customer with a project in DEV that
// holds a connection and a recipe.
type deploymentFixture struct {
	accountID, dev, test, prod int64
	projectID, folderID        int64
}

func newDeploymentFixture(t *testing.T, db *store.DB, account string) *deploymentFixture {
	t.Helper()
	a, _ := MustCreateAccount(t, db, account, "owner@"+account+".example")
	c := MustCreateCustomer(t, db, a.ID, "c1")
	w, err := db.ProvisionEnvironments(t.Context(), a.ID, c.ID)
	mustOK(t, err)
	f := mustCreateFolder(t, db, c.ID, nil, "Sales")
	conn := &partnerd.Connection{Name: "CRM", Provider: "salesforce", FolderID: f.ID}
	mustOK(t, db.CreateConnection(t.Context(), c.ID, conn))
	mustCreateRecipe(t, db, c.ID, f.ID, "Sync leads")
	return &deploymentFixture{accountID: a.ID, dev: c.ID, test: w.Environments[1].ID, prod: w.Environments[2].ID,
		projectID: *f.ProjectID, folderID: f.ID}
}

// testDeploymentDeploy builds a project in DEV, deploys it to TEST and
// PROD, and deploys it again to TEST, which updates in place.
func testDeploymentDeploy(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fx := newDeploymentFixture(t, db, "acme")
	b, err := db.BuildProject(ctx, fx.dev, fx.projectID, ptr("first"))
	mustOK(t, err)
	if b.State != partnerd.DeploymentSuccess || b.ProjectID != fx.projectID || b.ProjectName != "Sales" || *b.Description != "first" {
		t.Fatalf("build = %+v", b)
	}
	if zip, err := db.FindProjectBuildZip(ctx, fx.dev, b.ID); err != nil || len(zip) == 0 {
		t.Fatalf("build zip: %d bytes, %v", len(zip), err)
	}
	assetsOf := func(d *partnerd.Deployment) map[string]int64 {
		t.Helper()
		if d.State != partnerd.DeploymentSuccess || d.TargetFolderID == nil {
			t.Fatalf("deployment = %+v (error %v)", d, d.Error)
		}
		assets, err := db.FindFolderAssets(ctx, d.TargetWorkspaceID, *d.TargetFolderID)
		mustOK(t, err)
		out := map[string]int64{}
		for _, a := range assets {
			out[a.Type+" "+a.Name] = a.ID
		}
		if out["recipe Sync leads"] == 0 || out["connection CRM"] == 0 {
			t.Fatalf("assets of the deployment into %s: %v", d.EnvironmentType, out)
		}
		return out
	}
	toTest, err := db.DeployProjectBuild(ctx, fx.dev, b.ID, partnerd.EnvironmentTest, nil)
	mustOK(t, err)
	if toTest.TargetWorkspaceID != fx.test || toTest.WorkspaceID != fx.dev || toTest.ProjectBuildID != b.ID {
		t.Fatalf("deployment to TEST = %+v", toTest)
	}
	first := assetsOf(toTest)
	toProd, err := db.DeployProjectBuild(ctx, fx.dev, b.ID, partnerd.EnvironmentProd, nil)
	mustOK(t, err)
	if toProd.TargetWorkspaceID != fx.prod {
		t.Fatalf("deployment to PROD = %+v", toProd)
	}
	assetsOf(toProd)
	again, err := db.DeployProjectBuild(ctx, fx.dev, b.ID, partnerd.EnvironmentTest, nil)
	mustOK(t, err)
	if *again.TargetFolderID != *toTest.TargetFolderID {
		t.Errorf("second deployment into folder %d, want %d", *again.TargetFolderID, *toTest.TargetFolderID)
	}
	if second := assetsOf(again); len(second) != len(first) || second["recipe Sync leads"] != first["recipe Sync leads"] || second["connection CRM"] != first["connection CRM"] {
		t.Errorf("second deployment assets = %v, want the first's updated in place %v", second, first)
	}
	if _, err := db.DeployProjectBuild(ctx, fx.dev, b.ID, partnerd.EnvironmentDev, nil); partnerd.ErrorCode(err) != partnerd.EINVALID {
		t.Errorf("deployment to its own environment: %v, want EINVALID", err)
	}
	list, total, err := db.FindDeployments(ctx, fx.dev, partnerd.DeploymentFilter{Page: page(1, 10)})
	mustOK(t, err)
	if total != 3 || len(list) != 3 || list[0].ID != again.ID {
		t.Errorf("deployments = %d %v, want 3 newest first", total, list)
	}
	list, total, err = db.FindDeployments(ctx, fx.test, partnerd.DeploymentFilter{EnvironmentType: partnerd.EnvironmentTest, Page: page(1, 10)})
	mustOK(t, err)
	if total != 2 || len(list) != 2 {
		t.Errorf("deployments into TEST seen from TEST = %d, want 2", total)
	}
	if got, err := db.FindDeploymentByID(ctx, fx.prod, toProd.ID); err != nil || got.ID != toProd.ID {
		t.Errorf("deployment seen from PROD: %v, %v", got, err)
	}
}

// testDeploymentNotProvisioned checks that a workspace without
// environments builds nothing.
func testDeploymentNotProvisioned(t *testing.T, db *store.DB) {
	a, _ := MustCreateAccount(t, db, "Acme", "owner@acme.example")
	c := MustCreateCustomer(t, db, a.ID, "c1")
	f := mustCreateFolder(t, db, c.ID, nil, "Sales")
	_, err := db.BuildProject(t.Context(), c.ID, *f.ProjectID, nil)
	if partnerd.ErrorCode(err) != partnerd.EINVALID || partnerd.ErrorMessage(err) != "Environments not provisioned" {
		t.Errorf("build without environments: %v", err)
	}
}

// testDeploymentCrossTenant checks that another customer's environments
// reach neither the builds nor the deployments of this one.
func testDeploymentCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fx := newDeploymentFixture(t, db, "acme")
	other := newDeploymentFixture(t, db, "beta")
	if _, err := db.BuildProject(ctx, other.dev, fx.projectID, nil); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
		t.Errorf("building another's project: %v, want ENOTFOUND", err)
	}
	b, err := db.BuildProject(ctx, fx.dev, fx.projectID, nil)
	mustOK(t, err)
	d, err := db.DeployProjectBuild(ctx, fx.dev, b.ID, partnerd.EnvironmentTest, nil)
	mustOK(t, err)
	for _, ws := range []int64{other.dev, other.test, fx.prod} {
		if _, err := db.DeployProjectBuild(ctx, ws, b.ID, partnerd.EnvironmentTest, nil); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
			t.Errorf("deploying another's build from %d: %v, want ENOTFOUND", ws, err)
		}
		if _, err := db.FindProjectBuildByID(ctx, ws, b.ID); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
			t.Errorf("another's build from %d: %v, want ENOTFOUND", ws, err)
		}
		if _, err := db.FindProjectBuildZip(ctx, ws, b.ID); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
			t.Errorf("another's build zip from %d: %v, want ENOTFOUND", ws, err)
		}
	}
	for _, ws := range []int64{other.dev, other.test, fx.prod} {
		if _, err := db.FindDeploymentByID(ctx, ws, d.ID); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
			t.Errorf("another's deployment from %d: %v, want ENOTFOUND", ws, err)
		}
		if _, total, err := db.FindDeployments(ctx, ws, partnerd.DeploymentFilter{Page: page(1, 10)}); err != nil || total != 0 {
			t.Errorf("deployments from %d = %d, %v; want none", ws, total, err)
		}
	}
}
