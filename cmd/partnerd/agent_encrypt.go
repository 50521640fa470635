package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/partnerd/partnerd/agent"
	"golang.org/x/term"
)

// runAgentEncrypt runs "partnerd agent encrypt": it reads a value, twice
// without echo from a terminal or once from stdin otherwise, and prints it
// as {encrypted: '…'} for config.yml, sealed with the key of the agent of
// --state-dir (created there if the agent has none yet). Only that agent
// can read the value.
func runAgentEncrypt(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	stateDir := defaultStateDir()
	if v := getenv("PARTNERD_STATE_DIR"); v != "" {
		stateDir = v
	}
	fs := flag.NewFlagSet("partnerd agent encrypt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&stateDir, "state-dir", stateDir, "the state directory of the agent that will read the value")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("agent encrypt reads the value from stdin, not from arguments (%q)", fs.Arg(0))
	}
	if stateDir == "" {
		return errors.New("--state-dir must not be empty")
	}
	value, err := readSecretValue(stdin, stderr)
	if err != nil {
		return err
	}
	text, err := agent.EncryptForAgent(stateDir, value)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "{encrypted: '%s'}\n", text)
	return err
}

// readSecretValue reads the value to encrypt: from a terminal twice,
// without echo, and the two must match; from anything else once, without
// its final line break.
func readSecretValue(stdin io.Reader, prompt io.Writer) ([]byte, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(prompt, "Value to encrypt: ")
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return nil, err
		}
		fmt.Fprint(prompt, "Again: ")
		second, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(first, second) {
			return nil, errors.New("the two values differ")
		}
		return nonEmpty(first)
	}
	b, err := io.ReadAll(io.LimitReader(stdin, agent.MaxEncryptedValue+2))
	if err != nil {
		return nil, err
	}
	s := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	return nonEmpty([]byte(s))
}

func nonEmpty(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return nil, errors.New("the value is empty")
	}
	return b, nil
}
