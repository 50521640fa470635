package agent

import (
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/partnerd/partnerd"
)

// Adapters of config.yml database profiles that the agent runs statements
// on; a request names the one its statement is written for.
const (
	AdapterPostgreSQL = "postgresql"
	AdapterMySQL      = "mysql"
)

// profile returns the database profile a request names, checking that the
// agent can use it and that its adapter is the one the statement is
// written for: a PostgreSQL statement is never sent to a MySQL database.
func (d *databases) profile(r *Request) (*DatabaseProfile, error) {
	p := d.profiles[r.Profile]
	if p == nil {
		return nil, fmt.Errorf("profile %q is not in this agent's config.yml", r.Profile)
	}
	if p.Adapter != AdapterPostgreSQL && p.Adapter != AdapterMySQL {
		return nil, fmt.Errorf("profile %q: adapter %q is not supported by this agent (postgresql and mysql are)", r.Profile, p.Adapter)
	}
	want := r.Adapter
	if want == "" {
		want = AdapterPostgreSQL
	}
	if p.Adapter != want {
		return nil, fmt.Errorf("profile %q is a %s database: a %s step cannot run on it; use a %s connection, or a profile whose adapter is %s",
			r.Profile, p.Adapter, want, p.Adapter, want)
	}
	return p, nil
}

// pgKinds are the kinds of the columns of a PostgreSQL result: dates and
// timestamps, and arrays of them, as times; bytea as bytes.
func pgKinds(fields []pgconn.FieldDescription) []string {
	kinds := make([]string, len(fields))
	for i, f := range fields {
		switch f.DataTypeOID {
		case pgtype.DateOID, pgtype.TimestampOID, pgtype.TimestamptzOID,
			pgtype.DateArrayOID, pgtype.TimestampArrayOID, pgtype.TimestamptzArrayOID:
			kinds[i] = partnerd.OnPremKindTime
		case pgtype.ByteaOID, pgtype.ByteaArrayOID:
			kinds[i] = partnerd.OnPremKindBytes
		}
	}
	return kinds
}

// pgWireValue is a value pgx read as the JSON value of a column of the kind.
func pgWireValue(x any, kind string) any {
	return partnerd.OnPremWireValue(partnerd.SQLValue(x), kind)
}
