package agent

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"strings"
	"testing"
)

// testValues reads secrets from env and opens encrypted values with key.
func testValues(env map[string]string, key *ecdsa.PrivateKey) Values {
	return Values{
		LookupEnv: func(name string) (string, bool) { v, ok := env[name]; return v, ok },
		Key:       func() (*ecdsa.PrivateKey, error) { return key, nil },
	}
}

func mustKey(tb testing.TB) *ecdsa.PrivateKey {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return key
}

func mustEncrypt(tb testing.TB, key *ecdsa.PrivateKey, value string) string {
	tb.Helper()
	text, err := EncryptValue(&key.PublicKey, []byte(value))
	if err != nil {
		tb.Fatal(err)
	}
	return text
}

// TestReadConfigResolvesSecrets checks that a secret is read from the
// agent's environment, with the provider's prefix, and an encrypted value
// is opened with the agent's key, in database and HTTP profiles alike.
func TestReadConfigResolvesSecrets(t *testing.T) {
	key := mustKey(t)
	config := "secrets:\n  provider: env\n  prefix: OPA_\n" +
		"database:\n  sales:\n    adapter: postgresql\n    host: db\n    username: {encrypted: '" + mustEncrypt(t, key, "joe") + "'}\n" +
		"    password: { secret: DB_PASSWORD }\n" +
		"http:\n  erp:\n    base_url: http://erp.local/api\n    password: {secret: ERP}\n    headers:\n      X-Key: {encrypted: '" + mustEncrypt(t, key, "k-1") + "'}\n" +
		"ldap:\n  ad:\n    password: {secret: LDAP}\n"
	c, err := ReadConfig([]byte(config), testValues(map[string]string{"OPA_DB_PASSWORD": "s3cret", "OPA_ERP": "e", "OPA_LDAP": "l"}, key))
	if err != nil {
		t.Fatal(err)
	}
	if p := c.Databases["sales"]; p.Username != "joe" || p.Password != "s3cret" {
		t.Errorf("database profile: %+v", p)
	}
	if p := c.HTTP["erp"]; p.Password != "e" || p.Headers["X-Key"] != "k-1" {
		t.Errorf("http profile: %+v", p)
	}
	if len(c.Profiles) != 3 {
		t.Errorf("profiles: %+v", c.Profiles)
	}
}

// TestReadConfigRefusesSecrets checks that every secret or encrypted value
// the agent cannot have stops it at start with an error naming its line.
func TestReadConfigRefusesSecrets(t *testing.T) {
	key, other := mustKey(t), mustKey(t)
	mine, theirs := mustEncrypt(t, key, "v"), mustEncrypt(t, other, "v")
	corrupt := mine[:len(mine)-8] + "AAAAAAA="
	const db = "database:\n  sales:\n    adapter: postgresql\n    host: db\n"
	for _, tc := range []struct{ name, config, want string }{
		{"no secrets section", db + "    password: {secret: DB_PASSWORD}\n", "line 5: database profile \"sales\": password: a {secret: …} needs a secrets: section"},
		{"aws", "secrets:\n  provider: aws\n  region: us-west-1\n" + db, "line 2: secrets: provider aws (AWS Secrets Manager) is not reachable"},
		{"azure", "secrets:\n  provider: azure\n" + db, "line 2: secrets: provider azure"},
		{"google", "secrets:\n  provider: google\n" + db, "line 2: secrets: provider google"},
		{"unknown provider", "secrets:\n  provider: vault\n" + db, "line 2: secrets: unknown provider \"vault\""},
		{"no provider", "secrets:\n  prefix: X\n" + db, "line 1: secrets: needs a provider"},
		{"unknown setting", "secrets:\n  provider: env\n  region: x\n" + db, "line 3: secrets: unknown setting \"region\""},
		{"bad prefix", "secrets:\n  provider: env\n  prefix: 'A-'\n" + db, "line 3: secrets: prefix"},
		{"missing variable", "secrets:\n  provider: env\n  prefix: OPA_\n" + db + "    password: {secret: NOPE}\n", "line 8: database profile \"sales\": password: the environment variable OPA_NOPE is not set"},
		{"empty variable", "secrets:\n  provider: env\n" + db + "    password: {secret: EMPTY}\n", "line 7: database profile \"sales\": password: the environment variable EMPTY is not set"},
		{"bad name", "secrets:\n  provider: env\n" + db + "    password: {secret: '/opa/sales'}\n", "line 7: database profile \"sales\": password: secret \"/opa/sales\" is not an environment variable's name"},
		{"another agent", db + "    password: {encrypted: '" + theirs + "'}\n", "line 5: database profile \"sales\": password: the value was encrypted for another agent's key"},
		{"corrupted", db + "    password: {encrypted: '" + corrupt + "'}\n", "line 5: database profile \"sales\": password: the encrypted value is corrupted"},
		{"not base64", db + "    password: {encrypted: 'not base64!'}\n", "line 5: database profile \"sales\": password: the encrypted value is corrupted"},
		{"a mapping", db + "    password: {vault: x}\n", "line 5: database profile \"sales\": password: expected a value"},
		{"other section", "files:\n  share:\n    base: /srv\n    password: {secret: X}\n", "line 4: files.share.password: a {secret: …} needs a secrets: section"},
		{"http header", "secrets:\n  provider: env\nhttp:\n  erp:\n    base_url: http://h\n    headers:\n      X-Key: {secret: NOPE}\n", "line 7: http profile \"erp\": headers.X-Key: the environment variable NOPE is not set"},
	} {
		_, err := ReadConfig([]byte(tc.config), testValues(map[string]string{"EMPTY": ""}, key))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestReadConfigWithoutKey checks that an encrypted value of an agent
// with no key stops it at start, naming the line.
func TestReadConfigWithoutKey(t *testing.T) {
	key := mustKey(t)
	config := "database:\n  sales:\n    adapter: postgresql\n    host: db\n    password: {encrypted: '" + mustEncrypt(t, key, "v") + "'}\n"
	_, err := ReadConfig([]byte(config), Values{Key: func() (*ecdsa.PrivateKey, error) { return LoadKey(t.TempDir()) }})
	if err == nil || !strings.Contains(err.Error(), "line 5: database profile \"sales\": password: an encrypted value needs the agent's key") {
		t.Errorf("%v", err)
	}
}

// FuzzReadConfig checks that any config.yml either reads or is refused
// with an error naming a line, and never panics.
func FuzzReadConfig(f *testing.F) {
	key := mustKey(f)
	for _, s := range []string{
		"secrets:\n  provider: env\n  prefix: OPA_\ndatabase:\n  s:\n    url: jdbc:postgresql://db:5432/x?sslmode=require&ApplicationName=a\n    password: {secret: P}\n",
		"database:\n  s:\n    adapter: mysql\n    host: h\n    password: {encrypted: '" + mustEncrypt(f, key, "v") + "'}\n",
		"http:\n  e:\n    base_url: http://h/\n    headers: {A: {secret: B}}\n",
		"secrets: {provider: aws}\n",
		"files:\n  s:\n    - {encrypted: x}\n",
	} {
		f.Add(s)
	}
	values := testValues(map[string]string{"OPA_P": "p", "B": "b"}, key)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ReadConfig([]byte(s), values)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "profiles: ") {
				t.Fatalf("error without the file's prefix: %v", err)
			}
			return
		}
		for name, p := range c.Databases {
			if p == nil || p.Name != name {
				t.Fatalf("database profile %q: %+v", name, p)
			}
		}
	})
}

// TestReadConfigEncryptedURL checks that a JDBC url given encrypted names
// the profile's connector once opened, and that ParseProfiles, which has
// no key, asks for an adapter beside it.
func TestReadConfigEncryptedURL(t *testing.T) {
	key := mustKey(t)
	config := "database:\n  dw:\n    url: {encrypted: '" + mustEncrypt(t, key, "jdbc:mysql://dw.local:3307/dw") + "'}\n"
	c, err := ReadConfig([]byte(config), testValues(nil, key))
	if err != nil {
		t.Fatal(err)
	}
	if p := c.Databases["dw"]; len(c.Profiles) != 1 || c.Profiles[0].Provider != "mysql" || p.Host != "dw.local" || p.Port != "3307" {
		t.Errorf("profiles %+v, database %+v", c.Profiles, p)
	}
	if _, err := ParseProfiles([]byte(config)); err == nil || !strings.Contains(err.Error(), "line 3: database profile \"dw\": a url given as {encrypted: …} needs an adapter") {
		t.Errorf("ParseProfiles: %v", err)
	}
}

// TestReadConfigAliases checks that a setting may name another by a YAML
// alias, and a secret through one is read as well.
func TestReadConfigAliases(t *testing.T) {
	config := "secrets: {provider: env}\ndatabase:\n  a:\n    adapter: postgresql\n    host: &h db.local\n    password: &pw {secret: PW}\n" +
		"  b:\n    adapter: postgresql\n    host: *h\n    password: *pw\n"
	c, err := ReadConfig([]byte(config), testValues(map[string]string{"PW": "p"}, nil))
	if err != nil {
		t.Fatal(err)
	}
	if b := c.Databases["b"]; b.Host != "db.local" || b.Password != "p" {
		t.Errorf("b: %+v", b)
	}
}
