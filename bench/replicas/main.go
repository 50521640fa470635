// Command replicas measures two partnerd replicas sharing one PostgreSQL
// database: it queues events through both, through the trigger helper
// without waiting, has the workers of both run every job, and checks from
// the database that no job ran twice and that a scheduled recipe fired
// once per period.
//
//	go run ./bench/replicas -db 'postgres://postgres@127.0.0.1:5432/bench?sslmode=disable'
//
// It prints the jobs/s of the two replicas (from the first event to the
// last job's end), how the jobs split between them, and the checks. It
// exits 1 when a check fails or a server fails.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver of the checks
	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/bench/child"
	"github.com/partnerd/partnerd/client"
)

// token is the API token of the account partnerd bootstraps.
var token = partnerd.TokenPrefix + "replicas000000000000000000000000000000000000000"

func main() {
	db := flag.String("db", "", "the postgres:// URL both replicas serve from (required)")
	binary := flag.String("binary", "", "a partnerd binary to measure; default: build it from the checkout")
	events := flag.Int("events", 10_000, "events to queue")
	recipes := flag.Int("recipes", 8, "recipes the events are spread over, each of concurrency 1")
	callers := flag.Int("callers", 32, "concurrent callers queueing events, half on each replica")
	workers := flag.Int("workers", 0, "each replica's --job-workers; its default when 0")
	debugPort := flag.Int("debug-port", 0, "serve the replicas' pprof profiles on 127.0.0.1 at this port and the next (their --debug-addr)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("replicas: ")
	if !strings.HasPrefix(*db, "postgres") || *events < 1 || *recipes < 1 || *callers < 2 {
		log.Fatal("-db must be a postgres:// URL; -events and -recipes at least 1, -callers at least 2")
	}
	dir, err := os.MkdirTemp("", "partnerd-bench-replicas-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if *binary, err = child.Build(*binary, dir); err != nil {
		log.Fatal(err)
	}
	var servers []*child.Server
	for i := range 2 {
		sub := fmt.Sprintf("%s/%d", dir, i)
		os.Mkdir(sub, 0o755)
		args := []string{"--rate-limits", "off", "--test-helpers", "--access-log=false"}
		if *workers > 0 {
			args = append(args, "--job-workers", strconv.Itoa(*workers))
		}
		if *debugPort > 0 {
			args = append(args, "--debug-addr", fmt.Sprintf("127.0.0.1:%d", *debugPort+i))
		}
		s, err := child.Start(*binary, *db, sub, token, args...)
		if err != nil {
			log.Fatal(err)
		}
		defer s.Stop()
		servers = append(servers, s)
	}
	if err := run(servers, *db, *events, *recipes, *callers); err != nil {
		log.Print(err)
		for _, s := range servers {
			s.Stop()
		}
		os.RemoveAll(dir) // os.Exit runs no deferred call
		os.Exit(1)
	}
}

func run(servers []*child.Server, dsn string, events, recipes, callers int) error {
	ctx := context.Background()
	hc := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: callers}}
	clients := make([]*client.Client, len(servers))
	for i, s := range servers {
		clients[i] = client.New(s.URL(), client.WithToken(token), client.WithHTTPClient(hc), client.WithUserAgent("partnerd-bench-replicas"))
	}
	c := clients[0]
	stamp := strconv.FormatInt(time.Now().UnixNano(), 36)
	cu, err := c.CreateCustomer(ctx, client.CreateCustomerParams{Name: "Replicas " + stamp, NotificationEmail: "ops@replicas.test",
		ExternalID: "replicas-" + stamp})
	if err != nil {
		return err
	}
	mu := cu.Ref()
	// Each recipe adds its rows to a table of its own, lest every job wait
	// for the one table's row count.
	tables := make([]int64, recipes)
	for i := range tables {
		t, err := c.CreateLookupTable(ctx, mu, client.CreateLookupTableParams{Name: fmt.Sprintf("Events %s %d", stamp, i),
			Schema: []client.LookupColumn{{Label: "n", Type: "string"}}})
		if err != nil {
			return err
		}
		tables[i] = t.ID
	}
	n := pill("workato_recipe_function", "trigger", "parameters", "n")
	ids := make([]int64, recipes)
	for i := range ids {
		ids[i], err = c.CreateRecipe(ctx, mu, client.RecipeParams{Name: fmt.Sprintf("Record %d", i),
			Config: []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "logger"}, {Provider: "lookup_table"}},
			Code: map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_recipe_function", "name": "execute",
				"as": "trigger", "input": map[string]any{}, "block": []any{
					map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message", "as": "log",
						"input": map[string]any{"message": "Event #{" + n + "}"}},
					map[string]any{"number": 2, "keyword": "action", "provider": "lookup_table", "name": "add_entry", "as": "row",
						"input": map[string]any{"lookup_table_id": tables[i], "parameters": map[string]any{"n": "#{" + n + "}"}}},
				}}})
		if err != nil {
			return err
		}
		if err := clients[i%2].StartRecipe(ctx, mu, ids[i]); err != nil {
			return err
		}
	}
	// A recipe scheduled every minute from two seconds on fires once per
	// minute across both replicas.
	scheduleStart := time.Now().Add(2 * time.Second).Truncate(time.Second)
	clock, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Every minute",
		Config: []client.RecipeConfig{{Provider: "clock"}, {Provider: "logger"}},
		Code: map[string]any{"number": 0, "keyword": "trigger", "provider": "clock", "name": "scheduled_event", "as": "tick",
			"input": map[string]any{"time_unit": "minutes", "trigger_every": "1", "start_after": scheduleStart.UTC().Format(time.RFC3339)},
			"block": []any{map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message", "as": "log",
				"input": map[string]any{"message": "Tick"}}}}})
	if err != nil {
		return err
	}
	if err := clients[1].StartRecipe(ctx, mu, clock); err != nil {
		return err
	}

	log.Printf("queueing %d events over %d recipes through 2 replicas from %d callers", events, recipes, callers)
	begin := time.Now()
	var next atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	for k := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= events {
					return
				}
				_, err := clients[k%2].TestTriggerRecipe(ctx, ids[i%recipes], client.TestTriggerParams{
					Output: map[string]any{"parameters": map[string]any{"n": strconv.Itoa(i)}}})
				if err != nil {
					if failed.Add(1) == 1 {
						log.Printf("event %d: %v", i, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	queued := time.Since(begin)
	if failed.Load() > 0 {
		return fmt.Errorf("%d events were not acknowledged", failed.Load())
	}
	pg, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer pg.Close()
	in := make([]string, len(ids))
	for i, id := range ids {
		in[i] = strconv.FormatInt(id, 10)
	}
	of := "recipe_id IN (" + strings.Join(in, ",") + ")"
	var ended time.Duration
	for {
		var left int
		if err := pg.QueryRow(`SELECT COUNT(*) FROM recipe_jobs WHERE ` + of + ` AND status = 'pending'`).Scan(&left); err != nil {
			return err
		}
		if left == 0 {
			ended = time.Since(begin)
			break
		}
		if time.Since(begin) > 10*time.Minute {
			return fmt.Errorf("%d jobs still pending after 10 minutes", left)
		}
		time.Sleep(20 * time.Millisecond)
	}

	var jobs, succeeded, reclaimed int
	if err := pg.QueryRow(`SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'succeeded'), COUNT(*) FILTER (WHERE attempts <> 1)
		FROM recipe_jobs WHERE `+of).Scan(&jobs, &succeeded, &reclaimed); err != nil {
		return err
	}
	var rows, distinct int
	tableIn := make([]string, len(tables))
	for i, id := range tables {
		tableIn[i] = strconv.FormatInt(id, 10)
	}
	if err := pg.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT col1) FROM lookup_rows WHERE table_id IN (`+
		strings.Join(tableIn, ",")+`)`).Scan(&rows, &distinct); err != nil {
		return fmt.Errorf("count lookup rows: %w", err)
	}
	perReplica, twice, err := jobsPerReplica(servers)
	if err != nil {
		return err
	}
	// The schedule: the periods begun since its start, and its jobs.
	time.Sleep(time.Until(scheduleStart.Add(1500 * time.Millisecond)))
	var ticks int
	if err := pg.QueryRow(`SELECT COUNT(*) FROM recipe_jobs WHERE recipe_id = $1`, clock).Scan(&ticks); err != nil {
		return err
	}
	periods := int(time.Since(scheduleStart)/time.Minute) + 1

	fmt.Printf("\n## partnerd, two replicas on PostgreSQL\n\n")
	fmt.Printf("%d events over %d callable recipes (logger, then a lookup row per event; concurrency 1 each),\n"+
		"queued through POST /_partnerd/recipes/{id}/trigger without wait, half on each replica, from %d callers\n\n", events, recipes, callers)
	fmt.Printf("| figure | measured |\n|---|---|\n")
	fmt.Printf("| events queued/s | %.0f |\n", float64(events)/queued.Seconds())
	fmt.Printf("| jobs/s, first event to last job's end | %.0f |\n", float64(events)/ended.Seconds())
	fmt.Printf("| jobs | %d (%d succeeded) |\n", jobs, succeeded)
	fmt.Printf("| jobs run by each replica's workers (their logger lines) | %d and %d |\n", perReplica[0], perReplica[1])
	fmt.Printf("| jobs whose step ran on both, or twice | %d |\n", twice)
	fmt.Printf("| jobs claimed more than once | %d |\n", reclaimed)
	fmt.Printf("| lookup rows (one per event) | %d, %d distinct |\n", rows, distinct)
	fmt.Printf("| scheduled jobs, every minute | %d in %d period(s) |\n", ticks, periods)
	if jobs != events || succeeded != events || reclaimed != 0 || twice != 0 || rows != events || distinct != events || ticks != periods {
		return fmt.Errorf("a check failed: see the table")
	}
	return nil
}

// jobsPerReplica counts, from each server's log, the jobs whose logger
// step it ran ("recipe log" lines of the events), and the jobs whose step
// ran more than once in all.
func jobsPerReplica(servers []*child.Server) (per []int, twice int, err error) {
	seen := map[string]int{}
	for _, s := range servers {
		b, err := os.ReadFile(s.LogPath)
		if err != nil {
			return nil, 0, err
		}
		n := 0
		for _, line := range strings.Split(string(b), "\n") {
			if !strings.Contains(line, "recipe log") || !strings.Contains(line, "Event ") {
				continue
			}
			_, rest, ok := strings.Cut(line, "job=")
			if !ok {
				continue
			}
			ref, _, _ := strings.Cut(rest, " ")
			seen[ref]++
			n++
		}
		per = append(per, n)
	}
	for _, k := range seen {
		if k > 1 {
			twice++
		}
	}
	return per, twice, nil
}

// pill is a datapill of a step's output, as recipes write it.
func pill(provider, line string, path ...string) string {
	b, _ := json.Marshal(map[string]any{"pill_type": "output", "provider": provider, "line": line, "path": path})
	return "_dp('" + string(b) + "')"
}
