package main

import (
	"slices"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// TestDeployments is the proof of environments and deployments: a customer
// provisioned with environments builds a project in DEV and deploys it to
// TEST and PROD, which then hold its recipes and connections; a changed
// project deployed again updates TEST in place; the _test and _prod ids
// answer, by id and by external id.
func TestDeployments(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	cu, err := c.CreateCustomer(ctx, client.CreateCustomerParams{Name: "Acme", NotificationEmail: "ops@acme.test", ExternalID: "acme", Environments: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(cu.Environments) != 3 || cu.Environments[0].ID != cu.ID {
		t.Fatalf("environments = %+v", cu.Environments)
	}
	dev := client.ExternalID("acme")
	top, recipes := packageTemplate(t, c, dev)

	build, err := c.BuildProject(ctx, dev, *top.ProjectID, "First release")
	if err != nil {
		t.Fatal(err)
	}
	names := func(mu client.WorkspaceRef) (recipeNames, connectionNames []string) {
		t.Helper()
		rs, err := c.Recipes(ctx, mu, client.RecipeListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			recipeNames = append(recipeNames, r.Name)
		}
		cs, err := c.Connections(ctx, mu, client.ConnectionListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, cn := range cs {
			connectionNames = append(connectionNames, cn.Name)
		}
		slices.Sort(recipeNames)
		slices.Sort(connectionNames)
		return recipeNames, connectionNames
	}
	devRecipes, devConnections := names(dev)
	var toProd *client.Deployment
	for i, env := range []string{client.EnvTest, client.EnvProd} {
		if r, _ := names(dev.In(env)); len(r) != 0 {
			t.Fatalf("%s holds recipes before any deployment: %v", env, r)
		}
		d, err := c.DeployProjectBuild(ctx, dev, build.ID, env, "")
		if err != nil {
			t.Fatal(err)
		}
		if d.State != "success" || d.EnvironmentType != env || d.ProjectBuildID != build.ID {
			t.Fatalf("deployment to %s = %+v", env, d)
		}
		toProd = d
		for _, mu := range []client.WorkspaceRef{dev.In(env), client.ID(cu.ID).In(env)} {
			ws, err := c.Customer(ctx, mu)
			if err != nil {
				t.Fatal(err)
			}
			if ws.ID != cu.Environments[i+1].ID {
				t.Errorf("%s answers workspace %d, want %d", mu, ws.ID, cu.Environments[i+1].ID)
			}
			r, cn := names(mu)
			if !slices.Equal(r, devRecipes) || !slices.Equal(cn, devConnections) {
				t.Errorf("%s holds recipes %v and connections %v, want %v and %v", mu, r, cn, devRecipes, devConnections)
			}
		}
	}

	// A changed project deployed again updates TEST in place.
	test := dev.In(client.EnvTest)
	before := recipeOf(t, c, test, "Daily digest")
	digest := map[string]any{"keyword": "trigger", "provider": "clock", "name": "scheduled_event", "input": map[string]any{"every": "day"},
		"block": []any{map[string]any{"keyword": "action", "provider": "slack", "name": "post_message"}}}
	if err := c.UpdateRecipe(ctx, dev, recipes[2], client.RecipeParams{Code: digest}); err != nil {
		t.Fatal(err)
	}
	again, err := c.DeployProject(ctx, dev, *top.ProjectID, client.EnvTest, "Second release")
	if err != nil || again.State != "success" {
		t.Fatalf("second deployment = %+v, %v", again, err)
	}
	after := recipeOf(t, c, test, "Daily digest")
	if after.ID != before.ID || after.VersionNo != before.VersionNo+1 {
		t.Errorf("Daily digest in TEST: id %d version %d, was id %d version %d", after.ID, after.VersionNo, before.ID, before.VersionNo)
	}
	if r, cn := names(test); !slices.Equal(r, devRecipes) || !slices.Equal(cn, devConnections) {
		t.Errorf("TEST after the second deployment holds %v and %v", r, cn)
	}

	list, total, err := c.Deployments(ctx, dev, client.DeploymentListOptions{EnvironmentType: client.EnvTest})
	if err != nil || total != 2 || list[0].ID != again.ID {
		t.Errorf("deployments to TEST = %d %+v, %v", total, list, err)
	}
	got, err := c.Deployment(ctx, dev.In(client.EnvProd), toProd.ID)
	if err != nil || got.EnvironmentType != client.EnvProd {
		t.Errorf("the PROD deployment seen from PROD = %+v, %v", got, err)
	}
}

// TestProvisionEnvironments provisions an existing customer through its
// own route: its workspace becomes DEV, and _test and _prod then answer.
func TestProvisionEnvironments(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	cu := MustCreateCustomer(t, c, "Beta", "beta")
	beta := client.ExternalID("beta")
	if _, err := c.Customer(ctx, beta.In(client.EnvTest)); !client.IsNotFound(err) {
		t.Fatalf("TEST before provisioning: %v", err)
	}
	got, err := c.ProvisionEnvironments(ctx, beta)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Environments) != 3 || got.Environments[0].ID != cu.ID {
		t.Fatalf("environments = %+v", got.Environments)
	}
	test, err := c.Customer(ctx, beta.In(client.EnvTest))
	if err != nil || test.ID == cu.ID || test.ID != got.Environments[1].ID {
		t.Fatalf("TEST after provisioning: %+v, %v", test, err)
	}
	if again, err := c.ProvisionEnvironments(ctx, beta); err != nil || len(again.Environments) != 3 || again.Environments[1].ID != test.ID {
		t.Fatalf("provisioning again: %+v, %v", again, err)
	}
}
