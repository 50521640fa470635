package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
	_ "modernc.org/sqlite" // the "sqlite" driver of the integrity check
)

// crashWriters is how many clients write at once while the server dies.
const crashWriters = 16

// TestCrashSafety kills a real "partnerd serve" process with SIGKILL while
// 16 clients write to it, over and over on one SQLite file: after every
// kill the file passes PRAGMA integrity_check, and once the server is back
// every write it acknowledged with a 2xx is there.
func TestCrashSafety(t *testing.T) {
	t.Parallel()
	rounds := 10
	if testing.Short() {
		rounds = 3
	}
	ctx := t.Context()
	db := tempDB(t)
	hc := newHTTPClient(2 * crashWriters)
	p := startServer(t, db)
	c := p.client(bootstrapToken, hc)
	mu := MustCreateCustomer(t, c, "Crash", "crash").Ref()
	table, err := c.CreateLookupTable(ctx, mu, client.CreateLookupTableParams{Name: "Writes", Schema: []client.LookupColumn{
		{Label: "round", Type: "string"}, {Label: "writer", Type: "string"}, {Label: "seq", Type: "string"}}})
	if err != nil {
		t.Fatal(err)
	}
	w := &crashWorkload{c: c, mu: mu, tableID: table.ID, properties: make([]propertyPair, crashWriters)}

	for round := range rounds {
		acks := w.run(t, round, p)
		hc.CloseIdleConnections()
		integrityCheck(t, db)
		p = startServer(t, db)
		w.c = p.client(bootstrapToken, hc)
		w.verify(t, round, acks)
		if t.Failed() {
			return
		}
	}
	p.stop(t)
	integrityCheck(t, db)
}

// crashWorkload is what the writers of TestCrashSafety write to.
type crashWorkload struct {
	c       *client.Client
	mu      client.WorkspaceRef
	tableID int64
	// properties holds, by writer, the value that writer last had
	// acknowledged for its pair of properties and the one it was writing
	// when the server died.
	properties []propertyPair
}

// propertyPair is the state of one writer's pair of properties.
type propertyPair struct{ acked, inFlight string }

// crashAcks are the writes of one round that the server acknowledged.
type crashAcks struct {
	mu        sync.Mutex
	rows      map[int64]string // row id → "writer/seq"
	customers map[string]string
	// properties counts the acknowledged upserts of property pairs.
	properties atomic.Int64
}

// run starts the writers, kills the process a random 100–500 ms after the
// 16th acknowledged write, and returns what was acknowledged.
func (w *crashWorkload) run(t *testing.T, round int, p *serverProcess) *crashAcks {
	t.Helper()
	acks := &crashAcks{rows: map[int64]string{}, customers: map[string]string{}}
	var killed atomic.Bool
	// The kill waits for as many acknowledged writes as there are writers,
	// so that even a slow machine has something to lose.
	warm := make(chan struct{})
	var acked atomic.Int64
	ack := func() {
		if acked.Add(1) == crashWriters {
			close(warm)
		}
	}
	var wg sync.WaitGroup
	for writer := range crashWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seq := 0; ; seq++ {
				err := w.write(round, writer, seq, acks)
				if err != nil {
					if !killed.Load() {
						t.Errorf("round %d, writer %d, write %d, before the kill: %v", round, writer, seq, err)
					}
					return
				}
				ack()
			}
		}()
	}
	select {
	case <-warm:
	case <-time.After(time.Minute):
		t.Errorf("%d writes acknowledged within a minute", acked.Load())
	}
	delay := time.Duration(100+rand.IntN(401)) * time.Millisecond
	time.Sleep(delay)
	killed.Store(true)
	p.kill(t)
	wg.Wait()
	t.Logf("round %d: killed %v after the %dth acknowledged write; %d rows, %d customers and %d property upserts acknowledged",
		round, delay, crashWriters, len(acks.rows), len(acks.customers), acks.properties.Load())
	return acks
}

// write makes the writer's seq-th write of the round: a lookup row, a
// customer, or its pair of properties, in turn from a start that differs
// between writers. It records the write in acks once the server
// acknowledges it.
func (w *crashWorkload) write(round, writer, seq int, acks *crashAcks) error {
	ctx := context.Background()
	tag := fmt.Sprintf("%d/%d", writer, seq)
	switch (writer + seq) % 3 {
	case 0:
		row, err := w.c.AddLookupRow(ctx, w.mu, w.tableID, client.LookupRowData{
			"round": strconv.Itoa(round), "writer": strconv.Itoa(writer), "seq": strconv.Itoa(seq)})
		if err != nil {
			return err
		}
		acks.mu.Lock()
		acks.rows[row.ID] = tag
		acks.mu.Unlock()
	case 1:
		externalID := fmt.Sprintf("r%d/%s", round, tag)
		if _, err := w.c.CreateCustomer(ctx, client.CreateCustomerParams{Name: "Customer " + externalID,
			NotificationEmail: "ops@crash.test", ExternalID: externalID}); err != nil {
			return err
		}
		acks.mu.Lock()
		acks.customers[externalID] = "Customer " + externalID
		acks.mu.Unlock()
	default:
		value := fmt.Sprintf("r%d/%s", round, tag)
		w.properties[writer].inFlight = value
		if err := w.c.UpsertProperties(ctx, w.mu, propertyPairOf(writer, value)); err != nil {
			return err
		}
		w.properties[writer] = propertyPair{acked: value}
		acks.properties.Add(1)
	}
	return nil
}

// propertyPairOf is the pair of properties that writer sets to value.
func propertyPairOf(writer int, value string) map[string]string {
	name := "w" + strconv.Itoa(writer)
	return map[string]string{name + ".a": value, name + ".b": value}
}

// verify checks, through the restarted server, that every write of acks is
// there, and that each writer's pair of properties holds one write whole.
func (w *crashWorkload) verify(t *testing.T, round int, acks *crashAcks) {
	t.Helper()
	ctx := t.Context()
	rows := map[int64]string{}
	for page := 1; ; page++ {
		list, err := w.c.LookupRows(ctx, w.mu, w.tableID, client.LookupRowListOptions{
			By: map[string]string{"round": strconv.Itoa(round)}, Page: page, PerPage: 1000})
		if err != nil {
			t.Fatalf("round %d: list rows: %v", round, err)
		}
		for _, r := range list {
			rows[r.ID] = r.Cell("writer") + "/" + r.Cell("seq")
		}
		if len(list) < 1000 {
			break
		}
	}
	for id, want := range acks.rows {
		if got, ok := rows[id]; !ok || got != want {
			t.Errorf("round %d: acknowledged row %d (%s) after the restart: %q, present %v", round, id, want, got, ok)
		}
	}

	customers := map[string]string{}
	for cu, err := range w.c.AllCustomers(ctx, 100) {
		if err != nil {
			t.Fatalf("round %d: list customers: %v", round, err)
		}
		if cu.ExternalID != nil {
			customers[*cu.ExternalID] = cu.Name
		}
	}
	for externalID, want := range acks.customers {
		if got, ok := customers[externalID]; !ok || got != want {
			t.Errorf("round %d: acknowledged customer %s after the restart: %q, present %v", round, externalID, got, ok)
		}
	}

	props, err := w.c.Properties(ctx, w.mu, "w")
	if err != nil {
		t.Fatalf("round %d: properties: %v", round, err)
	}
	for writer, pair := range w.properties {
		name := "w" + strconv.Itoa(writer)
		a, b := props[name+".a"], props[name+".b"]
		if a != b || (a != pair.acked && a != pair.inFlight) {
			t.Errorf("round %d: writer %d's properties are %q and %q, want both %q (acknowledged) or %q (in flight)",
				round, writer, a, b, pair.acked, pair.inFlight)
		}
		w.properties[writer] = propertyPair{acked: a}
	}
}

// integrityCheck runs PRAGMA integrity_check on the SQLite file at path,
// which no process may have open, and fails the test unless it says ok.
func integrityCheck(tb testing.TB, path string) {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(context.Background(), "PRAGMA integrity_check")
	if err != nil {
		tb.Fatalf("integrity check: %v", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			tb.Fatal(err)
		}
		problems = append(problems, line)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		tb.Fatalf("integrity check: %v", err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		tb.Errorf("integrity check of %s: %q", path, problems)
	}
}
