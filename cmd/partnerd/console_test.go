package main

// The service pages that package client does not cover, the web console and
// /openapi.json, are read here with plain HTTP; the API is still driven
// through the client.

import (
	"context"
	"encoding/json"
	"io"
	nethttp "net/http"
	"strings"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// getPage reads a page of m with the token, if any.
func getPage(t *testing.T, m *Main, path, token string) (int, string) {
	t.Helper()
	req, err := nethttp.NewRequest("GET", m.URL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

func TestServeConsoleAndDocument(t *testing.T) {
	m := MustRunMain(t, tempDB(t), nil)
	MustCreateCustomer(t, newClient(m, bootstrapToken), "Initech", "initech")

	if status, body := getPage(t, m, "/console", ""); status != nethttp.StatusUnauthorized || strings.Contains(body, "Initech") {
		t.Errorf("the console without a token: %d", status)
	}
	if status, body := getPage(t, m, "/console", bootstrapToken); status != 200 || !strings.Contains(body, "Initech") {
		t.Errorf("the console home: %d %s", status, body)
	}
	if status, body := getPage(t, m, "/console/requests", bootstrapToken); status != 200 || !strings.Contains(body, "/api/managed_users") {
		t.Errorf("the request journal: %d %s", status, body)
	}

	ctx := context.Background()
	admin := newClient(m, bootstrapToken)
	folder, err := admin.CreateDeveloperFolder(ctx, client.CreateFolderParams{Name: "Team"})
	if err != nil {
		t.Fatal(err)
	}
	team, err := admin.CreateDevAPIClient(ctx, client.CreateDevAPIClientParams{Name: "Team only", APIPrivilegeGroupID: 1,
		FolderIDs: []int64{folder.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if status, body := getPage(t, m, "/console/requests", team.Token.Value); status != nethttp.StatusNotFound || strings.Contains(body, "/api/managed_users") {
		t.Errorf("the request journal for a folder-limited Admin client: %d", status)
	}

	status, body := getPage(t, m, "/openapi.json", "")
	var doc struct {
		Paths map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); status != 200 || err != nil || doc.Paths["/api/managed_users/{mu}"] == nil || doc.Paths["/_partnerd/reset"] == nil {
		t.Errorf("/openapi.json: %d %v, %d paths", status, err, len(doc.Paths))
	}
}
