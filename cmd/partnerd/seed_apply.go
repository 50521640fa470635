package main

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/partnerd/partnerd/client"
)

// seedTarget applies what a seed account holds, below its clients, through
// the API as the account's Admin client: the same calls whether the server
// is this process (serve --seed) or another (partnerd seed).
type seedTarget struct {
	c    *client.Client
	file string
}

// at prefixes an error with the file and line of the item it concerns.
func (t seedTarget) at(line int, what string, err error) error {
	return fmt.Errorf("%s:%d: %s: %w", t.file, line, what, err)
}

// applyAccount creates the account's properties and customers.
func (t seedTarget) applyAccount(ctx context.Context, a *SeedAccount) error {
	if len(a.Properties) > 0 {
		if err := t.c.UpsertDeveloperProperties(ctx, a.Properties); err != nil {
			return t.at(a.Line, "account "+a.Name+": properties", err)
		}
	}
	for i := range a.Customers {
		if err := t.applyCustomer(ctx, &a.Customers[i]); err != nil {
			return err
		}
	}
	return nil
}

// applyCustomer creates a customer workspace and what it holds, in the
// order the file lists each kind.
func (t seedTarget) applyCustomer(ctx context.Context, cu *SeedCustomer) error {
	email := cu.NotificationEmail
	if email == "" {
		email = "ops@example.com"
	}
	created, err := t.c.CreateCustomer(ctx, client.CreateCustomerParams{Name: cu.Name, NotificationEmail: email, ExternalID: cu.ExternalID})
	if err != nil {
		return t.at(cu.Line, "customer "+cu.Name, err)
	}
	mu := created.Ref()
	folders := map[string]int64{}
	for _, f := range cu.Folders {
		folder, err := t.c.CreateFolder(ctx, mu, client.CreateFolderParams{Name: f.Name, ParentID: folders[f.Parent]})
		if err != nil {
			return t.at(f.Line, "folder "+f.Name, err)
		}
		folders[f.Name] = folder.ID
	}
	connections := map[string]int64{}
	for _, c := range cu.Connections {
		conn, err := t.c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: c.Provider, Name: c.Name,
			FolderID: folders[c.Folder], Input: c.Input})
		if err != nil {
			return t.at(c.Line, "connection "+c.Name, err)
		}
		connections[c.Name] = conn.ID
	}
	for _, r := range cu.Recipes {
		var config []client.RecipeConfig
		for _, provider := range slices.Sorted(maps.Keys(r.Config)) {
			rc := client.RecipeConfig{Provider: provider}
			if name := r.Config[provider]; name != "" {
				id := connections[name]
				rc.AccountID = &id
			}
			config = append(config, rc)
		}
		if _, err := t.c.CreateRecipe(ctx, mu, client.RecipeParams{Name: r.Name, Code: r.Code, Config: config, FolderID: folders[r.Folder]}); err != nil {
			return t.at(r.Line, "recipe "+r.Name, err)
		}
	}
	for _, lt := range cu.LookupTables {
		schema := make([]client.LookupColumn, len(lt.Columns))
		for i, label := range lt.Columns {
			schema[i] = client.LookupColumn{Label: label, Type: "string"}
		}
		table, err := t.c.CreateLookupTable(ctx, mu, client.CreateLookupTableParams{Name: lt.Name, Schema: schema, FolderID: folders[lt.Folder]})
		if err != nil {
			return t.at(lt.Line, "lookup table "+lt.Name, err)
		}
		for i, row := range lt.Rows {
			if _, err := t.c.AddLookupRow(ctx, mu, table.ID, client.LookupRowData(row)); err != nil {
				return t.at(lt.Line, fmt.Sprintf("lookup table %s: row %d", lt.Name, i+1), err)
			}
		}
	}
	if len(cu.Properties) > 0 {
		if err := t.c.UpsertProperties(ctx, mu, cu.Properties); err != nil {
			return t.at(cu.Line, "customer "+cu.Name+": properties", err)
		}
	}
	return nil
}
