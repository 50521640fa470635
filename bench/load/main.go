// Command load measures partnerd the way a platform team would before
// putting it in production. It builds partnerd, seeds a data set (1,000
// customer workspaces, 100,000 recipes, a lookup table of 100,000 rows and
// one of 100), starts `partnerd serve` pinned to CPU 0, and drives it over
// loopback from CPU 1 with keep-alive connections, each sending requests
// back to back. Beside each workload it runs the same requests against a
// bare net/http server, also on CPU 0, that answers the bytes partnerd
// answered, from memory: the ceiling of the HTTP stack on this machine; and
// for writes a variant that appends each request to a file and fsyncs it
// first. It prints a Markdown table of requests/s, p50 and p99 latency,
// ratios and targets, with partnerd's ready time and resident memory.
//
// Run it from the repository root:
//
//	go run ./bench/load
//
// See bench/README.md for the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The environment of the stages this command runs itself as.
const (
	stageEnv  = "BENCH_LOAD_STAGE"  // "measure" (on CPU 1) or "bare" (the ceiling server)
	binaryEnv = "BENCH_LOAD_BINARY" // the partnerd binary the measure stage runs
	dsnEnv    = "BENCH_LOAD_DSN"    // the database it serves
	dirEnv    = "BENCH_LOAD_DIR"    // the work directory
)

// config is the command line.
type config struct {
	db          string // a postgres:// URL; empty for a SQLite file
	synchronous string // passed to partnerd serve as --synchronous when set
	duration    time.Duration
	conns       []int
	repeat      int
	workloads   []*workload
	keep        string // where the seeded SQLite file is kept between runs
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("load: ")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch os.Getenv(stageEnv) {
	case "bare":
		err = runBare(ctx)
	case "measure":
		var cfg *config
		if cfg, err = parseFlags(os.Args[1:]); err == nil {
			err = measure(ctx, cfg, os.Getenv(binaryEnv), os.Getenv(dsnEnv), os.Getenv(dirEnv), true)
		}
	default:
		var cfg *config
		if cfg, err = parseFlags(os.Args[1:]); err == nil {
			err = run(ctx, cfg)
		}
	}
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		log.Fatal(err)
	}
}

func parseFlags(args []string) (*config, error) {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	cfg := &config{}
	var conns, workloads string
	fs.StringVar(&cfg.db, "db", "", "a postgres:// URL to run partnerd on PostgreSQL (default: a SQLite file)")
	fs.StringVar(&cfg.synchronous, "synchronous", "", "passed to partnerd serve as --synchronous (normal or full)")
	fs.DurationVar(&cfg.duration, "duration", 5*time.Second, "how long each workload is measured, per connection count and target")
	fs.StringVar(&conns, "conns", "32,1", "comma-separated connection counts")
	fs.IntVar(&cfg.repeat, "repeat", 3, "how many times every measurement is repeated")
	fs.StringVar(&workloads, "workloads", strings.Join(workloadNames(), ","), "comma-separated workloads to run")
	fs.StringVar(&cfg.keep, "keep", "", "a directory to keep the seeded SQLite file in, and use it again")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if cfg.db != "" && !isPostgres(cfg.db) {
		return nil, fmt.Errorf("-db must be a postgres:// URL, not %q", cfg.db)
	}
	if cfg.keep != "" && cfg.db != "" {
		return nil, errors.New("-keep keeps a SQLite file: it does not go with -db")
	}
	if s := cfg.synchronous; s != "" && s != "normal" && s != "full" {
		return nil, fmt.Errorf("-synchronous must be normal or full, not %q", s)
	}
	if cfg.duration < 100*time.Millisecond {
		return nil, errors.New("-duration must be at least 100ms")
	}
	if cfg.repeat < 1 {
		return nil, errors.New("-repeat must be at least 1")
	}
	for _, s := range strings.Split(conns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > maxConns {
			return nil, fmt.Errorf("-conns: %q is not a count from 1 to %d", s, maxConns)
		}
		cfg.conns = append(cfg.conns, n)
	}
	for _, name := range strings.Split(workloads, ",") {
		w := findWorkload(strings.TrimSpace(name))
		if w == nil {
			return nil, fmt.Errorf("-workloads: unknown workload %q (known: %s)", name, strings.Join(workloadNames(), ", "))
		}
		if !slices.Contains(cfg.workloads, w) {
			cfg.workloads = append(cfg.workloads, w)
		}
	}
	return cfg, nil
}

// isPostgres reports whether dsn names a PostgreSQL database.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// run builds partnerd and seeds its database on every CPU, then measures
// from CPU 1, in a process of its own when taskset can pin one.
func run(ctx context.Context, cfg *config) error {
	dir, err := os.MkdirTemp("", "partnerd-bench-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	binary, err := buildPartnerd(ctx, dir)
	if err != nil {
		return err
	}
	dsn, err := prepareDB(ctx, cfg, dir)
	if err != nil {
		return err
	}
	if err := flushToDisk(ctx, dsn); err != nil {
		return err
	}
	if !canPin() {
		log.Print("taskset or a second CPU is missing: the server and the load are not pinned")
		return measure(ctx, cfg, binary, dsn, dir, false)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "taskset", append([]string{"-c", strconv.Itoa(loadCPU), self}, os.Args[1:]...)...)
	cmd.Env = append(os.Environ(), stageEnv+"=measure", binaryEnv+"="+binary, dsnEnv+"="+dsn, dirEnv+"="+dir)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 15 * time.Second
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("the measurement on CPU %d: %w", loadCPU, err)
	}
	return nil
}

// The CPUs the server and the load generator are pinned to.
const (
	serverCPU = 0
	loadCPU   = 1
)

// canPin reports whether taskset can put the server and the load
// generator on CPUs of their own.
func canPin() bool {
	_, err := exec.LookPath("taskset")
	return err == nil && runtime.NumCPU() >= 2
}

// buildPartnerd builds the partnerd command into dir.
func buildPartnerd(ctx context.Context, dir string) (string, error) {
	start := time.Now()
	binary := dir + "/partnerd"
	cmd := exec.CommandContext(ctx, "go", "build", "-o", binary, "./cmd/partnerd")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build partnerd (run from the repository root): %w", err)
	}
	log.Printf("built partnerd in %v", time.Since(start).Round(time.Millisecond))
	return binary, nil
}
