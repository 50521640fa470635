package agent

import (
	"reflect"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// workatoConfig is a config.yml as Workato's documentation writes it.
const workatoConfig = `config:
  autoReload: true

secrets:
  provider: aws
  region: us-west-1

database:
  sales:
    adapter: sqlserver
    host: localhost
    port: 1433
    database: sales
    username: { secret: '/workato/opa/sqlserver/username' }
    password: { secret: '/workato/opa/sqlserver/password' }
  warehouse-pg:
    url: jdbc:postgresql://sales.database:5432/sales
    username: joe
    password: Secret123
    ApplicationName: workato
  legacy_db:
    url: jdbc:informix-sqli://host:1526/db

files:
  shared:
    base: "C:\\Documents\\Shared"

ldap:
  directory:
    url: ldaps://ldap.acme.test:636
    username: cn=admin
    password: secret

server:
  classpath: /opt/jdbc
`

func TestParseProfilesWorkatoConfig(t *testing.T) {
	got, err := ParseProfiles([]byte(workatoConfig))
	want := []partnerd.OnPremProfile{
		{Name: "sales", Provider: "mssql", Type: "Database"},
		{Name: "warehouse-pg", Provider: "postgresql", Type: "Database"},
		{Name: "legacy_db", Provider: "jdbc", Type: "Database"},
		{Name: "shared", Provider: "file", Type: "Files"},
		{Name: "directory", Provider: "ldap", Type: "LDAP"},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("profiles = %+v, %v", got, err)
	}
}

// TestParseProfilesErrors checks that a file without profiles, an unknown
// section and an unknown adapter are refused, naming the line.
func TestParseProfilesErrors(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"", "line 1: the file holds no profiles"},
		{"# only a comment\n", "line 1: the file holds no profiles"},
		{"{}\n", "line 1: the file holds no profiles"},
		{"config:\n  autoReload: true\n", ""}, // settings alone: no profiles, but recognised
		{"- a\n- b\n", "line 1: expected a mapping"},
		{"config:\n  autoReload: true\ndatabases:\n  x:\n    adapter: mysql\n", `line 3: unknown section "databases"`},
		{"database:\n  sales:\n    adapter: mysql\n  crm:\n    host: h\n    adapter: foxpro\n", `line 6: database profile "crm": unknown adapter "foxpro"`},
		{"database:\n  sales:\n    host: h\n", `line 3: database profile "sales": needs an adapter or a url`},
		{"database:\n  sales:\n    url: postgres://h/db\n", `line 3: database profile "sales": url must be a JDBC url`},
		{"database: [sales]\n", "line 1: database: expected a mapping"},
		{"files:\n  shared: /srv\n", `line 2: files profile "shared": expected its settings`},
		{"profiles: 3\n", "line 1: profiles: expected a list"},
	} {
		_, err := ParseProfiles([]byte(tc.file))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v", tc.file, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: %v, want %q", tc.file, err, tc.want)
		}
	}
}
