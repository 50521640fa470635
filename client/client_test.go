package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// request is what the fake server saw.
type request struct {
	Method, Path, Query, Body string
	Header                    http.Header
}

// fakeServer answers every request with status and body, and records it.
func fakeServer(t *testing.T, handle func(w http.ResponseWriter, r *http.Request)) (*client.Client, func() []request) {
	t.Helper()
	var mu sync.Mutex
	var seen []request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, request{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, string(b), r.Header.Clone()})
		mu.Unlock()
		handle(w, r)
	}))
	t.Cleanup(srv.Close)
	c := client.New(srv.URL+"/", client.WithToken("wrkaus-test"), client.WithHTTPClient(srv.Client()))
	return c, func() []request { mu.Lock(); defer mu.Unlock(); return append([]request(nil), seen...) }
}

func answer(status int, body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func TestWorkspaceRef(t *testing.T) {
	for _, tt := range []struct {
		ref  client.WorkspaceRef
		want string
	}{
		{client.ID(123), "123"},
		{client.ExternalID("A2300"), "EA2300"},
		{client.ExternalID("acme/1"), "Eacme%2F1"},
		{client.ExternalID("a b?#%"), "Ea%20b%3F%23%25"},
		{client.WorkspaceRef{}, ""},
		{client.ID(123).In(client.EnvTest), "123_test"},
		{client.ExternalID("acme/1").In(client.EnvProd), "Eacme%2F1_prod"},
		{client.WorkspaceRef{}.In(client.EnvDev), ""},
	} {
		if got := tt.ref.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestPathAndHeaders(t *testing.T) {
	c, seen := fakeServer(t, answer(200, `{"id":7,"external_id":"acme/1","name":"Acme","created_at":"2024-09-25T13:09:31.292-07:00"}`))
	cu, err := c.Customer(context.Background(), client.ExternalID("acme/1"))
	if err != nil {
		t.Fatal(err)
	}
	if cu.ID != 7 || *cu.ExternalID != "acme/1" || !cu.CreatedAt.Equal(time.Date(2024, 9, 25, 20, 9, 31, 292e6, time.UTC)) {
		t.Errorf("customer = %+v", cu)
	}
	r := seen()[0]
	if r.Method != "GET" || r.Path != "/api/managed_users/Eacme%2F1" {
		t.Errorf("request = %s %s", r.Method, r.Path)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer wrkaus-test" {
		t.Errorf("Authorization = %q", got)
	}
	if got := r.Header.Get("User-Agent"); got != client.DefaultUserAgent {
		t.Errorf("User-Agent = %q", got)
	}

	if _, err := c.Customer(context.Background(), client.WorkspaceRef{}); err == nil || len(seen()) != 1 {
		t.Errorf("zero ref: err = %v, requests = %d", err, len(seen()))
	}
}

func TestLegacyKey(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		io.WriteString(w, `{"result":[]}`)
	}))
	defer srv.Close()
	c := client.New(srv.URL, client.WithLegacyKey("a@b.test", "key"), client.WithUserAgent("ua/1"))
	if _, err := c.Customers(context.Background(), client.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if got.Get("X-User-Email") != "a@b.test" || got.Get("X-User-Token") != "key" || got.Get("Authorization") != "" || got.Get("User-Agent") != "ua/1" {
		t.Errorf("headers = %v", got)
	}
}

func TestUpdateCustomerParams(t *testing.T) {
	for _, tt := range []struct {
		p    client.UpdateCustomerParams
		want string
	}{
		{client.UpdateCustomerParams{}, `{}`},
		{client.UpdateCustomerParams{Name: client.Ptr("Acme"), Trial: client.Ptr(false)}, `{"name":"Acme","trial":false}`},
		{client.UpdateCustomerParams{OriginURL: client.Ptr("x"), Clear: []string{"origin_url", "external_id"}}, `{"external_id":null,"origin_url":null}`},
		{client.UpdateCustomerParams{WhitelistedApps: []string{}}, `{"whitelisted_apps":[]}`},
	} {
		b, err := json.Marshal(tt.p)
		if err != nil || string(b) != tt.want {
			t.Errorf("Marshal = %s, %v; want %s", b, err, tt.want)
		}
	}
}

func TestError(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		status int
		header string
		body   string
		check  func(*client.Error) bool
		is     func(error) bool
	}{
		{"validation", 400, "", `{"message":"Validation failed","errors":{"external_id":["has already been taken"]}}`,
			func(e *client.Error) bool {
				return e.Message == "Validation failed" && e.Errors["external_id"][0] == "has already been taken" &&
					e.Error() == "client: 400 Validation failed: external_id has already been taken"
			}, nil},
		{"not found", 404, "", `{"message":"Not found"}`, func(e *client.Error) bool { return e.Message == "Not found" }, client.IsNotFound},
		{"unauthorized", 401, "", `{"message":"Unauthorized"}`, nil, client.IsUnauthorized},
		{"forbidden", 403, "", `{"message":"Forbidden"}`, nil, client.IsForbidden},
		{"rate limited", 429, "17", `{"message":"Too many requests"}`,
			func(e *client.Error) bool { return e.RetryAfter == 17*time.Second }, client.IsRateLimited},
		{"server error", 500, "", `{"message":"Server error","id":"3188c2d0"}`,
			func(e *client.Error) bool { return e.ID == "3188c2d0" && strings.Contains(e.Error(), "3188c2d0") }, nil},
		{"plain text", 502, "", `Bad Gateway`, func(e *client.Error) bool { return e.Message == "Bad Gateway" && e.StatusCode == 502 }, nil},
		{"string errors", 400, "", `{"message":"x","errors":{"name":"is blank"}}`,
			func(e *client.Error) bool { return e.Errors["name"][0] == "is blank" }, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.header != "" {
					w.Header().Set("Retry-After", tt.header)
				}
				answer(tt.status, tt.body)(w, r)
			})
			_, err := c.Customer(ctx, client.ID(1))
			var e *client.Error
			if !errors.As(err, &e) || e.StatusCode != tt.status {
				t.Fatalf("err = %v", err)
			}
			if tt.check != nil && !tt.check(e) {
				t.Errorf("error = %#v", e)
			}
			if tt.is != nil && !tt.is(fmt.Errorf("wrapped: %w", err)) {
				t.Errorf("the Is helper does not recognise %v", err)
			}
		})
	}
}

func TestRefusalIsError(t *testing.T) {
	c, _ := fakeServer(t, answer(200, `{"success":false,"errors":{"running":["can't modify running recipe"]}}`))
	err := c.DeleteCustomer(context.Background(), client.ID(1))
	var e *client.Error
	if !errors.As(err, &e) || e.StatusCode != 200 || e.Errors["running"][0] != "can't modify running recipe" {
		t.Fatalf("err = %v", err)
	}
}

func TestAllCustomers(t *testing.T) {
	const total = 5
	c, seen := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		perPage, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
		var items []string
		for id := (page-1)*perPage + 1; id <= min(page*perPage, total); id++ {
			items = append(items, fmt.Sprintf(`{"id":%d}`, id))
		}
		answer(200, `{"result":[`+strings.Join(items, ",")+`]}`)(w, r)
	})
	var ids []int64
	for cu, err := range c.AllCustomers(context.Background(), 2) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, cu.ID)
	}
	if fmt.Sprint(ids) != "[1 2 3 4 5]" || len(seen()) != 3 {
		t.Errorf("ids = %v after %d requests", ids, len(seen()))
	}
	if q := seen()[2].Query; q != "page=3&per_page=2" {
		t.Errorf("third query = %q", q)
	}

	// Breaking out stops fetching.
	n := len(seen())
	for range c.AllCustomers(context.Background(), 2) {
		break
	}
	if len(seen()) != n+1 {
		t.Errorf("requests after break = %d, want %d", len(seen()), n+1)
	}
}

func TestAllCustomersError(t *testing.T) {
	c, _ := fakeServer(t, answer(401, `{"message":"Unauthorized"}`))
	var errs int
	for _, err := range c.AllCustomers(context.Background(), 0) {
		if !client.IsUnauthorized(err) {
			t.Fatalf("err = %v", err)
		}
		errs++
	}
	if errs != 1 {
		t.Errorf("errors yielded = %d", errs)
	}
}

func TestIDs(t *testing.T) {
	var r client.Role
	if err := json.Unmarshal([]byte(`{"folder_ids":["1232",1224]}`), &r); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(r.FolderIDs) != "[1232 1224]" {
		t.Errorf("folder_ids = %v", r.FolderIDs)
	}
	if err := json.Unmarshal([]byte(`{"folder_ids":["x"]}`), &r); err == nil {
		t.Error("a non-numeric id decoded")
	}
}

func TestCopyRoleBody(t *testing.T) {
	c, seen := fakeServer(t, answer(200, `{"id":546,"name":"Customer developer","folder_ids":["1232","1224"]}`))
	role, err := c.CopyRole(context.Background(), client.ID(123), 490, client.CopyRoleParams{Name: "Customer developer", FolderIDs: []int64{1232, 1224}})
	if err != nil {
		t.Fatal(err)
	}
	r := seen()[0]
	if r.Path != "/api/managed_users/123/roles/490/copy" || r.Body != `{"name":"Customer developer","folder_ids":["1232","1224"]}` {
		t.Errorf("request = %s %s", r.Path, r.Body)
	}
	if role.ID != 546 || len(role.FolderIDs) != 2 || role.Privileges != nil {
		t.Errorf("role = %+v", role)
	}
}

func TestDevAPIClientPaths(t *testing.T) {
	c, seen := fakeServer(t, answer(200, `{"result":{"id":40948,"token":{"updated_at":"2023-02-28T10:09:07.579Z","value":"wrkaus-x"}}}`))
	ctx := context.Background()
	own, err := c.CreateDevAPIClient(ctx, client.CreateDevAPIClientParams{Name: "n", APIPrivilegeGroupID: 1, AllFolders: true})
	if err != nil || own.Token.Value != "wrkaus-x" {
		t.Fatalf("create = %+v, %v", own, err)
	}
	if _, err := c.RegenerateCustomerDevAPIClientToken(ctx, client.ExternalID("a/b"), 5); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateDevAPIClient(ctx, 5, client.UpdateDevAPIClientParams{IPAllowList: client.Ptr("")}); err != nil {
		t.Fatal(err)
	}
	got := seen()
	want := []string{
		`POST /api/developer_api_clients {"name":"n","api_privilege_group_id":1,"all_folders":true}`,
		`POST /api/v2/managed_users/Ea%2Fb/developer_api_clients/5/regenerate `,
		`PUT /api/developer_api_clients/5 {"all_folders":false,"ip_allow_list":""}`,
	}
	for i, w := range want {
		if s := got[i].Method + " " + got[i].Path + " " + got[i].Body; s != w {
			t.Errorf("request %d = %s, want %s", i, s, w)
		}
	}
}
