package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestServeHelp: "serve --help" exits 0 and lists the flags with their
// variables, and the bootstrap variables.
func TestServeHelp(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"serve", "--help"}, &stdout, &stderr, noEnv); code != 0 {
		t.Errorf("serve --help: exit %d", code)
	}
	help := stdout.String() + stderr.String()
	for _, want := range []string{"--addr, PARTNERD_ADDR", "--access-log, PARTNERD_ACCESS_LOG", "PARTNERD_BOOTSTRAP_TOKEN", "PARTNERD_BOOTSTRAP_EMAIL", "PARTNERD_BOOTSTRAP_API_KEY"} {
		if !strings.Contains(help, want) {
			t.Errorf("serve --help does not list %s:\n%s", want, help)
		}
	}
	if code := run(t.Context(), []string{"migrate", "-h"}, reset(&stdout), reset(&stderr), noEnv); code != 0 {
		t.Errorf("migrate -h: exit %d", code)
	}
}

func reset(b *bytes.Buffer) *bytes.Buffer { b.Reset(); return b }

// TestServeBindsFirst: a port that is taken fails the start before the
// database file is created or a token printed.
func TestServeBindsFirst(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	for _, args := range [][]string{
		{"--addr", taken.Addr().String()},
		{"--addr", "127.0.0.1:0", "--agent-addr", taken.Addr().String()},
		{"--addr", "127.0.0.1:0", "--agent-addr", "127.0.0.1:0", "--debug-addr", taken.Addr().String()},
	} {
		db := filepath.Join(t.TempDir(), "p.db")
		var stderr bytes.Buffer
		code := run(t.Context(), append([]string{"serve", "--db", db}, args...), &stderr, &stderr, noEnv)
		if code == 0 || !strings.Contains(stderr.String(), "address already in use") {
			t.Errorf("%v: exit %d, %s", args, code, stderr.String())
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("%v: the database exists: %v", args, err)
		}
		if strings.Contains(stderr.String(), "wrkaus-") {
			t.Errorf("%v: a token was printed: %s", args, stderr.String())
		}
	}
}

// TestServeStartLine: the start prints one line that tells where the
// server listens, its database, its console and how to authenticate.
func TestServeStartLine(t *testing.T) {
	t.Parallel()
	var log syncBuffer
	db := tempDB(t)
	m := MustRunMain(t, db, func(m *Main) { m.Logger = newLogger(&log, "text") })
	var line string
	for _, l := range strings.Split(log.String(), "\n") {
		if strings.Contains(l, "msg=serving") {
			if line != "" {
				t.Errorf("two start lines:\n%s", log.String())
			}
			line = l
		}
	}
	for _, want := range []string{"url=" + m.URL(), "db=" + db, "console=" + m.URL() + "/console", `auth="Authorization: Bearer $PARTNERD_BOOTSTRAP_TOKEN"`} {
		if !strings.Contains(line, want) {
			t.Errorf("the start line lacks %s: %s", want, line)
		}
	}
}

// TestBootstrapIgnoredWarning: bootstrap variables that a database with an
// account ignores are named in the log with what to do; ones that already
// authenticate there are not.
func TestBootstrapIgnoredWarning(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	first := startMain(t, db, nil)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	var same syncBuffer
	m := startMain(t, db, func(m *Main) { m.Logger = newLogger(&same, "text") })
	m.Close()
	if strings.Contains(same.String(), "ignored") {
		t.Errorf("the same bootstrap token is reported ignored:\n%s", same.String())
	}
	var other syncBuffer
	m = startMain(t, db, func(m *Main) {
		m.Logger = newLogger(&other, "text")
		m.Config.BootstrapToken = "wrkaus-another"
	})
	m.Close()
	if !strings.Contains(other.String(), "level=WARN msg=\"PARTNERD_BOOTSTRAP_TOKEN ignored") || !strings.Contains(other.String(), "--db new.db") {
		t.Errorf("no warning of the ignored token:\n%s", other.String())
	}
}

// TestVersion: the version comes from the variables set at build time,
// else from the module and VCS information of the build.
func TestVersion(t *testing.T) {
	info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/partnerd/partnerd", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-11-02T09:30:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	v := readVersion(info, true)
	if v.Version != "v1.2.3" || v.Commit != "abc123-dirty" || v.Time != "2026-11-02T09:30:00Z" || v.Go == "" {
		t.Errorf("from build info: %+v", v)
	}
	if v := readVersion(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true); v.Version != "dev" || v.Commit != "" {
		t.Errorf("a devel build: %+v", v)
	}
	if v := readVersion(nil, false); v.Version != "dev" {
		t.Errorf("without build info: %+v", v)
	}
	var out bytes.Buffer
	if code := run(t.Context(), []string{"version"}, &out, &out, noEnv); code != 0 || !strings.HasPrefix(out.String(), "partnerd ") || !strings.Contains(out.String(), "go ") {
		t.Errorf("partnerd version: exit %d, %q", code, out.String())
	}
}
