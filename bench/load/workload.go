package main

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"sync/atomic"

	"github.com/partnerd/partnerd/client"
)

// maxConns is the most connections a measurement may use: each connection
// of the start/stop workload needs a recipe of its own.
const maxConns = 256

// workload is one kind of request the benchmark measures.
type workload struct {
	name    string
	title   string
	read    bool // a read: its p99 has a target at 32 connections
	durable bool // a write that must reach the disk: also measured against bare+fsync
	// requests returns, for one measurement against t, the requests of each
	// connection, and how many distinct answers the first connection's
	// first requests show, which is what the bare server keeps.
	requests func(ctx context.Context, b *bench, t *target, run int) (perConn func(conn int) func() request, distinct int, err error)
}

// target is a server a workload runs against.
type target struct {
	name string // partnerd, bare or bare+fsync
	addr string
	proc *process       // the process that serves it
	api  *client.Client // partnerd's API, for what a measurement prepares
}

var workloads = []*workload{
	{name: "list", title: "list 100 recipes", read: true, requests: listRecipes},
	{name: "get", title: "get one recipe", read: true, requests: getRecipe},
	{name: "insert", title: "create a lookup row", durable: true, requests: insertRows},
	{name: "lookup100k", title: "lookup by column, 100,000 rows", read: true, requests: lookupIn(bigTableName)},
	{name: "lookup100", title: "lookup by column, 100 rows", read: true, requests: lookupIn(smallTableName)},
	{name: "customer", title: "create a customer", durable: true, requests: createCustomers},
	{name: "startstop", title: "start/stop a recipe", durable: true, requests: startStopRecipes},
}

func workloadNames() []string {
	names := make([]string, len(workloads))
	for i, w := range workloads {
		names[i] = w.name
	}
	return names
}

func findWorkload(name string) *workload {
	for _, w := range workloads {
		if w.name == name {
			return w
		}
	}
	return nil
}

// cycle gives each connection the requests of pool in turn, each from its
// own place in it.
func cycle(pool []request) func(conn int) func() request {
	return func(conn int) func() request {
		i := conn * 31
		return func() request {
			r := pool[i%len(pool)]
			i++
			return r
		}
	}
}

func (b *bench) customerPath() string {
	return "/api/managed_users/" + strconv.FormatInt(b.data.customerID, 10)
}

func listRecipes(_ context.Context, b *bench, _ *target, _ int) (func(int) func() request, int, error) {
	pool := []request{{method: "GET", target: b.customerPath() + "/recipes?per_page=100"}}
	return cycle(pool), len(pool), nil
}

func getRecipe(_ context.Context, b *bench, _ *target, _ int) (func(int) func() request, int, error) {
	var pool []request
	for _, id := range b.data.recipes[:100] {
		pool = append(pool, request{method: "GET", target: fmt.Sprintf("%s/recipes/%d", b.customerPath(), id)})
	}
	return cycle(pool), len(pool), nil
}

// lookupIn looks up 100 codes spread over the named table, its first and
// last rows among them.
func lookupIn(table string) func(context.Context, *bench, *target, int) (func(int) func() request, int, error) {
	return func(_ context.Context, b *bench, _ *target, _ int) (func(int) func() request, int, error) {
		rows := smallTableRows
		if table == bigTableName {
			rows = bigTableRows
		}
		var pool []request
		for i := range 100 {
			code := lookupCode(i * (rows - 1) / 99)
			pool = append(pool, request{method: "GET",
				target: fmt.Sprintf("%s/lookup_tables/%d/lookup?by[code]=%s", b.customerPath(), b.data.tables[table], code)})
		}
		return cycle(pool), len(pool), nil
	}
}

// rowsPerTable is how many rows a measurement inserts into one table
// before it moves to the next, below partnerd's cap of 100,000.
const rowsPerTable = 90_000

// insertRows inserts rows into fresh tables of partnerd, made before the
// measurement so that no table reaches its cap; the bare server is sent
// the same requests with the seeded table.
func insertRows(ctx context.Context, b *bench, t *target, run int) (func(int) func() request, int, error) {
	tables := []int64{b.data.tables[insertTableName]}
	if t.api != nil {
		tables = tables[:0]
		// Room for 40,000 inserts a second, far above what is expected.
		n := int(math.Ceil(b.cfg.duration.Seconds() * 1.5 * 40_000 / rowsPerTable))
		for i := range n {
			created, err := t.api.CreateLookupTable(ctx, client.ID(b.data.customerID), client.CreateLookupTableParams{
				Name: fmt.Sprintf("inserts %s %d.%d", b.nonce, run, i), Schema: clientColumns()})
			if err != nil {
				return nil, 0, fmt.Errorf("create a table to insert into: %w", err)
			}
			tables = append(tables, created.ID)
		}
	}
	var count atomic.Int64
	return func(conn int) func() request {
		return func() request {
			k := count.Add(1) - 1
			table := tables[min(int(k/rowsPerTable), len(tables)-1)]
			body := fmt.Sprintf(`{"data":{"code":"I%s-%d-%d","name":"Inserted row %d","region":"%s"}}`,
				b.nonce, run, k, k, regions[k%int64(len(regions))])
			return request{method: "POST", target: fmt.Sprintf("%s/lookup_tables/%d/rows", b.customerPath(), table), body: []byte(body)}
		}
	}, 2, nil
}

// clientColumns are the seeded tables' columns, as the SDK sends them.
func clientColumns() []client.LookupColumn {
	out := make([]client.LookupColumn, len(lookupColumns))
	for i, c := range lookupColumns {
		out[i] = client.LookupColumn{Label: c.Label, Type: c.Type}
	}
	return out
}

// createCustomers creates customers with external ids of their own.
func createCustomers(_ context.Context, b *bench, _ *target, run int) (func(int) func() request, int, error) {
	var count atomic.Int64
	return func(conn int) func() request {
		return func() request {
			k := count.Add(1)
			body := fmt.Sprintf(`{"name":"Load customer %d","notification_email":"ops+%d@load.test","external_id":"load-%s-%d-%d"}`,
				k, k, b.nonce, run, k)
			return request{method: "POST", target: "/api/managed_users", body: []byte(body)}
		}
	}, 2, nil
}

// startStopRecipes has each connection stop, start, stop… a recipe of its
// own, so that every request changes its state.
func startStopRecipes(_ context.Context, b *bench, _ *target, _ int) (func(int) func() request, int, error) {
	return func(conn int) func() request {
		path := fmt.Sprintf("%s/recipes/%d/", b.customerPath(), b.data.recipes[100+conn])
		n := 0
		return func() request {
			action := "stop"
			if n%2 == 1 {
				action = "start"
			}
			n++
			return request{method: "PUT", target: path + action}
		}
	}, 2, nil
}
