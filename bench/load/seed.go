package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// The data set every run measures.
const (
	customerCount    = 1000
	recipeWorkspaces = 20 // the first customers, which hold every recipe
	recipeCount      = 100_000
	bigTableRows     = partnerd.MaxLookupRows
	smallTableRows   = 100
)

// Names the workloads find the seeded objects by.
const (
	bigTableName    = "100000 rows"
	smallTableName  = "100 rows"
	insertTableName = "inserts"
)

// benchToken is the API token of the seeded account: fixed, so that a kept
// data set is used again without keeping a secret beside it.
var benchToken = partnerd.TokenPrefix + "bench000000000000000000000000000000000000000000"

// dataSetVersion changes with what seed writes, so that a data set kept
// from an earlier version is not taken for the current one.
const dataSetVersion = 2

// customerExternalID returns the external id of customer n, from 1. That
// of the last one, created last, says that the seed is complete, and of
// which version.
func customerExternalID(n int) string {
	if n == customerCount {
		return fmt.Sprintf("bench-complete-v%d", dataSetVersion)
	}
	return fmt.Sprintf("bench-%04d", n)
}

// seed creates the data set in the database at dsn, which holds no bench
// account yet: the account, its customers, the connections and recipes of
// the first customers, and the lookup tables of the first one.
func seed(ctx context.Context, dsn string) error {
	start := time.Now()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	account, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "Bench", Email: "bench@partnerd.test",
		APIKeyHash: partnerd.HashSecret(partnerd.RandomString(32)), ClientName: "bench", TokenHash: partnerd.HashSecret(benchToken)})
	if err != nil {
		return fmt.Errorf("seed the account: %w", err)
	}
	customers := make([]int64, 0, customerCount)
	for n := 1; n < customerCount; n++ {
		id, err := createCustomer(ctx, db, account.ID, n)
		if err != nil {
			return err
		}
		customers = append(customers, id)
	}
	log.Printf("seeded %d customers in %v", len(customers), time.Since(start).Round(time.Millisecond))

	if err := seedLookupTables(ctx, db, customers[0]); err != nil {
		return err
	}
	if err := seedRecipes(ctx, db, dsn, customers[:recipeWorkspaces]); err != nil {
		return err
	}
	if _, err := createCustomer(ctx, db, account.ID, customerCount); err != nil {
		return err
	}
	log.Printf("seeded the data set in %v", time.Since(start).Round(time.Millisecond))
	return nil
}

// createCustomer creates customer n of the account and returns its id.
func createCustomer(ctx context.Context, db *store.DB, accountID int64, n int) (int64, error) {
	external := customerExternalID(n)
	w := &partnerd.Workspace{Name: fmt.Sprintf("Customer %04d", n), ExternalID: &external,
		NotificationEmail: fmt.Sprintf("ops@customer%04d.test", n),
		PlanID:            partnerd.DefaultPlanID, TimeZone: partnerd.DefaultTimeZone, TeamName: fmt.Sprintf("Customer %04d", n)}
	if err := db.CreateCustomer(ctx, accountID, w); err != nil {
		return 0, fmt.Errorf("seed customer %d: %w", n, err)
	}
	return w.ID, nil
}

// seedLookupTables creates, in one workspace, an empty table to insert
// rows into, a table of 100 rows and one of 100,000 rows, whose codes are
// C0000000 onwards.
func seedLookupTables(ctx context.Context, db *store.DB, workspaceID int64) error {
	start := time.Now()
	for _, t := range []struct {
		name string
		rows int
	}{{insertTableName, 0}, {smallTableName, smallTableRows}, {bigTableName, bigTableRows}} {
		table := &partnerd.LookupTable{Name: t.name, Columns: lookupColumns}
		if err := db.CreateLookupTable(ctx, workspaceID, table); err != nil {
			return fmt.Errorf("seed table %s: %w", t.name, err)
		}
		rows := make([]partnerd.LookupData, t.rows)
		for i := range rows {
			code, name, region := lookupCode(i), fmt.Sprintf("Name %d", i), regions[i%len(regions)]
			rows[i] = partnerd.LookupData{"code": &code, "name": &name, "region": &region}
		}
		if err := db.AddLookupRows(ctx, workspaceID, table.ID, rows); err != nil {
			return fmt.Errorf("seed the rows of %s: %w", t.name, err)
		}
	}
	log.Printf("seeded the lookup tables in %v", time.Since(start).Round(time.Millisecond))
	return nil
}

// lookupColumns are the columns of every bench lookup table.
var lookupColumns = []partnerd.LookupColumn{{Label: "code", Type: "string"}, {Label: "name", Type: "string"},
	{Label: "region", Type: "string"}}

var regions = []string{"EMEA", "AMER", "APAC", "LATAM"}

// lookupCode returns the code of row i of a seeded table.
func lookupCode(i int) string { return fmt.Sprintf("C%07d", i) }
