package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd/agent"
	"github.com/partnerd/partnerd/client"
)

// TestAgentEncrypt checks that "partnerd agent encrypt" prints a value of
// stdin as {encrypted: '…'} that the agent of --state-dir alone opens,
// creating the agent's key, and refuses an empty value.
func TestAgentEncrypt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	var out, errOut bytes.Buffer
	if err := runAgentEncrypt([]string{"--state-dir", dir}, strings.NewReader("s3cret\n"), &out, &errOut, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`^\{encrypted: '([A-Za-z0-9+/=]+)'\}\n$`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("output %q", out.String())
	}
	key, err := agent.LoadKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := agent.DecryptValue(key, m[1]); err != nil || string(v) != "s3cret" {
		t.Errorf("DecryptValue = %q, %v", v, err)
	}
	getenv := func(name string) string { return map[string]string{"PARTNERD_STATE_DIR": dir}[name] }
	if err := runAgentEncrypt(nil, strings.NewReader("\n"), &out, &errOut, getenv); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty value: %v", err)
	}
	if err := runAgentEncrypt([]string{"s3cret"}, strings.NewReader(""), &out, &errOut, getenv); err == nil {
		t.Error("a value given as an argument was accepted")
	}
}

// startAgentWithEnv starts "partnerd agent" with args and extra
// environment variables; it is killed when the test ends.
func startAgentWithEnv(tb testing.TB, env []string, args ...string) *agentProcess {
	tb.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"agent"}, args...)...)
	cmd.Env = append(append(os.Environ(), runMainEnv+"=1"), env...)
	p := &agentProcess{cmd: cmd, output: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.output, p.output
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	tb.Cleanup(func() { cmd.Process.Kill() })
	return p
}

// TestOnPremAgentSecrets is the proof of config.yml's secrets: a real
// "partnerd agent" whose database profile gives its JDBC url encrypted
// with the agent's key (by "partnerd agent encrypt") and its password as
// a secret of the agent's environment connects to PostgreSQL, and a
// recipe selects rows through it. Without the variable the agent stops at
// start, naming the line. It runs when PARTNERD_TEST_POSTGRES names a
// database.
func TestOnPremAgentSecrets(t *testing.T) {
	db, u, table := customerTable(t, "opa_secret_orders", "id serial PRIMARY KEY, item text NOT NULL")
	ctx := t.Context()
	if _, err := db.Exec(ctx, `INSERT INTO `+table+` (item) VALUES ('bolt'), ('nut')`); err != nil {
		t.Fatal(err)
	}

	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Acme", "acme-opa-secrets").Ref()
	group, err := c.CreateOnPremGroup(ctx, mu, "Vault")
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.CreateOnPremAgent(ctx, mu, client.CreateOnPremAgentParams{Name: "vault-1", OS: "linux", OnPremGroupID: group.ID})
	if err != nil {
		t.Fatal(err)
	}
	code, err := c.OnPremActivationCode(ctx, mu, a.ID)
	if err != nil {
		t.Fatal(err)
	}

	// The JDBC url is encrypted for the agent before it enrols; the
	// enrolment then certifies the key that the encryption created.
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	jdbc := fmt.Sprintf("jdbc:postgresql://%s/%s?sslmode=%s", u.Host, strings.TrimPrefix(u.Path, "/"), u.Query().Get("sslmode"))
	enc := exec.Command(os.Args[0], "agent", "encrypt", "--state-dir", state)
	enc.Env = append(os.Environ(), runMainEnv+"=1")
	enc.Stdin = strings.NewReader(jdbc + "\n")
	encrypted, err := enc.Output()
	if err != nil {
		t.Fatalf("agent encrypt: %v", err)
	}
	password, _ := u.User.Password()
	if password == "" {
		password = "unchecked-by-trust-auth"
	}
	configYML := "secrets:\n  provider: env\n  prefix: OPA_TEST_\n" +
		"database:\n  vault_db:\n    url: " + strings.TrimSpace(string(encrypted)) + "\n" +
		"    username: " + u.User.Username() + "\n    password: { secret: VAULT_PASSWORD }\n    ApplicationName: partnerd-secrets-test\n"
	configPath := filepath.Join(dir, "config.yml")
	if err := os.WriteFile(configPath, []byte(configYML), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"--server", m.AgentURL(), "--code", code.Code, "--profiles", configPath, "--state-dir", state}

	// Without the variable, the agent stops at start naming the line.
	missing := startAgentWithEnv(t, nil, args...)
	if err := missing.wait(t, 30*time.Second); err == nil ||
		!strings.Contains(missing.output.String(), "line 8: database profile \"vault_db\": password: the environment variable OPA_TEST_VAULT_PASSWORD is not set") {
		t.Fatalf("without the variable: %v\n%s", err, missing.output)
	}

	startAgentWithEnv(t, []string{"OPA_TEST_VAULT_PASSWORD=" + password}, args...)
	eventually(t, "the agent is active", 10*time.Second, func() bool {
		active, err := c.OnPremAgentActive(ctx, mu, a.ID)
		return err == nil && active
	})
	conn, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "postgresql", Name: "Vault DB",
		OnPremGroupID: group.ID, Input: map[string]any{"profile": "vault_db"}})
	if err != nil {
		t.Fatal(err)
	}
	recipe, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Vault orders",
		Config: []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "postgresql", AccountID: &conn.ID}},
		Code: callableCode(
			map[string]any{"number": 1, "keyword": "action", "provider": "postgresql", "name": "select_rows", "as": "sel",
				"input": map[string]any{"table": table, "order_by": "id"}},
			map[string]any{"number": 2, "keyword": "action", "provider": "workato_recipe_function", "name": "return_result", "as": "reply",
				"input": map[string]any{"result": map[string]any{"rows": "=" + datapill("postgresql", "sel", "rows")}}},
		)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, recipe); err != nil {
		t.Fatal(err)
	}
	job, err := c.TestTriggerRecipe(ctx, recipe, client.TestTriggerParams{Wait: true, Timeout: "20s"})
	if err != nil {
		t.Fatal(err)
	}
	var result struct{ Rows []struct{ Item string } }
	json.Unmarshal(job.Result, &result)
	if job.Status != "succeeded" || len(result.Rows) != 2 || result.Rows[0].Item != "bolt" || result.Rows[1].Item != "nut" {
		t.Fatalf("job %s %s %s", job.Status, job.Result, errText(job.Error))
	}
	var seen int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE application_name = 'partnerd-secrets-test'`).Scan(&seen); err != nil || seen == 0 {
		t.Errorf("connections of the profile's ApplicationName: %d, %v", seen, err)
	}
}
