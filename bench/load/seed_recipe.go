package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"math/rand/v2"
	"reflect"
	"slices"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// recipeConfig returns the config of a seeded recipe: the workspace's
// Salesforce and Slack connections, and the applications that need none.
func recipeConfig(salesforceID, slackID int64) []partnerd.RecipeConfig {
	config := make([]partnerd.RecipeConfig, len(recipeProviders))
	for i, p := range recipeProviders {
		config[i] = partnerd.RecipeConfig{Keyword: "application", Name: p, Provider: p}
	}
	config[0].AccountID, config[2].AccountID = &salesforceID, &slackID
	return config
}

// seedRecipes gives each workspace an authorized Salesforce and Slack
// connection and recipeCount/len(workspaces) recipes. The store creates
// the first recipe of each workspace; the others, which the store would
// take minutes to create one by one, are written with bulk SQL after its
// example, and read back through the store to check that they are alike.
func seedRecipes(ctx context.Context, db *store.DB, dsn string, workspaces []int64) error {
	start := time.Now()
	bulk, err := openBulk(ctx, dsn)
	if err != nil {
		return err
	}
	defer bulk.Close()
	perWorkspace := recipeCount / len(workspaces)
	examples := make([]*partnerd.Recipe, len(workspaces))
	success := partnerd.AuthorizationSuccess
	for i, ws := range workspaces {
		var ids [2]int64
		for j, provider := range []string{"salesforce", "slack"} {
			c := &partnerd.Connection{Name: provider, Provider: provider, AuthorizationStatus: &success}
			if err := db.CreateConnection(ctx, ws, c); err != nil {
				return fmt.Errorf("seed a connection: %w", err)
			}
			ids[j] = c.ID
		}
		n := i * perWorkspace
		examples[i] = &partnerd.Recipe{Name: recipeName(n), Code: newRecipeCode(n), Config: recipeConfig(ids[0], ids[1])}
		if err := db.CreateRecipe(ctx, ws, examples[i]); err != nil {
			return fmt.Errorf("seed recipe %d: %w", n, err)
		}
	}
	// The recipes of the next workspace are made while those of one are
	// written.
	made, done := make(chan []*partnerd.Recipe, 1), make(chan struct{})
	defer close(done)
	go func() {
		defer close(made)
		for i, example := range examples {
			list, err := makeRecipes(example, i*perWorkspace+1, perWorkspace-1)
			if err != nil {
				log.Print(err)
				return
			}
			select {
			case made <- list:
			case <-done:
				return
			}
		}
	}()
	for _, example := range examples {
		list, ok := <-made
		if !ok {
			return errors.New("seed recipes: making them failed")
		}
		lastID, err := bulk.insertRecipes(ctx, example, list)
		if err != nil {
			return fmt.Errorf("seed the recipes of workspace %d: %w", example.WorkspaceID, err)
		}
		if err := checkRecipe(ctx, db, example, lastID, perWorkspace); err != nil {
			return err
		}
	}
	if err := bulk.resetSequence(ctx, "recipes"); err != nil {
		return err
	}
	log.Printf("seeded %d recipes in %v", perWorkspace*len(workspaces), time.Since(start).Round(time.Millisecond))
	return nil
}

// recipeName returns the name of seeded recipe n.
func recipeName(n int) string { return fmt.Sprintf("Sync Salesforce changes %d", n) }

// makeRecipes returns count recipes numbered from first, validated, with
// the config of example and, a millisecond apart, later times.
func makeRecipes(example *partnerd.Recipe, first, count int) ([]*partnerd.Recipe, error) {
	list := make([]*partnerd.Recipe, count)
	for i := range list {
		n := first + i
		r := &partnerd.Recipe{Name: recipeName(n), Code: newRecipeCode(n), Config: example.Config}
		if err := r.Validate(); err != nil {
			return nil, fmt.Errorf("recipe %d: %w", n, err)
		}
		r.CreatedAt = example.CreatedAt.Add(time.Duration(i+1) * time.Millisecond)
		list[i] = r
	}
	return list, nil
}

// insertRecipes writes the recipes into the workspace and folder of
// example, with its authors, as CreateRecipe would, in one transaction; it
// returns the id of the last one. A column of recipes or of their versions
// that this file does not know takes the value of the example's: the
// store's own, for a recipe just created.
func (b *bulkDB) insertRecipes(ctx context.Context, example *partnerd.Recipe, list []*partnerd.Recipe) (int64, error) {
	tx, err := b.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM recipes`).Scan(&id); err != nil {
		return 0, err
	}
	recipeColumns, err := b.columns(ctx, tx, "recipes")
	if err != nil {
		return 0, err
	}
	// A revision names one state of one recipe: each gets its own.
	revision := slices.Contains(recipeColumns, "revision")
	recipes := &rowSet{table: "recipes", columns: []string{"id", "workspace_id", "folder_id", "name", "code", "config",
		"trigger_application", "action_applications", "private", "author_name", "created_at", "updated_at"}}
	if revision {
		recipes.columns = append(recipes.columns, "revision")
	}
	versions := &rowSet{table: "recipe_versions", columns: []string{"recipe_id", "version_no", "author_name", "author_email", "created_at", "updated_at"}}
	apps := &rowSet{table: "recipe_applications", columns: []string{"recipe_id", "name"}}
	connections := &rowSet{table: "recipe_connections", columns: []string{"recipe_id", "connection_id"}}
	firstID := id + 1
	for _, r := range list {
		id++
		config, err := json.Marshal(r.Config)
		if err != nil {
			return 0, err
		}
		actions, err := json.Marshal(r.ActionApplications)
		if err != nil {
			return 0, err
		}
		at := r.CreatedAt.UnixMilli()
		row := []any{id, example.WorkspaceID, example.FolderID, r.Name, r.Code, string(config),
			*r.TriggerApplication, string(actions), example.Private, example.AuthorName, at, at}
		if revision {
			row = append(row, rand.Int64())
		}
		recipes.rows = append(recipes.rows, row)
		versions.rows = append(versions.rows, []any{id, 1, example.VersionAuthorName, example.VersionAuthorEmail, at, at})
		for _, app := range r.Applications() {
			apps.rows = append(apps.rows, []any{id, app})
		}
		for _, c := range r.ConnectionIDs() {
			connections.rows = append(connections.rows, []any{id, c})
		}
	}
	for _, set := range []*rowSet{recipes, versions, apps, connections} {
		if err := b.insertRows(ctx, tx, set); err != nil {
			return 0, err
		}
	}
	if err := b.copyOtherColumns(ctx, tx, recipes, recipeColumns, "id", example.ID, firstID, id); err != nil {
		return 0, err
	}
	versionColumns, err := b.columns(ctx, tx, "recipe_versions")
	if err != nil {
		return 0, err
	}
	if err := b.copyOtherColumns(ctx, tx, versions, versionColumns, "recipe_id", example.ID, firstID, id); err != nil {
		return 0, err
	}
	return id, tx.Commit()
}

// checkRecipe reads back the recipe id that insertRecipes wrote and checks
// that the store finds it as it finds the example, and that the filter on
// applications finds every recipe of the workspace.
func checkRecipe(ctx context.Context, db *store.DB, example *partnerd.Recipe, id int64, count int) error {
	got, err := db.FindRecipeByID(ctx, example.WorkspaceID, id)
	if err != nil {
		return fmt.Errorf("read a seeded recipe: %w", err)
	}
	alike := *got
	// The fields of its own, and those the domain may add to name a state.
	for _, name := range []string{"ID", "Name", "Code", "CreatedAt", "UpdatedAt", "Revision"} {
		if f := reflect.ValueOf(&alike).Elem().FieldByName(name); f.IsValid() {
			f.Set(reflect.ValueOf(example).Elem().FieldByName(name))
		}
	}
	if !reflect.DeepEqual(&alike, example) {
		return fmt.Errorf("a recipe written in bulk differs from one the store created:\n%+v\n%+v", got, example)
	}
	_, total, err := db.FindRecipes(ctx, example.WorkspaceID, partnerd.RecipeFilter{ApplicationsAll: example.Applications(),
		ExcludeCode: true, Page: partnerd.Page{Page: 1, PerPage: 1}})
	if err != nil {
		return err
	}
	if total != count {
		return fmt.Errorf("the filter on applications finds %d of the %d seeded recipes", total, count)
	}
	return nil
}
