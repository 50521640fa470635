package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// openStore parses a command's flags and opens and migrates its database.
func openStore(ctx context.Context, name string, args []string, stderr io.Writer, getenv func(string) string, extra func(*flag.FlagSet)) (*store.DB, error) {
	c := DefaultConfig()
	fs := flag.NewFlagSet("partnerd "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.bindFlags(fs, false)
	if extra != nil {
		extra(fs)
	}
	fs.Usage = flagUsage(fs, false)
	if err := c.parse(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, errHelp
		}
		return nil, err
	}
	db, err := store.Open(ctx, c.DB, store.Synchronous(c.Synchronous))
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// runMigrate runs "partnerd migrate".
func runMigrate(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	db, err := openStore(ctx, "migrate", args, stderr, getenv, nil)
	if err != nil {
		return err
	}
	return db.Close()
}

// runAccount runs "partnerd account create".
func runAccount(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(stderr, "usage: partnerd account create --name NAME --email EMAIL [--db DB]")
		return errUsage
	}
	var name, email string
	db, err := openStore(ctx, "account create", args[1:], stderr, getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "the account's name")
		fs.StringVar(&email, "email", "", "the owner's email, for the legacy API key")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	token, tokenHash := partnerd.NewToken()
	apiKey := partnerd.RandomString(40)
	w, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: name, Email: email,
		APIKeyHash: partnerd.HashSecret(apiKey), ClientName: "owner", TokenHash: tokenHash})
	if err != nil {
		return errors.New(partnerd.ErrorMessage(err) + fieldList(err))
	}
	fmt.Fprintf(stdout, "account_id: %d\ntoken: %s\napi_key: %s\n", w.ID, token, apiKey)
	return nil
}

// fieldList renders the fields of a validation error.
func fieldList(err error) string {
	var perr *partnerd.Error
	if !errors.As(err, &perr) || len(perr.Fields) == 0 {
		return ""
	}
	return fmt.Sprintf(": %v", perr.Fields)
}

// runBackup runs "partnerd backup".
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var to string
	db, err := openStore(ctx, "backup", args, stderr, getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&to, "to", "", "the file to write the copy to")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	if to == "" {
		return errors.New("backup needs --to FILE")
	}
	if err := db.Backup(ctx, to); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up to %s\n", to)
	return nil
}
