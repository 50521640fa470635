package main

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of partnerd: defaults, then PARTNERD_* variables,
// then flags.
type Config struct {
	Addr           string
	DB             string
	TLSCert        string
	TLSKey         string
	AgentAddr      string
	RateLimits     string
	TrustedProxies string
	TestHelpers    bool
	JournalSize    int
	LogFormat      string
	AccessLog      bool   // one log line per request
	SecretKey      string // 32 bytes in base64 or hex; empty keeps a generated key in the database
	Synchronous    string // SQLite's synchronous mode: normal or full
	DebugAddr      string // where pprof listens; empty serves none
	PublicURL      string // the base of recipes' webhook URLs; empty is the listen address
	Seed           string // a seed file applied once to an empty database
	Egress         string // what recipes' outbound connections may reach: development or production

	BootstrapToken  string
	BootstrapEmail  string
	BootstrapAPIKey string

	RequestTimeout  time.Duration // a request's budget, its body included
	ShutdownTimeout time.Duration // the grace of in-flight requests at shutdown
	JobRetention    time.Duration // how long the lines of an ended job are kept
	JobLease        time.Duration // how long a job's claim holds without its worker's heartbeat
	JobWorkers      int           // the workers that run queued jobs
	MaxConns        int           // connections per listener; 0 is no cap
	MaxConnsPerAddr int           // connections per listener and remote address; 0 is no cap
	GatewayTimeout  time.Duration // how long an API gateway call waits for its recipe
	GatewayRate     int           // API gateway calls per minute of each access profile; 0 is no limit
	GatewayQuota    int           // API gateway calls per day of each access profile; 0 is no quota
	AgentWait       time.Duration // how long a step waits for an active agent of its on-prem group; 0 is 5 s
}

// DefaultConfig returns the defaults of running.md.
func DefaultConfig() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DB:              "partnerd.db",
		AgentAddr:       "127.0.0.1:8443",
		RateLimits:      "on",
		JournalSize:     1000,
		LogFormat:       "text",
		AccessLog:       true,
		Synchronous:     "normal",
		BootstrapEmail:  "admin@partnerd.local",
		RequestTimeout:  40 * time.Second,
		ShutdownTimeout: 30 * time.Second,
		MaxConns:        4096,
		MaxConnsPerAddr: 512,
		JobRetention:    30 * 24 * time.Hour,
		Egress:          "development",
		GatewayTimeout:  30 * time.Second,
		JobLease:        30 * time.Second,
		JobWorkers:      8,
	}
}

// bindFlags declares the flags of fs over c; what names them also names
// their PARTNERD_ variables.
func (c *Config) bindFlags(fs *flag.FlagSet, serve bool) {
	fs.StringVar(&c.DB, "db", c.DB, "a SQLite file path, :memory:, or a postgres:// URL")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json")
	fs.StringVar(&c.Synchronous, "synchronous", c.Synchronous, "SQLite durability: normal (commits survive a crash of the process) or full (they survive a power loss)")
	if !serve {
		return
	}
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address")
	fs.BoolVar(&c.AccessLog, "access-log", c.AccessLog, "log one line per request: method, path, status, duration, request id, account")
	fs.StringVar(&c.TLSCert, "tls-cert", c.TLSCert, "TLS certificate file (serves HTTPS with --tls-key)")
	fs.StringVar(&c.TLSKey, "tls-key", c.TLSKey, "TLS key file")
	fs.StringVar(&c.AgentAddr, "agent-addr", c.AgentAddr, "where on-prem agents connect")
	fs.StringVar(&c.RateLimits, "rate-limits", c.RateLimits, "on, off, or a factor such as 10x")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies, "comma-separated CIDRs whose X-Forwarded-For is believed")
	fs.BoolVar(&c.TestHelpers, "test-helpers", c.TestHelpers, "serve the /_partnerd/ test helpers")
	fs.IntVar(&c.JournalSize, "journal-size", c.JournalSize, "requests kept in the test helpers' journal, per account")
	fs.StringVar(&c.PublicURL, "public-url", c.PublicURL, "the server's public URL, the base of recipes' webhook URLs (the listen address when empty)")
	fs.StringVar(&c.DebugAddr, "debug-addr", c.DebugAddr, "where to serve Go's pprof profiles (off when empty); keep it private")
	fs.DurationVar(&c.RequestTimeout, "request-timeout", c.RequestTimeout, "the time a request is served in, its body included; past it, 504")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "how long requests in flight may finish at shutdown before their connections are closed")
	fs.IntVar(&c.MaxConns, "max-conns", c.MaxConns, "connections each listener holds at once (0: no cap); more are refused with 503")
	fs.IntVar(&c.MaxConnsPerAddr, "max-conns-per-addr", c.MaxConnsPerAddr, "connections each listener holds at once from one address (an IPv6 address by its /64) outside --trusted-proxies (0: no cap)")
	fs.DurationVar(&c.JobRetention, "job-retention", c.JobRetention, "how long the lines and trigger output of an ended job are kept (the job itself stays, for counts and usage)")
	fs.StringVar(&c.Egress, "egress", c.Egress, "what recipes may connect to: development (anything but link-local addresses) or production (no loopback, private or link-local address, nor the server's own listeners)")
	fs.DurationVar(&c.GatewayTimeout, "gateway-timeout", c.GatewayTimeout, "how long a call of an API endpoint (under /apim/) waits for its recipe's answer; past it, 504")
	fs.IntVar(&c.GatewayRate, "gateway-rate-limit", c.GatewayRate, "calls of API endpoints per minute of each access profile or API key, counted across replicas (0: no limit); past it, 429")
	fs.IntVar(&c.GatewayQuota, "gateway-quota", c.GatewayQuota, "calls of API endpoints per day (UTC) of each access profile or API key, counted across replicas (0: no quota); past it, 429")
	fs.DurationVar(&c.JobLease, "job-lease", c.JobLease, "how long a job's claim holds without its worker's heartbeat: the jobs of a process that died are rescued by the interruption rule once it passes")
	fs.IntVar(&c.JobWorkers, "job-workers", c.JobWorkers, "the workers that run queued jobs in this process (a job that a caller waits for runs on the caller's own)")
	fs.StringVar(&c.Seed, "seed", c.Seed, "a YAML or JSON file of accounts and what they hold, applied once to an empty database")
	fs.StringVar(&c.SecretKey, "secret-key", c.SecretKey, "32-byte key (base64 or hex) that encrypts connection input at rest; prefer PARTNERD_SECRET_KEY")
}

// envName returns the variable of a flag: PARTNERD_ and its name in
// upper case with "_" for "-".
func envName(flag string) string {
	return "PARTNERD_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// bootstrapHelp lists the variables that only the first start reads.
const bootstrapHelp = `
The first start of an empty database creates the account "Partner" and reads:
  PARTNERD_BOOTSTRAP_TOKEN      its API token (a random one is printed once when unset)
  PARTNERD_BOOTSTRAP_EMAIL      its owner's email (default admin@partnerd.local)
  PARTNERD_BOOTSTRAP_API_KEY    its owner's legacy API key (X-USER-TOKEN)
A database that has an account is never changed by them.
`

// flagUsage prints the help of a command: each flag with its variable and
// default, then, for serve, the bootstrap variables.
func flagUsage(fs *flag.FlagSet, serve bool) func() {
	return func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: %s [flags]\n\nA flag beats its variable, which beats the default.\n\n", fs.Name())
		fs.VisitAll(func(f *flag.Flag) {
			def := ""
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				def = " (default " + f.DefValue + ")"
			}
			fmt.Fprintf(w, "  --%s, %s\n      %s%s\n", f.Name, envName(f.Name), f.Usage, def)
		})
		if serve {
			fmt.Fprint(w, bootstrapHelp)
		}
	}
}

// parse applies the environment, then the arguments, and validates.
func (c *Config) parse(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := envName(f.Name)
		if v := getenv(name); v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				envErr = errors.Join(envErr, fmt.Errorf("%s: %w", name, err))
			}
		}
	})
	if envErr != nil {
		return envErr
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	c.BootstrapToken = getenv("PARTNERD_BOOTSTRAP_TOKEN")
	c.BootstrapAPIKey = getenv("PARTNERD_BOOTSTRAP_API_KEY")
	if v := getenv("PARTNERD_BOOTSTRAP_EMAIL"); v != "" {
		c.BootstrapEmail = v
	}
	return c.Validate()
}

// Validate checks the settings.
func (c *Config) Validate() error {
	var errs []error
	if c.DB == "" {
		errs = append(errs, errors.New("--db must not be empty"))
	}
	if c.GatewayTimeout <= 0 || c.GatewayRate < 0 || c.GatewayQuota < 0 {
		errs = append(errs, fmt.Errorf("--gateway-timeout must be positive, --gateway-rate-limit and --gateway-quota at least 0"))
	}
	if c.JobRetention < time.Hour {
		errs = append(errs, fmt.Errorf("--job-retention must be at least 1h, not %s", c.JobRetention))
	}
	if c.JobLease < 100*time.Millisecond || c.JobLease > time.Hour {
		errs = append(errs, fmt.Errorf("--job-lease must be within 100ms and 1h, not %s", c.JobLease))
	}
	if c.JobWorkers < 1 || c.JobWorkers > 256 {
		errs = append(errs, fmt.Errorf("--job-workers must be within 1 and 256, not %d", c.JobWorkers))
	}
	if _, err := c.RateFactor(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.TrustedProxyPrefixes(); err != nil {
		errs = append(errs, err)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("--tls-cert and --tls-key go together"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format must be text or json, not %q", c.LogFormat))
	}
	if c.Synchronous != "normal" && c.Synchronous != "full" {
		errs = append(errs, fmt.Errorf("--synchronous must be normal or full, not %q", c.Synchronous))
	}
	if c.JournalSize < 0 {
		errs = append(errs, errors.New("--journal-size must not be negative"))
	}
	if _, err := c.SecretKeyBytes(); err != nil {
		errs = append(errs, err)
	}
	if u, err := url.Parse(c.PublicURL); c.PublicURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		errs = append(errs, fmt.Errorf("--public-url must be an http or https URL, not %q", c.PublicURL))
	}
	if c.RequestTimeout <= 0 {
		errs = append(errs, errors.New("--request-timeout must be positive"))
	}
	if c.ShutdownTimeout < 0 {
		errs = append(errs, errors.New("--shutdown-timeout must not be negative"))
	}
	if c.Egress != "development" && c.Egress != "production" {
		errs = append(errs, fmt.Errorf("--egress must be development or production, not %q", c.Egress))
	}
	if c.MaxConns < 0 || c.MaxConnsPerAddr < 0 {
		errs = append(errs, errors.New("--max-conns and --max-conns-per-addr must not be negative"))
	}
	return errors.Join(errs...)
}

// RateFactor reads --rate-limits: 1 for on, 0 for off, N for Nx.
func (c *Config) RateFactor() (float64, error) {
	switch v := strings.ToLower(strings.TrimSpace(c.RateLimits)); v {
	case "on", "true", "1x", "":
		return 1, nil
	case "off", "false":
		return 0, nil
	default:
		f, err := strconv.ParseFloat(strings.TrimSuffix(v, "x"), 64)
		if err != nil || !strings.HasSuffix(v, "x") || f <= 0 || f > 1e6 {
			return 0, fmt.Errorf("--rate-limits must be on, off or a factor such as 10x, not %q", c.RateLimits)
		}
		return f, nil
	}
}

// TrustedProxyPrefixes reads --trusted-proxies.
func (c *Config) TrustedProxyPrefixes() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range strings.Split(c.TrustedProxies, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			a, aerr := netip.ParseAddr(item)
			if aerr != nil {
				return nil, fmt.Errorf("--trusted-proxies: %q is not a CIDR", item)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// SecretKeyBytes reads --secret-key: 32 bytes written as 64 hex digits or
// in base64 (standard or URL alphabet, padded or not); nil when unset.
func (c *Config) SecretKeyBytes() ([]byte, error) {
	s := strings.TrimSpace(c.SecretKey)
	if s == "" {
		return nil, nil
	}
	if key, err := hex.DecodeString(s); err == nil && len(key) == 32 {
		return key, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if key, err := enc.DecodeString(s); err == nil && len(key) == 32 {
			return key, nil
		}
	}
	return nil, errors.New("--secret-key must be 32 bytes in base64 or hex (openssl rand -base64 32)")
}

// environ reads the process environment.
func environ(name string) string { return os.Getenv(name) }
