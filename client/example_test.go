package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/partnerd/partnerd/client"
)

func ExampleNew() {
	// Against Workato's EU data center with a developer API client token.
	c := client.New(client.WorkatoEU, client.WithToken(os.Getenv("WORKATO_API_TOKEN")))

	// Against a local partnerd, with the legacy email and API key.
	local := client.New("http://127.0.0.1:8080",
		client.WithLegacyKey("admin@partnerd.local", os.Getenv("PARTNERD_API_KEY")),
		client.WithUserAgent("my-integration/2.1"))

	fmt.Println(c.BaseURL(), local.BaseURL())
}

func ExampleClient_CreateCustomer() {
	ctx := context.Background()
	c := client.New("http://127.0.0.1:8080", client.WithToken(os.Getenv("PARTNERD_TOKEN")))

	cu, err := c.CreateCustomer(ctx, client.CreateCustomerParams{
		Name:              "Acme",
		NotificationEmail: "ops@acme.test",
		ExternalID:        "acme/1",
	})
	if err != nil {
		log.Fatal(err)
	}
	// The external id names the workspace in every later call.
	again, err := c.Customer(ctx, client.ExternalID("acme/1"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cu.ID == again.ID)
}

func ExampleClient_UpdateCustomer() {
	ctx := context.Background()
	c := client.New("http://127.0.0.1:8080", client.WithToken(os.Getenv("PARTNERD_TOKEN")))

	// Only the fields set are sent; origin_url is sent as null, which clears it.
	cu, err := c.UpdateCustomer(ctx, client.ExternalID("acme/1"), client.UpdateCustomerParams{
		Name:  client.Ptr("Acme Corp"),
		Trial: client.Ptr(false),
		Clear: []string{"origin_url"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cu.Name, cu.OriginURL == nil)
}

func ExampleClient_AllCustomers() {
	ctx := context.Background()
	c := client.New("http://127.0.0.1:8080", client.WithToken(os.Getenv("PARTNERD_TOKEN")))

	for cu, err := range c.AllCustomers(ctx, 100) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(cu.ID, cu.Name)
	}
}

func ExampleClient_AllRecipeJobs() {
	ctx := context.Background()
	c := client.New("http://127.0.0.1:8080", client.WithToken(os.Getenv("PARTNERD_TOKEN")))

	// Every failed job of recipe 42, newest first, however many pages of
	// 100 they span: each page starts after the last job of the one before.
	mu := client.ExternalID("acme/1")
	for job, err := range c.AllRecipeJobs(ctx, mu, 42, client.JobListOptions{Status: "failed"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(job.ID, job.StartedAt.Format(time.RFC3339))
	}
}

func ExampleClient_AllLookupRows() {
	ctx := context.Background()
	c := client.New("http://127.0.0.1:8080", client.WithToken(os.Getenv("PARTNERD_TOKEN")))

	// The first 10 rows of table 7 whose country is FR. Leaving the loop
	// early fetches no further page.
	mu := client.ExternalID("acme/1")
	opts := client.LookupRowListOptions{By: map[string]string{"country": "FR"}}
	n := 0
	for row, err := range c.AllLookupRows(ctx, mu, 7, opts) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(row.Cell("code"))
		if n++; n == 10 {
			break
		}
	}
}

func ExampleIsNotFound() {
	ctx := context.Background()
	c := client.New("http://127.0.0.1:8080", client.WithToken(os.Getenv("PARTNERD_TOKEN")))

	_, err := c.Customer(ctx, client.ID(42))
	switch {
	case client.IsNotFound(err):
		fmt.Println("no such customer in this account")
	case client.IsUnauthorized(err):
		fmt.Println("check the token")
	case err != nil:
		log.Fatal(err)
	}
}

func ExampleIsRateLimited() {
	ctx := context.Background()
	c := client.New("http://127.0.0.1:8080", client.WithToken(os.Getenv("PARTNERD_TOKEN")))

	for {
		_, err := c.Customer(ctx, client.ExternalID("acme/1"))
		var apiErr *client.Error
		if client.IsRateLimited(err) && errors.As(err, &apiErr) {
			time.Sleep(apiErr.RetryAfter)
			continue
		}
		if err != nil {
			log.Fatal(err)
		}
		break
	}
}

func ExampleClient_CreateDevAPIClient() {
	ctx := context.Background()
	c := client.New("http://127.0.0.1:8080", client.WithToken(os.Getenv("PARTNERD_TOKEN")))

	roles, _, err := c.DevAPIClientRoles(ctx, client.ListOptions{})
	if err != nil {
		log.Fatal(err)
	}
	created, err := c.CreateDevAPIClient(ctx, client.CreateDevAPIClientParams{
		Name:                "ci",
		APIPrivilegeGroupID: roles[0].ID,
		AllFolders:          true,
	})
	if err != nil {
		log.Fatal(err)
	}
	// The token is shown once: store it now.
	ci := client.New(c.BaseURL(), client.WithToken(created.Token.Value))

	// Rotate it later; the old token fails from the next request on.
	rotated, err := ci.RegenerateDevAPIClientToken(ctx, created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rotated.Token.Value != created.Token.Value)
}

func ExampleClient_CreateCustomerDevAPIClient() {
	ctx := context.Background()
	c := client.New("http://127.0.0.1:8080", client.WithToken(os.Getenv("PARTNERD_TOKEN")))

	// A client living in the customer workspace: its token acts from there
	// on the Developer routes, such as Me and DeveloperMembers.
	mu := client.ExternalID("acme/1")
	roles, _, err := c.CustomerDevAPIClientRoles(ctx, mu, client.ListOptions{})
	if err != nil {
		log.Fatal(err)
	}
	created, err := c.CreateCustomerDevAPIClient(ctx, mu, client.CreateDevAPIClientParams{
		Name: "acme-sync", APIPrivilegeGroupID: roles[0].ID, AllFolders: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	me, err := client.New(c.BaseURL(), client.WithToken(created.Token.Value)).Me(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Name)
}

func ExampleClient_CreateMember() {
	ctx := context.Background()
	c := client.New("http://127.0.0.1:8080", client.WithToken(os.Getenv("PARTNERD_TOKEN")))

	mu := client.ExternalID("acme/1")
	m, err := c.CreateMember(ctx, mu, client.CreateMemberParams{
		Name: "Ann", Email: "ann@acme.test", RoleName: "Analyst",
	})
	if err != nil {
		log.Fatal(err)
	}
	privs, err := c.MemberPrivileges(ctx, mu, m.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(privs[0].Name)
}

func ExampleClient_TestCreateRole() {
	ctx := context.Background()
	// A partnerd started with --test-helpers.
	c := client.New("http://127.0.0.1:8080", client.WithToken(os.Getenv("PARTNERD_TOKEN")))

	mu := client.ExternalID("acme/1")
	role, err := c.TestCreateRole(ctx, mu, client.TestRoleParams{
		Name:       "Builder",
		Privileges: map[string][]string{"Recipes": {"read", "create"}, "Folders": {"read"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	copied, err := c.CopyRole(ctx, mu, role.ID, client.CopyRoleParams{Name: "Builder (EU)"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(copied.Name)
}
