package http_test

import (
	"fmt"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestDeployments builds customer 3's project "Sales" in DEV and deploys
// it to TEST (4) and PROD (5) through both families; customer 6 has no
// environments.
func TestDeployments(t *testing.T) {
	e := newTestEnv(t, false)
	ctx := t.Context()
	e.mustDo(tokenA, "POST", "/api/managed_users", `{"name":"Acme","notification_email":"ops@acme.test","environments":true}`, nil)
	e.mustDo(tokenA, "POST", "/api/managed_users", `{"name":"Beta","notification_email":"ops@beta.test"}`, nil)
	const dev, test, plain = 3, 4, 6
	sales := &partnerd.Folder{Name: "Sales"}
	if err := e.DB.CreateFolder(ctx, dev, sales); err != nil {
		t.Fatal(err)
	}
	if err := e.DB.CreateConnection(ctx, dev, &partnerd.Connection{Name: "CRM", Provider: "salesforce", FolderID: sales.ID}); err != nil {
		t.Fatal(err)
	}
	r := &partnerd.Recipe{Name: "Sync leads", Code: `{"number":0,"keyword":"trigger","provider":"clock","name":"scheduled_event"}`,
		FolderID: sales.ID, Private: true}
	if err := e.DB.CreateRecipe(ctx, dev, r); err != nil {
		t.Fatal(err)
	}
	other := &partnerd.Folder{Name: "Other"}
	if err := e.DB.CreateFolder(ctx, plain, other); err != nil {
		t.Fatal(err)
	}
	const tokenDev, tokenTest = "wrkaus-deploy-dev-token-0000000000000000000000000", "wrkaus-deploy-test-token-000000000000000000000000"
	for ws, token := range map[int64]string{dev: tokenDev, test: tokenTest} {
		roles, _, err := e.DB.FindClientRoles(ctx, ws, partnerd.Page{Page: 1, PerPage: 10})
		if err != nil || len(roles) == 0 {
			t.Fatalf("roles of %d: %v %v", ws, roles, err)
		}
		e.mustCreateRoleClient(ws, roles[0].ID, "Deployer", token)
	}
	p, o := *sales.ProjectID, *other.ProjectID
	mu := "/api/managed_users/"
	e.run(t, "deployments", []scenario{
		{Name: "build_not_provisioned", Method: "POST", URL: fmt.Sprintf("%s%d/projects/%d/build", mu, plain, o), WantStatus: 400},
		{Name: "build_unknown_project", Method: "POST", URL: fmt.Sprintf("%s%d/projects/999/build", mu, dev), WantStatus: 404},
		{Name: "build_other_environment_project", Method: "POST", URL: fmt.Sprintf("%s%d_test/projects/%d/build", mu, dev, p), WantStatus: 404},
		{Name: "build", Method: "POST", URL: fmt.Sprintf("%s%d/projects/%d/build", mu, dev, p), Body: `{"description":"First cut"}`, WantStatus: 200},
		{Name: "build_get", Method: "GET", URL: mu + "3/project_builds/1", WantStatus: 200},
		{Name: "build_get_from_test", Method: "GET", URL: mu + "3_test/project_builds/1", WantStatus: 404},
		{Name: "build_get_other_account", Method: "GET", URL: mu + "3/project_builds/1", Token: tokenB, WantStatus: 404},
		{Name: "deploy_missing_environment", Method: "POST", URL: mu + "3/project_builds/1/deploy", WantStatus: 400},
		{Name: "deploy_unknown_environment", Method: "POST", URL: mu + "3/project_builds/1/deploy?environment_type=staging", WantStatus: 400},
		{Name: "deploy_own_environment", Method: "POST", URL: mu + "3/project_builds/1/deploy?environment_type=dev", WantStatus: 400},
		{Name: "deploy_test", Method: "POST", URL: mu + "3/project_builds/1/deploy?environment_type=test", WantStatus: 200},
		{Name: "deploy_prod_in_one_step", Method: "POST", URL: fmt.Sprintf("%sEnone_prod/projects/%d/deploy?environment_type=PROD", mu, p), WantStatus: 404},
		{Name: "deploy_prod", Method: "POST", URL: fmt.Sprintf("%s3_dev/projects/%d/deploy?environment_type=PROD", mu, p), Body: `{"description":"Release"}`, WantStatus: 200},
		{Name: "deploy_test_again", Method: "POST", URL: mu + "3/project_builds/1/deploy?environment_type=test", WantStatus: 200},
		{Name: "recipes_of_test", Method: "GET", URL: mu + "3_test/recipes", WantStatus: 200},
		{Name: "connections_of_prod", Method: "GET", URL: mu + "3_prod/connections", WantStatus: 200},
		{Name: "list", Method: "GET", URL: mu + "3/deployments", WantStatus: 200},
		{Name: "list_test_only", Method: "GET", URL: mu + "3/deployments?environment_type=test&per_page=1", WantStatus: 200},
		{Name: "list_from_prod", Method: "GET", URL: mu + "3_prod/deployments", WantStatus: 200},
		{Name: "list_bad_state", Method: "GET", URL: mu + "3/deployments?state=done", WantStatus: 400},
		{Name: "get", Method: "GET", URL: mu + "3/deployments/1", WantStatus: 200},
		{Name: "get_other_account", Method: "GET", URL: mu + "3/deployments/1", Token: tokenB, WantStatus: 404},
		{Name: "dev_build", Method: "POST", URL: fmt.Sprintf("/api/projects/%d/build", p), Token: tokenDev, WantStatus: 200},
		{Name: "dev_deploy", Method: "POST", URL: "/api/project_builds/3/deploy?environment_type=test", Token: tokenDev, WantStatus: 200},
		{Name: "dev_deployment_get", Method: "GET", URL: "/api/deployments/4", Token: tokenDev, WantStatus: 200},
		{Name: "dev_deployments", Method: "GET", URL: "/api/deployments?project_id=" + fmt.Sprint(p), Token: tokenDev, WantStatus: 200},
		{Name: "test_client_build_of_dev", Method: "GET", URL: "/api/project_builds/3", Token: tokenTest, WantStatus: 404},
		{Name: "test_client_deploy_dev_build", Method: "POST", URL: "/api/project_builds/3/deploy?environment_type=prod", Token: tokenTest, WantStatus: 404},
		{Name: "test_client_deployments", Method: "GET", URL: "/api/deployments", Token: tokenTest, WantStatus: 200},
	})
}
