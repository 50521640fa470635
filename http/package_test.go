package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	nethttp "net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// setupPackages gives account A the customer 3 (Acme, the template), with
// the folder 6 (Integrations, project 1) and its folder 7 (Sync), the
// Slack connection 1 (a shell: it has no input), the recipes 1 (Post
// digest, in 7) and 2 (Get order, in 6), the lookup table 1 (Codes, in 7)
// with a row, the property region, and the API collection 1 (project 1)
// whose endpoint 1 calls recipe 2; and the customer 5 (Beta) with the
// empty folder 8 (Integrations, project 2). Account B has the customer 4.
func setupPackages(t *testing.T, e *testEnv) {
	t.Helper()
	digest := jsonBody(t, map[string]any{"name": "Post digest", "folder_id": 7,
		"code": map[string]any{"number": 0, "keyword": "trigger", "provider": "clock", "name": "scheduled_event",
			"block": []any{map[string]any{"number": 1, "keyword": "action", "provider": "slack", "name": "post_message", "input": map[string]any{"text": "a < b & c"}}}},
		"config": []any{map[string]any{"provider": "clock"}, map[string]any{"provider": "slack", "account_id": 1}}})
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme"}`},
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Other","notification_email":"ops@other.test"}`, Token: tokenB},
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Beta","notification_email":"ops@beta.test","external_id":"beta"}`},
		{Method: "POST", URL: "/api/managed_users/3/folders", Body: `{"name":"Integrations"}`},
		{Method: "POST", URL: "/api/managed_users/3/folders", Body: `{"name":"Sync","parent_id":6}`},
		{Method: "POST", URL: "/api/managed_users/5/folders", Body: `{"name":"Integrations"}`},
		{Method: "POST", URL: "/api/managed_users/3/connections", Body: `{"name":"Slack","provider":"slack","folder_id":6}`},
		{Method: "POST", URL: "/api/managed_users/3/recipes", Body: digest},
		{Method: "POST", URL: "/api/managed_users/3/recipes", Body: recipeBody("Get order", 6)},
		{Method: "POST", URL: "/api/managed_users/3/lookup_tables", Body: `{"name":"Codes","schema":[{"label":"code","type":"string"},{"label":"name","type":"string"}],"folder_id":7}`},
		{Method: "POST", URL: "/api/managed_users/3/lookup_tables/1/rows", Body: `{"data":{"code":"A1","name":"Acme & Co"}}`},
		{Method: "POST", URL: "/api/managed_users/3/properties", Body: `{"properties":{"region":"eu","api.base_url":"https://api.test"}}`},
	} {
		if status, body := e.do(sc); status != 200 {
			t.Fatalf("setup %s %s: %d %s", sc.Method, sc.URL, status, body)
		}
	}
	project, flow := int64(1), int64(2)
	err := e.DB.CreateAPICollection(context.Background(), 3, &partnerd.APICollection{Name: "Orders API", ProjectID: &project},
		[]*partnerd.APIEndpoint{{Name: "Get order", Method: "GET", Path: "orders/:id", FlowID: &flow}})
	if err != nil {
		t.Fatal(err)
	}
}

// play sends a scenario and checks its status and its body against
// testdata/packages/<Name>.json, the server's address in the body written
// as http://partnerd.test and each download signature, which depends on
// the database's generated key, as SIGNATURE.
func (e *testEnv) play(t *testing.T, sc scenario) []byte {
	t.Helper()
	status, body := e.do(sc)
	if status != sc.WantStatus {
		t.Errorf("%s: status %d, want %d; body %s", sc.Name, status, sc.WantStatus, body)
	}
	body = bytes.ReplaceAll(body, []byte(e.URL), []byte("http://partnerd.test"))
	body = signatureParam.ReplaceAll(body, []byte("signature=SIGNATURE"))
	checkGolden(t, filepath.Join("testdata", "packages", sc.Name+".json"), body)
	return body
}

// signatureParam is the signature of a download_url.
var signatureParam = regexp.MustCompile(`signature=[A-Za-z0-9_-]{43}`)

// waitPackage polls a package's status route until it is no longer in
// progress.
func (e *testEnv) waitPackage(t *testing.T, url, token string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		status, body := e.do(scenario{Method: "GET", URL: url, Token: token})
		if status != 200 || !bytes.Contains(body, []byte(`"status":"in_progress"`)) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is still in progress", url)
		}
	}
}

// download fetches a zip and checks its headers.
func (e *testEnv) download(t *testing.T, url, token string) []byte {
	t.Helper()
	req, _ := nethttp.NewRequest("GET", e.URL+url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/zip" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment; filename=") {
		t.Fatalf("GET %s: %d %v %s", url, res.StatusCode, res.Header, b)
	}
	return b
}

// TestPackagesEmbedded plays the package routes of customer workspaces:
// customer 3's folder 6 is exported with the manifest 1 (package 1) and
// imported into customer 5's folder 8 (package 2), again (package 3),
// then broken packages are refused (packages 4 and 5).
func TestPackagesEmbedded(t *testing.T) {
	e := newTestEnv(t, false)
	setupPackages(t, e)
	const (
		acme = "/api/managed_users/3"
		beta = "/api/managed_users/Ebeta"
	)
	manifest := `{"export_manifest":{"name":"Integrations","folder_id":"6","assets":[` +
		`{"id":1,"type":"recipe","checked":true},{"id":2,"type":"recipe"},{"id":1,"type":"connection"},{"id":1,"type":"lookup_table"},` +
		`{"id":1,"type":"api_group"},{"id":1,"type":"api_endpoint"},{"id":null,"name":"region","type":"account_property"},` +
		`{"id":null,"name":"api.base_url","type":"account_property","checked":false}]}}`
	for _, sc := range []scenario{
		{Name: "e_folder_assets", Method: "GET", URL: acme + "/export_manifests/folder_assets?folder_id=6", WantStatus: 200},
		{Name: "e_folder_assets_sub_folder", Method: "GET", URL: acme + "/export_manifests/folder_assets?folder_id=7", WantStatus: 200},
		{Name: "e_folder_assets_home", Method: "GET", URL: acme + "/export_manifests/folder_assets", WantStatus: 200},
		{Name: "e_folder_assets_unknown_folder", Method: "GET", URL: acme + "/export_manifests/folder_assets?folder_id=8", WantStatus: 400},
		{Name: "e_folder_assets_bad_folder", Method: "GET", URL: acme + "/export_manifests/folder_assets?folder_id=six", WantStatus: 400},

		// Manifests.
		{Name: "e_manifest_create", Method: "POST", URL: acme + "/export_manifests", Body: manifest, WantStatus: 201},
		{Name: "e_manifest_create_home", Method: "POST", URL: acme + "/export_manifests", Body: `{"export_manifest":{"name":"Nothing"}}`, WantStatus: 201},
		{Name: "e_manifest_create_unwrapped", Method: "POST", URL: acme + "/export_manifests", Body: `{"name":"X","folder_id":6}`, WantStatus: 400},
		{Name: "e_manifest_create_blank_name", Method: "POST", URL: acme + "/export_manifests", Body: `{"export_manifest":{"name":" ","folder_id":6}}`, WantStatus: 400},
		{Name: "e_manifest_create_asset_elsewhere", Method: "POST", URL: acme + "/export_manifests", Body: `{"export_manifest":{"name":"X","folder_id":7,"assets":[{"id":2,"type":"recipe"}]}}`, WantStatus: 400},
		{Name: "e_manifest_create_unknown_type", Method: "POST", URL: acme + "/export_manifests", Body: `{"export_manifest":{"name":"X","assets":[{"id":2,"type":"widget"}]}}`, WantStatus: 400},
		{Name: "e_manifest_create_endpoint_alone", Method: "POST", URL: acme + "/export_manifests", Body: `{"export_manifest":{"name":"X","folder_id":6,"assets":[{"id":1,"type":"api_endpoint"}]}}`, WantStatus: 400},
		{Name: "e_manifest_create_unknown_folder", Method: "POST", URL: acme + "/export_manifests", Body: `{"export_manifest":{"name":"X","folder_id":8}}`, WantStatus: 400},
		{Name: "e_manifest_create_wrong_type", Method: "POST", URL: acme + "/export_manifests", Body: `{"export_manifest":{"name":"X","assets":"all"}}`, WantStatus: 400},
		{Name: "e_manifest_create_malformed", Method: "POST", URL: acme + "/export_manifests", Body: `{"export_manifest":`, WantStatus: 400},
		{Name: "e_manifest_get", Method: "GET", URL: acme + "/export_manifests/1", WantStatus: 200},
		{Name: "e_manifest_get_unknown", Method: "GET", URL: acme + "/export_manifests/99", WantStatus: 404},
		{Name: "e_manifest_update", Method: "PUT", URL: acme + "/export_manifests/2", Body: `{"export_manifest":{"name":"Just the table","folder_id":7,"assets":[{"id":1,"type":"lookup_table"}]}}`, WantStatus: 200},
		{Name: "e_manifest_update_invalid", Method: "PUT", URL: acme + "/export_manifests/2", Body: `{"export_manifest":{"assets":[{"id":2,"type":"recipe"}]}}`, WantStatus: 400},
		{Name: "e_manifest_delete", Method: "DELETE", URL: acme + "/export_manifests/2", WantStatus: 200},
		{Name: "e_manifest_delete_again", Method: "DELETE", URL: acme + "/export_manifests/2", WantStatus: 404},

		// Export.
		{Name: "e_export", Method: "POST", URL: acme + "/exports/1", WantStatus: 200},
		{Name: "e_export_unknown_manifest", Method: "POST", URL: acme + "/exports/2", WantStatus: 404},
	} {
		e.play(t, sc)
	}
	e.waitPackage(t, acme+"/exports/1", "")
	e.play(t, scenario{Name: "e_export_status", Method: "GET", URL: acme + "/exports/1", WantStatus: 200})
	e.play(t, scenario{Name: "e_manifest_after_export", Method: "GET", URL: acme + "/export_manifests/1", WantStatus: 200})
	zip := e.download(t, acme+"/exports/1/download", tokenA)
	contents, err := partnerd.ReadPackage(zip)
	if err != nil || len(contents.Files) != 7 {
		t.Fatalf("the exported zip: %v", err)
	}

	// Import into Beta, twice; the second changes nothing.
	e.play(t, scenario{Name: "e_import", Method: "POST", URL: beta + "/imports?folder_id=8", Body: string(zip),
		Header: map[string]string{"Content-Type": "application/octet-stream"}, WantStatus: 200})
	e.waitPackage(t, beta+"/imports/2", "")
	e.play(t, scenario{Name: "e_import_status", Method: "GET", URL: beta + "/imports/2", WantStatus: 200})
	e.play(t, scenario{Name: "e_imported_recipes", Method: "GET", URL: beta + "/recipes?exclude_code=true", WantStatus: 200})
	e.play(t, scenario{Name: "e_import_again", Method: "POST", URL: beta + "/imports?folder_id=8&restart_recipes=true", Body: string(zip), WantStatus: 200})
	e.waitPackage(t, beta+"/imports/3", "")
	e.play(t, scenario{Name: "e_import_again_status", Method: "GET", URL: beta + "/imports/3", WantStatus: 200})

	// A broken package fails, naming the file; Beta is as it was.
	broken := bytes.ReplaceAll(zip, []byte("get_order.recipe.json"), []byte("../orderx.recipe.json"))
	e.play(t, scenario{Name: "e_import_broken", Method: "POST", URL: beta + "/imports?folder_id=8", Body: string(broken), WantStatus: 200})
	e.waitPackage(t, beta+"/imports/4", "")
	e.play(t, scenario{Name: "e_import_broken_status", Method: "GET", URL: beta + "/imports/4", WantStatus: 200})
	e.play(t, scenario{Name: "e_import_not_a_zip", Method: "POST", URL: beta + "/imports?folder_id=8", Body: "hello", WantStatus: 200})
	e.waitPackage(t, beta+"/imports/5", "")
	e.play(t, scenario{Name: "e_import_not_a_zip_status", Method: "GET", URL: beta + "/imports/5", WantStatus: 200})
	e.play(t, scenario{Name: "e_imported_recipes_after_failures", Method: "GET", URL: beta + "/recipes?exclude_code=true", WantStatus: 200})

	// One import at a time.
	inProgress := &partnerd.Package{Operation: partnerd.PackageImport}
	if err := e.DB.CreatePackage(context.Background(), 5, inProgress); err != nil {
		t.Fatal(err)
	}
	for _, sc := range []scenario{
		{Name: "e_import_in_progress", Method: "POST", URL: beta + "/imports?folder_id=8", Body: string(zip), WantStatus: 400},
		{Name: "e_import_no_folder", Method: "POST", URL: beta + "/imports", Body: string(zip), WantStatus: 400},
		{Name: "e_import_unknown_folder", Method: "POST", URL: beta + "/imports?folder_id=6", Body: string(zip), WantStatus: 400},
		{Name: "e_import_bad_folder", Method: "POST", URL: beta + "/imports?folder_id=x", Body: string(zip), WantStatus: 400},
		{Name: "e_import_bad_restart", Method: "POST", URL: beta + "/imports?folder_id=8&restart_recipes=maybe", Body: string(zip), WantStatus: 400},
		{Name: "e_import_status_unknown", Method: "GET", URL: beta + "/imports/99", WantStatus: 404},
		{Name: "e_import_status_of_export", Method: "GET", URL: acme + "/imports/1", WantStatus: 404},
		{Name: "e_export_status_of_import", Method: "GET", URL: beta + "/exports/2", WantStatus: 404},
		{Name: "e_import_status_other_customer", Method: "GET", URL: acme + "/imports/2", WantStatus: 404},
		{Name: "e_download_of_import", Method: "GET", URL: beta + "/exports/2/download", WantStatus: 404},

		// Another account.
		{Name: "e_other_account_import", Method: "POST", URL: beta + "/imports?folder_id=8", Body: string(zip), Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_status", Method: "GET", URL: acme + "/exports/1", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_download", Method: "GET", URL: acme + "/exports/1/download", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_manifest", Method: "GET", URL: acme + "/export_manifests/1", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_folder_assets", Method: "GET", URL: "/api/managed_users/4/export_manifests/folder_assets?folder_id=6", Token: tokenB, WantStatus: 400},
		{Name: "e_no_token", Method: "GET", URL: acme + "/exports/1", Token: "-", WantStatus: 401},
	} {
		e.play(t, sc)
	}
}

// TestPackagesDeveloper plays the package routes of the caller's own
// workspace: A exports customer 3's package… into its own folder 9.
func TestPackagesDeveloper(t *testing.T) {
	e := newTestEnv(t, false)
	setupPackages(t, e)
	if status, body := e.do(scenario{Method: "POST", URL: "/api/managed_users/3/exports/1"}); status != 404 {
		t.Fatalf("export without a manifest: %d %s", status, body)
	}
	e.do(scenario{Method: "POST", URL: "/api/managed_users/3/export_manifests", Body: `{"export_manifest":{"name":"Slack","folder_id":6,"assets":[{"id":1,"type":"connection"}]}}`})
	e.do(scenario{Method: "POST", URL: "/api/managed_users/3/exports/1"})
	e.waitPackage(t, "/api/managed_users/3/exports/1", "")
	zip := e.download(t, "/api/managed_users/3/exports/1/download", tokenA)

	for _, sc := range []scenario{
		{Name: "d_folder_create", Method: "POST", URL: "/api/folders", Body: `{"name":"Own"}`, WantStatus: 200},
		{Name: "d_import", Method: "POST", URL: "/api/packages/import/9", Body: string(zip), WantStatus: 200},
	} {
		e.play(t, sc)
	}
	e.waitPackage(t, "/api/packages/2", "")
	for _, sc := range []scenario{
		{Name: "d_import_status", Method: "GET", URL: "/api/packages/2", WantStatus: 200},
		{Name: "d_import_unknown_folder", Method: "POST", URL: "/api/packages/import/6", Body: string(zip), WantStatus: 404},
		{Name: "d_import_bad_folder", Method: "POST", URL: "/api/packages/import/x", Body: string(zip), WantStatus: 404},
		{Name: "d_folder_assets", Method: "GET", URL: "/api/export_manifests/folder_assets?folder_id=9", WantStatus: 200},
		{Name: "d_manifest_create", Method: "POST", URL: "/api/export_manifests", Body: `{"export_manifest":{"name":"Own","folder_id":9,"assets":[{"id":2,"type":"connection"}]}}`, WantStatus: 201},
		{Name: "d_manifest_get", Method: "GET", URL: "/api/export_manifests/2", WantStatus: 200},
		{Name: "d_manifest_of_customer", Method: "GET", URL: "/api/export_manifests/1", WantStatus: 404},
		{Name: "d_manifest_update", Method: "PUT", URL: "/api/export_manifests/2", Body: `{"export_manifest":{"name":"Own, renamed"}}`, WantStatus: 200},
		{Name: "d_export", Method: "POST", URL: "/api/packages/export/2", WantStatus: 200},
	} {
		e.play(t, sc)
	}
	e.waitPackage(t, "/api/packages/3", "")
	e.play(t, scenario{Name: "d_export_status", Method: "GET", URL: "/api/packages/3", WantStatus: 200})
	own := e.download(t, "/api/packages/3/download", tokenA)
	if c, err := partnerd.ReadPackage(own); err != nil || len(c.Files) != 1 || c.Files[0].Path != "slack.connection.json" {
		t.Errorf("own export: %v", err)
	}
	for _, sc := range []scenario{
		{Name: "d_export_unknown_manifest", Method: "POST", URL: "/api/packages/export/1", WantStatus: 404},
		{Name: "d_package_of_customer", Method: "GET", URL: "/api/packages/1", WantStatus: 404},
		{Name: "d_download_of_customer", Method: "GET", URL: "/api/packages/1/download", WantStatus: 404},
		{Name: "d_download_of_import", Method: "GET", URL: "/api/packages/2/download", WantStatus: 404},
		{Name: "d_manifest_delete", Method: "DELETE", URL: "/api/export_manifests/2", WantStatus: 200},
		{Name: "d_other_account_package", Method: "GET", URL: "/api/packages/3", Token: tokenB, WantStatus: 404},
	} {
		e.play(t, sc)
	}
}

// TestPackageImportTooLarge sends a body past 100 MiB to the import.
func TestPackageImportTooLarge(t *testing.T) {
	e := newTestEnv(t, false)
	setupPackages(t, e)
	body := io.LimitReader(zeros{}, partnerd.MaxPackageSize+1)
	req, _ := nethttp.NewRequest("POST", e.URL+"/api/managed_users/5/imports?folder_id=8", body)
	req.Header.Set("Authorization", "Bearer "+tokenA)
	res, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct{ Message string }
	json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != 413 || !strings.Contains(out.Message, "larger than") {
		t.Errorf("a body past 100 MiB: %d %q", res.StatusCode, out.Message)
	}
}

// zeros reads as an endless run of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
