package main

import (
	"flag"
	"io"
	"testing"
	"time"
)

// TestConfig covers every flag through its variable and its flag, and the
// order defaults < environment < flags.
func TestConfig(t *testing.T) {
	for _, tt := range []struct {
		name  string
		env   map[string]string
		args  []string
		check func(c Config) bool
		bad   bool
	}{
		{name: "defaults", check: func(c Config) bool {
			return c.Addr == "127.0.0.1:8080" && c.DB == "partnerd.db" && c.AgentAddr == "127.0.0.1:8443" &&
				c.RateLimits == "on" && c.JournalSize == 1000 && c.LogFormat == "text" && !c.TestHelpers &&
				c.BootstrapEmail == "admin@partnerd.local" && c.RequestTimeout == 40*time.Second &&
				c.ShutdownTimeout == 30*time.Second && c.MaxConns == 4096 && c.MaxConnsPerAddr == 512 && c.AccessLog
		}},
		{name: "access log env", env: map[string]string{"PARTNERD_ACCESS_LOG": "false"}, check: func(c Config) bool { return !c.AccessLog }},
		{name: "access log flag", env: map[string]string{"PARTNERD_ACCESS_LOG": "false"}, args: []string{"--access-log=true"}, check: func(c Config) bool { return c.AccessLog }},
		{name: "access log bad", env: map[string]string{"PARTNERD_ACCESS_LOG": "loud"}, bad: true},
		{name: "job retention env", env: map[string]string{"PARTNERD_JOB_RETENTION": "168h"}, check: func(c Config) bool { return c.JobRetention == 168*time.Hour }},
		{name: "gateway timeout env", env: map[string]string{"PARTNERD_GATEWAY_TIMEOUT": "5s"}, check: func(c Config) bool { return c.GatewayTimeout == 5*time.Second }},
		{name: "gateway rate limit flag", args: []string{"--gateway-rate-limit", "120"}, check: func(c Config) bool { return c.GatewayRate == 120 }},
		{name: "gateway quota env", env: map[string]string{"PARTNERD_GATEWAY_QUOTA": "1000"}, check: func(c Config) bool { return c.GatewayQuota == 1000 }},
		{name: "gateway quota bad", args: []string{"--gateway-quota", "-1"}, bad: true},
		{name: "gateway defaults", check: func(c Config) bool {
			return c.GatewayTimeout == 30*time.Second && c.GatewayRate == 0 && c.GatewayQuota == 0
		}},
		{name: "job retention default", check: func(c Config) bool { return c.JobRetention == 30*24*time.Hour }},
		{name: "job retention too short", args: []string{"--job-retention", "1m"}, bad: true},
		{name: "egress default", check: func(c Config) bool { return c.Egress == "development" }},
		{name: "egress env", env: map[string]string{"PARTNERD_EGRESS": "production"}, check: func(c Config) bool { return c.Egress == "production" }},
		{name: "egress flag", env: map[string]string{"PARTNERD_EGRESS": "production"}, args: []string{"--egress", "development"},
			check: func(c Config) bool { return c.Egress == "development" }},
		{name: "egress bad", args: []string{"--egress", "open"}, bad: true},
		{name: "job lease", args: []string{"--job-lease", "500ms"}, check: func(c Config) bool { return c.JobLease == 500*time.Millisecond }},
		{name: "job lease env", env: map[string]string{"PARTNERD_JOB_LEASE": "2m"}, check: func(c Config) bool { return c.JobLease == 2*time.Minute }},
		{name: "job lease default", check: func(c Config) bool { return c.JobLease == 30*time.Second }},
		{name: "job lease too short", args: []string{"--job-lease", "10ms"}, bad: true},
		{name: "job workers", args: []string{"--job-workers", "16"}, check: func(c Config) bool { return c.JobWorkers == 16 }},
		{name: "job workers env", env: map[string]string{"PARTNERD_JOB_WORKERS": "2"}, check: func(c Config) bool { return c.JobWorkers == 2 }},
		{name: "job workers default", check: func(c Config) bool { return c.JobWorkers == 8 }},
		{name: "job workers none", args: []string{"--job-workers", "0"}, bad: true},
		{name: "seed env", env: map[string]string{"PARTNERD_SEED": "world.yaml"}, check: func(c Config) bool { return c.Seed == "world.yaml" }},
		{name: "seed flag", env: map[string]string{"PARTNERD_SEED": "world.yaml"}, args: []string{"--seed", "ci.json"}, check: func(c Config) bool { return c.Seed == "ci.json" }},
		{name: "request timeout env", env: map[string]string{"PARTNERD_REQUEST_TIMEOUT": "2s"}, check: func(c Config) bool { return c.RequestTimeout == 2*time.Second }},
		{name: "request timeout flag", args: []string{"--request-timeout", "1m"}, check: func(c Config) bool { return c.RequestTimeout == time.Minute }},
		{name: "request timeout bad", args: []string{"--request-timeout", "0s"}, bad: true},
		{name: "shutdown timeout env", env: map[string]string{"PARTNERD_SHUTDOWN_TIMEOUT": "5s"}, check: func(c Config) bool { return c.ShutdownTimeout == 5*time.Second }},
		{name: "shutdown timeout bad", args: []string{"--shutdown-timeout", "-1s"}, bad: true},
		{name: "max conns env", env: map[string]string{"PARTNERD_MAX_CONNS": "100"}, check: func(c Config) bool { return c.MaxConns == 100 }},
		{name: "max conns off", args: []string{"--max-conns", "0"}, check: func(c Config) bool { return c.MaxConns == 0 }},
		{name: "max conns bad", args: []string{"--max-conns", "-1"}, bad: true},
		{name: "max conns per addr env", env: map[string]string{"PARTNERD_MAX_CONNS_PER_ADDR": "8"}, check: func(c Config) bool { return c.MaxConnsPerAddr == 8 }},
		{name: "max conns per addr bad", args: []string{"--max-conns-per-addr", "-2"}, bad: true},
		{name: "addr env", env: map[string]string{"PARTNERD_ADDR": ":9000"}, check: func(c Config) bool { return c.Addr == ":9000" }},
		{name: "addr flag beats env", env: map[string]string{"PARTNERD_ADDR": ":9000"}, args: []string{"--addr", ":9001"},
			check: func(c Config) bool { return c.Addr == ":9001" }},
		{name: "db", env: map[string]string{"PARTNERD_DB": "postgres://x@h/db"}, check: func(c Config) bool { return c.DB == "postgres://x@h/db" }},
		{name: "tls", env: map[string]string{"PARTNERD_TLS_CERT": "c.pem", "PARTNERD_TLS_KEY": "k.pem"},
			check: func(c Config) bool { return c.TLSCert == "c.pem" && c.TLSKey == "k.pem" }},
		{name: "tls cert alone", args: []string{"--tls-cert", "c.pem"}, bad: true},
		{name: "agent addr", env: map[string]string{"PARTNERD_AGENT_ADDR": ":8444"}, check: func(c Config) bool { return c.AgentAddr == ":8444" }},
		{name: "rate limits off", env: map[string]string{"PARTNERD_RATE_LIMITS": "off"}, check: func(c Config) bool {
			f, _ := c.RateFactor()
			return f == 0
		}},
		{name: "rate limits factor", args: []string{"--rate-limits", "10x"}, check: func(c Config) bool {
			f, _ := c.RateFactor()
			return f == 10
		}},
		{name: "rate limits bad", args: []string{"--rate-limits", "fast"}, bad: true},
		{name: "trusted proxies", env: map[string]string{"PARTNERD_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1"}, check: func(c Config) bool {
			p, _ := c.TrustedProxyPrefixes()
			return len(p) == 2 && p[1].Bits() == 32
		}},
		{name: "trusted proxies bad", args: []string{"--trusted-proxies", "nope"}, bad: true},
		{name: "test helpers env", env: map[string]string{"PARTNERD_TEST_HELPERS": "true"}, check: func(c Config) bool { return c.TestHelpers }},
		{name: "test helpers flag", args: []string{"--test-helpers"}, check: func(c Config) bool { return c.TestHelpers }},
		{name: "test helpers bad", env: map[string]string{"PARTNERD_TEST_HELPERS": "perhaps"}, bad: true},
		{name: "journal size", env: map[string]string{"PARTNERD_JOURNAL_SIZE": "50"}, check: func(c Config) bool { return c.JournalSize == 50 }},
		{name: "journal size bad", args: []string{"--journal-size", "-1"}, bad: true},
		{name: "log format", env: map[string]string{"PARTNERD_LOG_FORMAT": "json"}, check: func(c Config) bool { return c.LogFormat == "json" }},
		{name: "log format bad", args: []string{"--log-format", "xml"}, bad: true},
		{name: "synchronous default", check: func(c Config) bool { return c.Synchronous == "normal" }},
		{name: "synchronous env", env: map[string]string{"PARTNERD_SYNCHRONOUS": "full"}, check: func(c Config) bool { return c.Synchronous == "full" }},
		{name: "synchronous bad", args: []string{"--synchronous", "off"}, bad: true},
		{name: "public url", env: map[string]string{"PARTNERD_PUBLIC_URL": "https://hooks.example.com"},
			check: func(c Config) bool { return c.PublicURL == "https://hooks.example.com" }},
		{name: "public url bad", args: []string{"--public-url", "hooks.example.com"}, bad: true},
		{name: "debug addr", env: map[string]string{"PARTNERD_DEBUG_ADDR": "127.0.0.1:6060"}, check: func(c Config) bool { return c.DebugAddr == "127.0.0.1:6060" }},
		{name: "bootstrap", env: map[string]string{"PARTNERD_BOOTSTRAP_TOKEN": "T", "PARTNERD_BOOTSTRAP_EMAIL": "o@p.test", "PARTNERD_BOOTSTRAP_API_KEY": "K"},
			check: func(c Config) bool {
				return c.BootstrapToken == "T" && c.BootstrapEmail == "o@p.test" && c.BootstrapAPIKey == "K"
			}},
		{name: "secret key env base64", env: map[string]string{"PARTNERD_SECRET_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}, check: func(c Config) bool {
			k, err := c.SecretKeyBytes()
			return err == nil && len(k) == 32 && k[1] == 1 && k[31] == 31
		}},
		{name: "secret key flag hex", args: []string{"--secret-key", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"}, check: func(c Config) bool {
			k, err := c.SecretKeyBytes()
			return err == nil && len(k) == 32 && k[31] == 31
		}},
		{name: "secret key unset", check: func(c Config) bool {
			k, err := c.SecretKeyBytes()
			return err == nil && k == nil
		}},
		{name: "secret key short", env: map[string]string{"PARTNERD_SECRET_KEY": "c2hvcnQ="}, bad: true},
		{name: "secret key not base64", args: []string{"--secret-key", "not a key at all, not at all, no"}, bad: true},
		{name: "empty db", args: []string{"--db", ""}, bad: true},
		{name: "unknown flag", args: []string{"--nope"}, bad: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			c.bindFlags(fs, true)
			err := c.parse(fs, tt.args, func(k string) string { return tt.env[k] })
			if tt.bad {
				if err == nil {
					t.Fatal("accepted")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(c) {
				t.Errorf("config %+v", c)
			}
		})
	}
}
