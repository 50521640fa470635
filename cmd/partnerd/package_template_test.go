package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	nethttp "net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// packageTemplate builds customer A's folder Integrations (with the folder
// Sync): three connections, five recipes that use them, a lookup table
// with rows, two properties and an API collection whose endpoint calls a
// recipe. It returns the folder and the recipes' ids.
func packageTemplate(t *testing.T, c *client.Client, mu client.WorkspaceRef) (*client.Folder, []int64) {
	t.Helper()
	ctx := t.Context()
	top, err := c.CreateFolder(ctx, mu, client.CreateFolderParams{Name: "Integrations"})
	if err != nil {
		t.Fatal(err)
	}
	sync, err := c.CreateFolder(ctx, mu, client.CreateFolderParams{Name: "Sync", ParentID: top.ID})
	if err != nil {
		t.Fatal(err)
	}
	conn := map[string]int64{}
	for _, p := range []client.CreateConnectionParams{
		{Provider: "salesforce", Name: "Salesforce", FolderID: top.ID},
		{Provider: "slack", Name: "Slack", FolderID: top.ID},
		{Provider: "jira", Name: "Jira", FolderID: sync.ID, Input: map[string]any{"host_name": "acme.atlassian.net"}},
	} {
		cn, err := c.CreateConnection(ctx, mu, p)
		if err != nil {
			t.Fatal(err)
		}
		conn[p.Provider] = cn.ID
	}
	step := func(keyword, provider, name string, block ...any) map[string]any {
		return map[string]any{"keyword": keyword, "provider": provider, "name": name, "input": map[string]any{"note": "a < b & c"}, "block": block}
	}
	config := func(providers ...string) []client.RecipeConfig {
		var out []client.RecipeConfig
		for _, p := range providers {
			rc := client.RecipeConfig{Provider: p}
			if id, ok := conn[p]; ok {
				rc.AccountID = &id
			}
			out = append(out, rc)
		}
		return out
	}
	var ids []int64
	for _, p := range []client.RecipeParams{
		{Name: "New lead", FolderID: top.ID, Code: step("trigger", "salesforce", "new_object", step("action", "slack", "post_message")), Config: config("salesforce", "slack")},
		{Name: "Lead to ticket", FolderID: sync.ID, Code: step("trigger", "salesforce", "new_object", step("action", "jira", "create_issue")), Config: config("salesforce", "jira")},
		{Name: "Daily digest", FolderID: top.ID, Code: step("trigger", "clock", "scheduled_event", step("action", "slack", "post_message")), Config: config("clock", "slack")},
		{Name: "Ticket sync", FolderID: sync.ID, Code: step("trigger", "jira", "new_issue", step("action", "salesforce", "update_object")), Config: config("jira", "salesforce")},
		{Name: "Get order", FolderID: top.ID, Code: step("trigger", "clock", "scheduled_event", step("action", "slack", "post_message")), Config: config("clock", "slack")},
	} {
		id, err := c.CreateRecipe(ctx, mu, p)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	table, err := c.CreateLookupTable(ctx, mu, client.CreateLookupTableParams{Name: "Codes", FolderID: sync.ID,
		Schema: []client.LookupColumn{{Label: "code", Type: "string"}, {Label: "name", Type: "string"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []client.LookupRowData{{"code": "A1", "name": "Acme & Co"}, {"code": "B2"}} {
		if _, err := c.AddLookupRow(ctx, mu, table.ID, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.UpsertProperties(ctx, mu, map[string]string{"region": "eu", "api.base_url": "https://api.test/?a=1&b=2"}); err != nil {
		t.Fatal(err)
	}
	spec := "openapi: 3.0.0\ninfo:\n  version: '1.0'\npaths:\n  /orders/{id}:\n    get:\n      operationId: getOrder\n" +
		"      x-workato-recipe-id: " + strconv.FormatInt(ids[4], 10) + "\n  /orders:\n    get:\n      operationId: listOrders\n"
	if _, err := c.CreateAPICollection(ctx, mu, client.CreateAPICollectionParams{Name: "Orders API", ProjectID: *top.ProjectID,
		OpenAPISpec: &client.OpenAPISpec{Content: spec, Format: "yaml"}}); err != nil {
		t.Fatal(err)
	}
	return top, ids
}

// exportAll exports every asset of a folder and returns the zip.
func exportAll(t *testing.T, c *client.Client, mu client.WorkspaceRef, folderID int64) []byte {
	t.Helper()
	ctx := t.Context()
	assets, err := c.FolderAssets(ctx, mu, folderID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.CreateExportManifest(ctx, mu, client.ExportManifestParams{Name: "All of it", FolderID: folderID, Assets: assets})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.ExportPackage(ctx, mu, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	p = waitPackage(t, p, func(ctx context.Context) (*client.Package, error) { return c.ExportStatus(ctx, mu, p.ID) })
	if p.Status != "completed" || !strings.Contains(p.DownloadURL, "/downloads/packages/"+strconv.FormatInt(p.ID, 10)+"?") {
		t.Fatalf("export = %+v", p)
	}
	zip, err := c.DownloadPackage(ctx, mu, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The download_url works without credentials, as clients use it.
	res, err := nethttp.Get(p.DownloadURL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if signed, err := io.ReadAll(res.Body); err != nil || res.StatusCode != 200 || !bytes.Equal(signed, zip) {
		t.Fatalf("GET download_url: %d %v", res.StatusCode, err)
	}
	return zip
}

// importInto imports a zip and returns the package as it ended.
func importInto(t *testing.T, c *client.Client, mu client.WorkspaceRef, folderID int64, zip []byte, restart bool) *client.Package {
	t.Helper()
	p, err := c.ImportPackage(t.Context(), mu, folderID, zip, restart)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != "in_progress" || p.OperationType != "import" {
		t.Errorf("new import = %+v", p)
	}
	return waitPackage(t, p, func(ctx context.Context) (*client.Package, error) { return c.ImportStatus(ctx, mu, p.ID) })
}

// waitPackage polls a package until it ends.
func waitPackage(t *testing.T, p *client.Package, poll func(ctx context.Context) (*client.Package, error)) *client.Package {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for p.InProgress() {
		if time.Now().After(deadline) {
			t.Fatalf("package %d is still in progress", p.ID)
		}
		time.Sleep(20 * time.Millisecond)
		var err error
		if p, err = poll(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// unzip returns the files of a zip by name.
func unzip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(data)
	}
	return out
}

// dumpCustomer reads everything of a customer workspace that the packages
// touch, ids and times included, as JSON text.
func dumpCustomer(t *testing.T, c *client.Client, mu client.WorkspaceRef) string {
	t.Helper()
	ctx := t.Context()
	dump := map[string]any{}
	must := func(name string, v any, err error) {
		if err != nil {
			t.Fatalf("dump %s: %v", name, err)
		}
		dump[name] = v
	}
	var walk func(parent int64)
	walk = func(parent int64) {
		list, err := c.Folders(ctx, mu, client.FolderListOptions{ParentID: parent})
		must("folders of "+strconv.FormatInt(parent, 10), list, err)
		for _, f := range list {
			walk(f.ID)
		}
	}
	walk(0)
	recipes, err := c.Recipes(ctx, mu, client.RecipeListOptions{})
	must("recipes", recipes, err)
	for _, r := range recipes {
		versions, err := c.RecipeVersions(ctx, mu, r.ID, client.ListOptions{})
		must("versions of "+strconv.FormatInt(r.ID, 10), versions, err)
	}
	conns, err := c.Connections(ctx, mu, client.ConnectionListOptions{})
	must("connections", conns, err)
	tables, err := c.LookupTables(ctx, mu, client.ListOptions{})
	must("lookup tables", tables, err)
	for _, lt := range tables {
		rows, err := c.LookupRows(ctx, mu, lt.ID, client.LookupRowListOptions{})
		must("rows of "+strconv.FormatInt(lt.ID, 10), rows, err)
	}
	props, err := c.Properties(ctx, mu, "")
	must("properties", props, err)
	collections, err := c.APICollections(ctx, mu, client.ListOptions{})
	must("collections", collections, err)
	endpoints, err := c.APIEndpoints(ctx, mu, client.APIEndpointListOptions{})
	must("endpoints", endpoints, err)
	b, _ := json.MarshalIndent(dump, "", " ")
	return string(b)
}
