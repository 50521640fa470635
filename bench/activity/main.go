// Command activity measures the activity log on SQLite: what recording an
// entry adds to a change made through the API, and how long a page of the
// log takes to read when the workspace holds as many entries as it keeps
// (partnerd.MaxActivitiesPerWorkspace). It serves the API in process on a
// loopback port twice over one database file, with the log and without,
// and upserts one property through the Go SDK on each in turn; then it
// reads pages of the full log: the newest, one filtered by a rare event
// type, and one deep in the log by page[after]. For each case it prints
// requests per second and the p50 and p99 latency.
//
// Run it from the repository root (about 30 s on 2 cores):
//
//	go run ./bench/activity
//
// Flags: -duration per case (3s), -entries seeded (50000).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/rand/v2"
	"net"
	nethttp "net/http"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/client"
	"github.com/partnerd/partnerd/http"
	"github.com/partnerd/partnerd/store"
)

func main() {
	duration := flag.Duration("duration", 3*time.Second, "how long each case runs")
	entries := flag.Int("entries", partnerd.MaxActivitiesPerWorkspace, "entries seeded in the customer's log")
	flag.Parse()
	if err := run(context.Background(), *duration, *entries); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, duration time.Duration, entries int) error {
	dir, err := os.MkdirTemp("", "partnerd-bench-activity")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(ctx, filepath.Join(dir, "bench.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	token, hash := partnerd.NewToken()
	account, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "Bench", Email: "bench@partnerd.test",
		APIKeyHash: partnerd.HashSecret(partnerd.RandomString(32)), ClientName: "bench", TokenHash: hash})
	if err != nil {
		return err
	}
	customer := &partnerd.Workspace{Name: "Customer", NotificationEmail: "ops@customer.test",
		PlanID: partnerd.DefaultPlanID, TimeZone: partnerd.DefaultTimeZone, TeamName: "Customer"}
	if err := db.CreateCustomer(ctx, account.ID, customer); err != nil {
		return err
	}
	start := time.Now()
	events := []string{"recipe_created", "recipe_updated", "recipe_started", "recipe_stopped", "connection_updated"}
	for i := range entries {
		event := events[i%len(events)]
		if i%1000 == 0 {
			event = "folder_deleted" // the rare event of the filtered case
		}
		if err := db.RecordActivity(ctx, customer.ID, &partnerd.Activity{EventType: event, ResourceType: "Flow",
			ResourceID: fmt.Sprint(i), ResourceName: "Recipe", ActorType: partnerd.ActorAPIClient, ActorID: 1,
			ActorName: "bench", IP: "127.0.0.1", UserAgent: "bench", Source: partnerd.ActivitySourceAPI, Action: "seed"}); err != nil {
			return err
		}
	}
	seeded := time.Since(start)
	fmt.Printf("seeded %d entries one transaction each in %v: %.0f entries/s (pruning as it goes)\n",
		entries, seeded.Round(time.Millisecond), float64(entries)/seeded.Seconds())

	withLog, stop1, err := serve(db, true)
	if err != nil {
		return err
	}
	defer stop1()
	withoutLog, stop2, err := serve(db, false)
	if err != nil {
		return err
	}
	defer stop2()
	on := client.New(withLog, client.WithToken(token))
	off := client.New(withoutLog, client.WithToken(token))
	mu := client.ID(customer.ID)
	props := map[string]string{"bench.key": "value"}
	var middle int64
	if list, _, err := on.CustomerActivities(ctx, mu, client.ActivityOptions{Size: 1}); err == nil && len(list) == 1 {
		middle = list[0].ID - int64(entries/2)
	}
	cases := []*benchCase{
		{name: "property upsert, without the log", call: func() error { return off.UpsertProperties(ctx, mu, props) }},
		{name: "property upsert, with the log", call: func() error { return on.UpsertProperties(ctx, mu, props) }},
		{name: "log: newest page of 100", call: func() error {
			_, _, err := on.CustomerActivities(ctx, mu, client.ActivityOptions{})
			return err
		}},
		{name: "log: rare event type", call: func() error {
			_, _, err := on.CustomerActivities(ctx, mu, client.ActivityOptions{IncludeEventTypes: []string{"folder_deleted"}})
			return err
		}},
		{name: "log: page after the middle", call: func() error {
			_, _, err := on.CustomerActivities(ctx, mu, client.ActivityOptions{After: middle})
			return err
		}},
	}
	if err := measure(cases, duration); err != nil {
		return err
	}
	fmt.Printf("\n%-34s %10s %10s %10s\n", "case", "req/s", "p50", "p99")
	for _, bc := range cases {
		fmt.Printf("%-34s %10.0f %10v %10v\n", bc.name, bc.perSecond(), bc.percentile(0.50), bc.percentile(0.99))
	}
	return nil
}

// serve serves the API over db on a loopback port, recording the
// activity log or not.
func serve(db *store.DB, activities bool) (string, func(), error) {
	s := http.NewServer()
	s.Workspaces, s.Auth, s.Properties = db, db, db
	if activities {
		s.Activities = db
	}
	s.Now = db.Now
	s.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &nethttp.Server{Handler: s}
	go srv.Serve(l)
	return "http://" + l.Addr().String(), func() { srv.Close() }, nil
}

// benchCase is one request to measure and what it measured.
type benchCase struct {
	name      string
	call      func() error
	latencies []time.Duration
	elapsed   time.Duration
}

func (bc *benchCase) perSecond() float64 { return float64(len(bc.latencies)) / bc.elapsed.Seconds() }

func (bc *benchCase) percentile(p float64) time.Duration {
	slices.Sort(bc.latencies)
	return bc.latencies[min(len(bc.latencies)-1, int(p*float64(len(bc.latencies))))].Round(time.Microsecond)
}

// round is how long a case runs at a time: the cases take turns, round
// after round and in a new order each round, so that a change in the
// machine's load weighs on every case alike.
const round = 250 * time.Millisecond

// measure runs each case for duration in all, one request at a time.
func measure(cases []*benchCase, duration time.Duration) error {
	for spent := time.Duration(0); spent < duration; spent += round {
		order := rand.Perm(len(cases))
		for _, i := range order {
			bc := cases[i]
			start := time.Now()
			for time.Since(start) < round {
				t := time.Now()
				if err := bc.call(); err != nil {
					return fmt.Errorf("%s: %w", bc.name, err)
				}
				bc.latencies = append(bc.latencies, time.Since(t))
			}
			bc.elapsed += time.Since(start)
		}
	}
	return nil
}
