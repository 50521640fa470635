package agent

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestParseDatabasesURL checks that a JDBC url of PostgreSQL or MySQL
// gives the host, port, database and the driver properties the agent
// connects with, the profile's own settings winning over the url's.
func TestParseDatabasesURL(t *testing.T) {
	config := `database:
  sales:
    url: jdbc:postgresql://sales.db:6543/sales?user=url_user&password=url%26pass&sslmode=verify-full&connectTimeout=7&currentSchema=crm&socketTimeout=30
    username: joe
    ApplicationName: workato
    timeout: 60
  v6:
    url: jdbc:postgresql://[::1]/dw?ssl=false
  legacy:
    adapter: postgresql
    host: db
    ssl: true
  shop:
    url: jdbc:mysql://shop.db/orders?user=u&password=p&sslMode=VERIFY_IDENTITY&connectTimeout=2500&useUnicode=true
  crm:
    url: jdbc:oracle:thin:@//crm.db:1521/XE
`
	got, err := ParseDatabases([]byte(config))
	if err != nil {
		t.Fatal(err)
	}
	s := got["sales"]
	if s.Adapter != "postgresql" || s.Host != "sales.db" || s.Port != "6543" || s.Database != "sales" || s.Username != "joe" ||
		s.Password != "url&pass" || s.SSLMode != "verify-full" || s.ConnectTimeout != 7*time.Second ||
		s.Options["application_name"] != "workato" || s.Options["search_path"] != "crm" ||
		!slices.Equal(s.Ignored, []string{"socketTimeout", "timeout"}) {
		t.Errorf("sales: %+v", s)
	}
	if v := got["v6"]; v.Host != "::1" || v.Port != "" || v.Database != "dw" || v.SSLMode != "disable" {
		t.Errorf("v6: %+v", v)
	}
	if l := got["legacy"]; l.SSLMode != "verify-full" {
		t.Errorf("legacy: %+v", l)
	}
	if m := got["shop"]; m.Adapter != "mysql" || m.Host != "shop.db" || m.Database != "orders" || m.Username != "u" || m.Password != "p" ||
		m.SSLMode != "verify-full" || m.ConnectTimeout != 2500*time.Millisecond || !slices.Equal(m.Ignored, []string{"useUnicode"}) {
		t.Errorf("shop: %+v", m)
	}
	if c := got["crm"]; c.Adapter != "oracle" || c.Host != "" {
		t.Errorf("crm: %+v", c)
	}
}

// TestParseDatabasesRefuses checks that a database profile the agent
// cannot connect with stops it at start with an error naming the line.
func TestParseDatabasesRefuses(t *testing.T) {
	for _, tc := range []struct{ config, want string }{
		{"database:\n  s:\n    url: postgresql://db/x\n", "line 3: database profile \"s\": url must be a JDBC url"},
		{"database:\n  s:\n    url: jdbc:postgresql:sales\n", "line 3: database profile \"s\": url: must be jdbc:postgresql://HOST[:PORT]/DATABASE"},
		{"database:\n  s:\n    url: jdbc:postgresql://a:5432,b:5432/x\n", "line 3: database profile \"s\": url: names several hosts"},
		{"database:\n  s:\n    url: jdbc:mysql://u:p@db/x\n", "line 3: database profile \"s\": url: holds a user"},
		{"database:\n  s:\n    url: jdbc:postgresql://db/x/y\n", "line 3: database profile \"s\": url: must be"},
		{"database:\n  s:\n    url: jdbc:postgresql://db:99999/x\n", "line 3: database profile \"s\": port must be a number"},
		{"database:\n  s:\n    url: jdbc:postgresql://db/x?=1\n", "line 3: database profile \"s\": url: its query"},
		{"database:\n  s:\n    adapter: mysql\n    url: jdbc:postgresql://db/x\n", "line 4: database profile \"s\": url is of postgresql, not of adapter mysql"},
		{"database:\n  s:\n    url: jdbc:postgresql://db/x\n    host: other\n", "line 3: database profile \"s\": give either a url or host"},
		{"database:\n  s:\n    adapter: postgresql\n", "line 3: database profile \"s\": needs a host or a url"},
		{"database:\n  s:\n    adapter: postgresql\n    host: db\n    port: http\n", "line 5: database profile \"s\": port must be a number"},
		{"database:\n  s:\n    adapter: postgresql\n    host: db\n    sslmode: on\n", "line 5: database profile \"s\": sslmode \"on\""},
		{"database:\n  s:\n    url: jdbc:postgresql://db/x?sslmode=sometimes\n", "line 3: database profile \"s\": sslmode \"sometimes\""},
		{"database:\n  s:\n    url: jdbc:postgresql://db/x?connectTimeout=soon\n", "line 3: database profile \"s\": connectTimeout: must be a number of seconds"},
		{"database:\n  s:\n    url: jdbc:mysql://db/x\n    sslMode: MAYBE\n", "line 4: database profile \"s\": sslMode: \"MAYBE\" is not"},
		{"database:\n  s:\n    adapter: mysql\n    host: db\n    useSSL: sometimes\n", "line 5: database profile \"s\": useSSL: must be true or false"},
		{"database:\n  s:\n    adapter: postgresql\n    host: db\n    ssl: sometimes\n", "line 5: database profile \"s\": ssl: must be true or false"},
		{"database:\n  s: [a]\n", "line 2: database profile \"s\": expected its settings"},
		{"database:\n  s:\n    adapter: cobol\n", "line 3: database profile \"s\": unknown adapter"},
	} {
		if _, err := ParseDatabases([]byte(tc.config)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.config, err, tc.want)
		}
	}
}

// FuzzParseJDBCURL checks that a url either reads to one host of a known
// adapter with a valid port, or is refused, and never panics.
func FuzzParseJDBCURL(f *testing.F) {
	for _, s := range []string{
		"jdbc:postgresql://db:5432/sales?sslmode=require&ApplicationName=x",
		"jdbc:mysql://[::1]:3306/x?user=a&password=b%20c",
		"jdbc:oracle:thin:@//crm:1521/XE", "jdbc:postgresql:x", "jdbc:", "jdbc:mysql://a,b/x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseJDBCURL(s)
		if err != nil {
			return
		}
		if _, known := databaseAdapters[u.Adapter]; !known {
			t.Fatalf("%q: adapter %q", s, u.Adapter)
		}
		if (u.Adapter == "postgresql" || u.Adapter == "mysql") && (u.Host == "" || strings.ContainsAny(u.Host, ",/")) {
			t.Fatalf("%q: host %q", s, u.Host)
		}
	})
}

// TestDatabasePoolUsesProfile checks that the pool of a profile read from
// a JDBC url connects with its timeout, TLS mode and parameters.
func TestDatabasePoolUsesProfile(t *testing.T) {
	profiles, err := ParseDatabases([]byte("database:\n  s:\n    url: jdbc:postgresql://127.0.0.1:1/x?connectTimeout=3&sslmode=disable&currentSchema=crm\n    ApplicationName: nightly\n  d:\n    adapter: postgresql\n    host: 127.0.0.1\n"))
	if err != nil {
		t.Fatal(err)
	}
	dbs := &databases{profiles: profiles}
	defer dbs.close()
	pool, err := dbs.pool(profiles["s"])
	if err != nil {
		t.Fatal(err)
	}
	cc := pool.Config().ConnConfig
	if cc.ConnectTimeout != 3*time.Second || cc.TLSConfig != nil || cc.RuntimeParams["application_name"] != "nightly" ||
		cc.RuntimeParams["search_path"] != "crm" || cc.Port != 1 || cc.Database != "x" {
		t.Errorf("config: timeout %v, tls %v, params %v, port %d, database %q", cc.ConnectTimeout, cc.TLSConfig != nil, cc.RuntimeParams, cc.Port, cc.Database)
	}
	pool, err = dbs.pool(profiles["d"])
	if err != nil {
		t.Fatal(err)
	}
	if cc := pool.Config().ConnConfig; cc.ConnectTimeout != 10*time.Second || cc.RuntimeParams["application_name"] != "partnerd agent" {
		t.Errorf("defaults: timeout %v, params %v", cc.ConnectTimeout, cc.RuntimeParams)
	}
}
