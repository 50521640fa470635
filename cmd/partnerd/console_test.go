package main

// The service pages that package client does not cover, the web console and
// /openapi.json, are read here with plain HTTP; the API is still driven
// through the client.

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	nethttp "net/http"
	"os"
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

// TestServeWithoutItsFile checks that a server whose SQLite file is deleted
// under it says it is not ready and refuses writes with a 503, while it
// still answers reads.
func TestServeWithoutItsFile(t *testing.T) {
	db := tempDB(t)
	m := MustRunMain(t, db, nil)
	c := newClient(m, bootstrapToken)
	MustCreateCustomer(t, c, "Initech", "initech")
	if status, _ := getPage(t, m, "/readyz", ""); status != 200 {
		t.Fatalf("/readyz before: %d", status)
	}
	if err := os.Remove(db); err != nil {
		t.Fatal(err)
	}
	if status, body := getPage(t, m, "/readyz", ""); status != nethttp.StatusServiceUnavailable {
		t.Errorf("/readyz without the file: %d %s", status, body)
	}
	_, err := c.CreateCustomer(context.Background(), client.CreateCustomerParams{Name: "Later", NotificationEmail: "ops@later.test"})
	var apiErr *client.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != nethttp.StatusServiceUnavailable {
		t.Errorf("a write without the file: %v, want a 503", err)
	}
	if _, err := c.Customer(context.Background(), client.ExternalID("initech")); err != nil {
		t.Errorf("a read without the file: %v", err)
	}
}
