package agent

import (
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/partnerd/partnerd"
)

// TestPGKinds checks that PostgreSQL dates, timestamps and bytea, and
// arrays of them, travel so that they read back as themselves.
func TestPGKinds(t *testing.T) {
	fields := []pgconn.FieldDescription{{DataTypeOID: pgtype.TimestamptzOID}, {DataTypeOID: pgtype.DateArrayOID},
		{DataTypeOID: pgtype.ByteaOID}, {DataTypeOID: pgtype.NumericOID}, {DataTypeOID: pgtype.TextOID}}
	kinds := pgKinds(fields)
	want := []string{partnerd.OnPremKindTime, partnerd.OnPremKindTime, partnerd.OnPremKindBytes, "", ""}
	if !reflect.DeepEqual(kinds, want) {
		t.Fatalf("kinds = %q, want %q", kinds, want)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)
	for i, v := range []any{at, []any{at}, []byte{0xff}, nil, "x"} {
		got := partnerd.OnPremPlainValue(pgWireValue(v, kinds[i]), kinds[i])
		if !reflect.DeepEqual(got, v) {
			t.Errorf("%#v read back as %#v", v, got)
		}
	}
}
