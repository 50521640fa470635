package storetest

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testConnectionWithInput checks that the runtime reads a connection's
// input opened, within its workspace only.
func testConnectionWithInput(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	mine := MustCreateCustomer(t, db, a.ID, "Mine")
	theirs := MustCreateCustomer(t, db, b.ID, "Theirs")
	input := partnerd.ConnectionInput{"base_url": "http://127.0.0.1:1", "password": "s3cret", "port": json.Number("5432")}
	c := &partnerd.Connection{Name: "API", Provider: "rest", Input: input}
	mustOK(t, db.CreateConnection(ctx, mine.ID, c))

	got, err := db.FindConnectionWithInput(ctx, mine.ID, c.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(got.Input, input) || got.Provider != "rest" || got.Name != "API" {
		t.Errorf("connection with input = %s %q, %d fields", got.Provider, got.Name, len(got.Input))
	}
	if plain, err := db.FindConnectionByID(ctx, mine.ID, c.ID); err != nil || plain.Input != nil {
		t.Errorf("FindConnectionByID gave the input: %v", err)
	}

	// An edit is read at once, however often the input was read before.
	_, err = db.UpdateConnection(ctx, mine.ID, c.ID, func(c *partnerd.Connection) error {
		c.Input = partnerd.ConnectionInput{"base_url": "http://127.0.0.1:2"}
		return nil
	})
	mustOK(t, err)
	got, err = db.FindConnectionWithInput(ctx, mine.ID, c.ID)
	mustOK(t, err)
	if got.Input["base_url"] != "http://127.0.0.1:2" || len(got.Input) != 1 {
		t.Errorf("input after an edit: %d fields", len(got.Input))
	}
	got.Input["base_url"] = "changed by a reader"
	if again, _ := db.FindConnectionWithInput(ctx, mine.ID, c.ID); again.Input["base_url"] != "http://127.0.0.1:2" {
		t.Error("a reader's change to the input reached the next reader")
	}

	_, err = db.FindConnectionWithInput(ctx, theirs.ID, c.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindConnectionWithInput(ctx, mine.ID, c.ID+1000)
	wantCode(t, err, partnerd.ENOTFOUND)
}
