package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// failoverJobs is how many jobs TestOnPremFailover runs, fewer under the
// race detector, which runs jobs several times slower.
var failoverJobs = map[bool]int{false: 1000, true: 200}[raceDetector]

// TestOnPremFailover runs many jobs through two real agent processes of
// one group and kills one of them midway. Each job reads through the
// tunnel, then writes. Every job ends: it succeeds, its lines naming one
// of the two agents and its row stored once, or it fails by the rule for
// writes, its agent having disconnected while it ran the insert. None is
// lost, and the jobs after the kill run through the other agent. It runs
// when PARTNERD_TEST_POSTGRES names a database.
func TestOnPremFailover(t *testing.T) {
	db, u, table := customerTable(t, "opa_failover", "id serial PRIMARY KEY, tag text NOT NULL")
	ctx := t.Context()

	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Acme", "acme-failover").Ref()
	group, err := c.CreateOnPremGroup(ctx, mu, "Warehouse")
	if err != nil {
		t.Fatal(err)
	}
	configPath := writeAgentConfig(t, u.String())
	agents := map[int64]string{}
	var procs []*agentProcess
	var ids []int64
	for _, name := range []string{"warehouse-1", "warehouse-2"} {
		a, err := c.CreateOnPremAgent(ctx, mu, client.CreateOnPremAgentParams{Name: name, OS: "linux", OnPremGroupID: group.ID})
		if err != nil {
			t.Fatal(err)
		}
		code, err := c.OnPremActivationCode(ctx, mu, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		procs = append(procs, startAgent(t, "--server", m.AgentURL(), "--code", code.Code, "--profiles", configPath,
			"--state-dir", filepath.Join(t.TempDir(), "state")))
		agents[a.ID] = name
		ids = append(ids, a.ID)
	}
	for _, id := range ids {
		eventually(t, agents[id]+" is active", 10*time.Second, func() bool {
			active, err := c.OnPremAgentActive(ctx, mu, id)
			return err == nil && active
		})
	}

	conn, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "postgresql", Name: "Warehouse DB",
		OnPremGroupID: group.ID, Input: map[string]any{"profile": "warehouse_db"}})
	if err != nil {
		t.Fatal(err)
	}
	tag := "=" + datapill("workato_recipe_function", "trigger", "parameters", "tag")
	recipe, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Tags",
		Config: []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "postgresql", AccountID: &conn.ID}},
		Code: callableCode(
			map[string]any{"number": 1, "keyword": "action", "provider": "postgresql", "name": "select_rows", "as": "sel",
				"input": map[string]any{"table": table, "where": "tag = :tag", "parameters": map[string]any{"tag": tag}}},
			map[string]any{"number": 2, "keyword": "action", "provider": "postgresql", "name": "insert_row", "as": "ins",
				"input": map[string]any{"table": table, "columns": map[string]any{"tag": tag}}},
		)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, recipe); err != nil {
		t.Fatal(err)
	}

	// The jobs are queued at once; the first agent is killed once a third
	// of them have ended.
	jobIDs := make([]string, failoverJobs)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < failoverJobs; i += 4 {
				job, err := c.TestTriggerRecipe(ctx, recipe, client.TestTriggerParams{
					Output: map[string]any{"parameters": map[string]any{"tag": fmt.Sprintf("job-%d", i)}}})
				if err != nil {
					t.Error(err)
					return
				}
				jobIDs[i] = job.ID
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	// poll reads the jobs in the order they were queued, up to the first
	// that has not ended.
	ended := map[int]*client.JobDetail{}
	poll := func() {
		for i, id := range jobIDs {
			if ended[i] != nil {
				continue
			}
			job, err := c.RecipeJob(ctx, mu, recipe, id)
			if err != nil {
				t.Fatal(err)
			}
			if job.Status == "pending" {
				return
			}
			ended[i] = job
		}
	}
	eventually(t, "a third of the jobs end", 2*time.Minute, func() bool { poll(); return len(ended) >= failoverJobs/3 })
	if err := procs[0].cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	eventually(t, "every job ends", 2*time.Minute, func() bool { poll(); return len(ended) == failoverJobs })

	served := map[string]int{}
	failed, afterKill := 0, 0
	for i := range failoverJobs {
		job := ended[i]
		stored := 0
		if err := db.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE tag = $1`, fmt.Sprintf("job-%d", i)).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if job.Status == "failed" {
			failed++
			if e := errText(job.Error); !strings.Contains(e, `"warehouse-1" disconnected while it ran insert_row`) || stored > 1 {
				t.Errorf("job %d failed (%d rows stored): %s", i, stored, e)
			}
			continue
		}
		if job.Status != "succeeded" || stored != 1 {
			t.Errorf("job %d: %s with %d rows stored: %s", i, job.Status, stored, errText(job.Error))
			continue
		}
		for _, l := range job.Lines {
			if l.Provider == nil || *l.Provider != "postgresql" {
				continue
			}
			if l.Agent == nil || agents[l.Agent.ID] != l.Agent.Name {
				t.Errorf("job %d line %d: agent %+v", i, l.Number, l.Agent)
				continue
			}
			served[l.Agent.Name]++
			if l.StartedAt.After(killed) {
				afterKill++
				if l.Agent.ID == ids[0] {
					t.Errorf("job %d line %d started after the kill on the killed agent", i, l.Number)
				}
			}
		}
	}
	t.Logf("%d jobs: %d failed by the rule for writes; steps served: %v, %d of them after the kill",
		failoverJobs, failed, served, afterKill)
	if served["warehouse-1"] == 0 || served["warehouse-2"] == 0 {
		t.Errorf("steps served: %v", served)
	}
	if st, err := c.OnPremGroupStatus(ctx, mu, group.ID); err != nil || st.OperationsInFlight != 0 {
		t.Errorf("group status after the run: %+v, %v", st, err)
	}
}

// writeAgentConfig writes an agent's config.yml, in Workato's format,
// whose profile warehouse_db names the database of dsn, and returns its
// path.
func writeAgentConfig(t *testing.T, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	pass, _ := u.User.Password()
	configYML := fmt.Sprintf("database:\n  warehouse_db:\n    adapter: postgresql\n    host: %s\n    port: %s\n    database: %s\n    username: %s\n    password: %q\n    sslmode: %s\n",
		u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/"), u.User.Username(), pass, u.Query().Get("sslmode"))
	path := filepath.Join(t.TempDir(), "config.yml")
	if err := os.WriteFile(path, []byte(configYML), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
