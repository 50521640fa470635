package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/agent"
	"github.com/partnerd/partnerd/http"
)

// startAgentListener opens the agent listener on Config.AgentAddr (none
// when it is empty) and adds its gauge of connected agents to the
// server's metrics.
func (m *Main) startAgentListener(ctx context.Context, srv *http.Server) error {
	if m.agentListener == nil {
		return nil
	}
	l := &agent.Server{Store: m.DB, Logger: m.Logger, RequestTimeout: m.Config.RequestTimeout, Listener: m.agentListener,
		AgentWait: m.Config.AgentWait,
		WrapListener: func(l net.Listener, tlsConfig *tls.Config) net.Listener {
			return http.LimitListener(l, m.connLimits(tlsConfig))
		}}
	if m.DB.IsPostgres() {
		l.Relay = m.DB // Replicas share the database: a step reaches an agent connected to any of them.
	}
	if err := l.Open(ctx, m.Config.AgentAddr); err != nil {
		return fmt.Errorf("--agent-addr: %w", err)
	}
	m.agents = l
	srv.OnPremLoad = l
	if err := srv.Register(l.OperationsCollector()); err != nil {
		return err
	}
	return srv.Register(l.Collector())
}

// AgentURL returns the base URL that agents enrol and connect at, "" when
// the agent listener is off.
func (m *Main) AgentURL() string {
	if m.agents == nil {
		return ""
	}
	return "https://" + m.agents.Addr().String()
}

// agentConfig is the command line of "partnerd agent".
type agentConfig struct {
	Server    string
	Code      string
	Profiles  string
	StateDir  string
	LogFormat string
}

// defaultStateDir is where an agent keeps its key and certificate unless
// --state-dir names another place: partnerd/agent in the user's
// configuration directory.
func defaultStateDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ".partnerd-agent"
	}
	return filepath.Join(dir, "partnerd", "agent")
}

// parseAgentFlags reads the command line and the PARTNERD_ variables.
func parseAgentFlags(args []string, stderr io.Writer, getenv func(string) string) (*agentConfig, error) {
	c := &agentConfig{StateDir: defaultStateDir(), LogFormat: "text"}
	fs := flag.NewFlagSet("partnerd agent", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Server, "server", c.Server, "the server's agent address, https://HOST:PORT (its --agent-addr)")
	fs.StringVar(&c.Code, "code", c.Code, "the agent's activation code, needed until it has enrolled")
	fs.StringVar(&c.Profiles, "profiles", c.Profiles, "the profiles the agent serves: Workato's config.yml, or a YAML profiles: list")
	fs.StringVar(&c.StateDir, "state-dir", c.StateDir, "where the agent keeps its key and certificate")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json")
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		name := "PARTNERD_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := getenv(name); v != "" {
			errs = append(errs, fs.Set(f.Name, v))
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, errHelp
		}
		return nil, err
	}
	if u, err := url.Parse(c.Server); err != nil || u.Scheme != "https" || u.Host == "" {
		errs = append(errs, fmt.Errorf("--server must be https://HOST:PORT, not %q", c.Server))
	}
	if c.StateDir == "" {
		errs = append(errs, errors.New("--state-dir must not be empty"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format must be text or json, not %q", c.LogFormat))
	}
	return c, errors.Join(errs...)
}

// runAgent runs "partnerd agent": it enrols once with the activation
// code, then stays connected until a signal ends ctx. A refused
// enrolment, or the deletion of the agent, ends it with an error.
func runAgent(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	c, err := parseAgentFlags(args, stderr, getenv)
	if err != nil {
		return err
	}
	a := &agent.Agent{Server: c.Server, StateDir: c.StateDir, Version: partnerd.Version,
		Logger: newLogger(stderr, c.LogFormat)}
	if c.Profiles != "" {
		b, err := os.ReadFile(c.Profiles)
		if err != nil {
			return fmt.Errorf("--profiles: %w", err)
		}
		config, err := agent.ReadConfig(b, agent.Values{
			LookupEnv: func(name string) (string, bool) { v := getenv(name); return v, v != "" },
			Key:       func() (*ecdsa.PrivateKey, error) { return agent.LoadKey(c.StateDir) },
		})
		if err != nil {
			return fmt.Errorf("--profiles %s: %w", c.Profiles, err)
		}
		a.Profiles, a.Databases, a.HTTP = config.Profiles, config.Databases, config.HTTP
		for _, p := range config.Databases {
			if len(p.Ignored) > 0 {
				a.Logger.Warn("driver properties not used", "profile", p.Name, "properties", strings.Join(p.Ignored, ", "))
			}
		}
		for _, p := range a.Profiles {
			a.Logger.Info("profile", "name", p.Name, "provider", p.Provider, "type", p.Type)
		}
		a.Logger.Info("profiles read", "file", c.Profiles, "count", len(a.Profiles))
	}
	if !a.Enrolled() {
		if c.Code == "" {
			return fmt.Errorf("the agent has not enrolled yet (no certificate in %s): --code is needed", c.StateDir)
		}
		if err := a.Enrol(ctx, c.Code); err != nil {
			return err
		}
		a.Logger.Info("enrolled", "server", c.Server, "state_dir", c.StateDir)
	}
	return a.Run(ctx)
}
