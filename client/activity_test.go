package client_test

import (
	"encoding/json"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// TestResourceID checks that a resource's id reads as text whether the
// server sends a number, a string or null.
func TestResourceID(t *testing.T) {
	for body, want := range map[string]client.ResourceID{`12`: "12", `"tag-ANgdXgTF-bANz3H"`: "tag-ANgdXgTF-bANz3H", `null`: ""} {
		var id client.ResourceID
		if err := json.Unmarshal([]byte(body), &id); err != nil || id != want {
			t.Errorf("%s: %q, %v; want %q", body, id, err, want)
		}
	}
	var id client.ResourceID
	if err := json.Unmarshal([]byte(`{}`), &id); err == nil {
		t.Error("an object reads as an id")
	}
}
