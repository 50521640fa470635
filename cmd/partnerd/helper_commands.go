package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd/client"
)

// helperUsage describes the commands that call a running server's test
// helpers.
const helperUsage = `usage: partnerd reset|snapshot|restore ID|seed FILE [--url URL] [--token TOKEN]

They call the /_partnerd/ test helpers of a server run with --test-helpers,
as the account of TOKEN (an Admin client); PARTNERD_URL and PARTNERD_TOKEN
stand in for the flags.`

// runHelper runs "partnerd reset", "snapshot", "restore ID" or "seed FILE"
// against a running server.
func runHelper(ctx context.Context, name string, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("partnerd "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, helperUsage) }
	url := fs.String("url", "http://127.0.0.1:8080", "the server's base URL")
	token := fs.String("token", "", "an Admin client's API token")
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if v := getenv("PARTNERD_" + strings.ToUpper(f.Name)); v != "" {
			envErr = errors.Join(envErr, fs.Set(f.Name, v))
		}
	})
	if envErr != nil {
		return envErr
	}
	// Flags may come before and after the one argument.
	var operands []string
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			return errUsage
		} else if err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		operands, args = append(operands, fs.Arg(0)), fs.Args()[1:]
	}
	want := map[string]int{"reset": 0, "snapshot": 0, "restore": 1, "seed": 1}[name]
	if len(operands) != want {
		fmt.Fprintln(stderr, helperUsage)
		return errUsage
	}
	if *token == "" {
		return errors.New(name + " needs --token or PARTNERD_TOKEN")
	}
	c := client.New(*url, client.WithToken(*token), client.WithUserAgent("partnerd-cli"))
	switch name {
	case "reset":
		if err := c.TestReset(ctx); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "reset")
	case "snapshot":
		id, err := c.TestSnapshot(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, id)
	case "restore":
		id, err := strconv.ParseInt(operands[0], 10, 64)
		if err != nil {
			return fmt.Errorf("restore: %q is not a snapshot id", operands[0])
		}
		if err := c.TestRestore(ctx, id); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "restored", id)
	case "seed":
		return seedRemote(ctx, c, operands[0], stdout)
	}
	return nil
}

// seedRemote applies a seed file to the caller's account on a running
// server, through the API: the file holds one account, whose name, email
// and tokens are for serve --seed and go unused here. A failure restores
// the snapshot taken before, so the account is as it was.
func seedRemote(ctx context.Context, c *client.Client, file string, stdout io.Writer) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	seed, err := ParseSeed(file, data)
	if err != nil {
		return err
	}
	if len(seed.Accounts) != 1 {
		return fmt.Errorf("%s:%d: a seed for a running server holds one account, the caller's", file, seed.Accounts[1].Line)
	}
	a := &seed.Accounts[0]
	if len(a.Clients) > 0 {
		return fmt.Errorf("%s:%d: clients with fixed tokens are made only by serve --seed", file, a.Clients[0].Line)
	}
	snapshot, err := c.TestSnapshot(ctx)
	if err != nil {
		return err
	}
	err = func() error {
		for _, r := range a.ClientRoles {
			if _, err := c.CreateDevAPIClientRole(ctx, client.ClientRoleParams{Name: r.Name, Privileges: r.Privileges}); err != nil {
				return fmt.Errorf("%s:%d: client role %s: %w", file, r.Line, r.Name, err)
			}
		}
		return seedTarget{c: c, file: file}.applyAccount(ctx, a)
	}()
	if err != nil {
		if rerr := c.TestRestore(context.WithoutCancel(ctx), snapshot); rerr != nil {
			err = errors.Join(err, fmt.Errorf("restoring the account: %w", rerr))
		}
		return err
	}
	fmt.Fprintf(stdout, "seeded %s\n", file)
	return nil
}
