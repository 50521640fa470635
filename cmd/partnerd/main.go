// Command partnerd serves the Workato Embedded partner API, runs on-prem
// agents, and manages its database.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, environ))
}

const usage = `partnerd: a self-hosted server for the Workato Embedded partner API.

Usage:
  partnerd serve [flags]                            run the API server
  partnerd agent --server URL --code CODE [--profiles FILE] [--state-dir DIR]
                                                    run an on-prem agent
  partnerd agent encrypt [--state-dir DIR]          encrypt a config.yml value for the agent
  partnerd migrate [--db DB]                        apply database migrations
  partnerd account create --name N --email E [--db DB]
                                                    create a partner account
  partnerd backup --to FILE [--db DB]               copy a SQLite database online
  partnerd reset|snapshot|restore ID|seed FILE [--url URL] [--token T]
                                                    call a running server's test helpers
  partnerd version                                  print the version

Every flag has a PARTNERD_<FLAG> variable; "partnerd serve --help" lists them.
`

// run dispatches a command line and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = runServe(ctx, args[1:], stderr, getenv)
	case "agent":
		if len(args) > 1 && args[1] == "encrypt" {
			err = runAgentEncrypt(args[2:], os.Stdin, stdout, stderr, getenv)
			break
		}
		err = runAgent(ctx, args[1:], stderr, getenv)
	case "migrate":
		err = runMigrate(ctx, args[1:], stderr, getenv)
	case "account":
		err = runAccount(ctx, args[1:], stdout, stderr, getenv)
	case "backup":
		err = runBackup(ctx, args[1:], stdout, stderr, getenv)
	case "reset", "snapshot", "restore", "seed":
		err = runHelper(ctx, args[0], args[1:], stdout, stderr, getenv)
	case "version", "--version", "-version":
		printVersion(stdout)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "partnerd: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err == errHelp {
		return 0
	}
	if err != nil {
		if err != errUsage {
			fmt.Fprintln(stderr, "partnerd:", err)
		}
		return 1
	}
	return 0
}

// newLogger returns the process logger in the configured format.
func newLogger(w io.Writer, format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}
