package partnerd_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// testConnector requires user and password; domain is optional.
var testConnector = &partnerd.Connector{Name: "crm", Title: "CRM", InputFields: []partnerd.InputField{
	{Name: "user"}, {Name: "password"}, {Name: "domain", Optional: true},
}}

func TestMissingInputs(t *testing.T) {
	for _, tt := range []struct {
		input partnerd.ConnectionInput
		want  []string
	}{
		{nil, []string{"user", "password"}},
		{partnerd.ConnectionInput{"user": "jo", "password": "p"}, nil},
		{partnerd.ConnectionInput{"user": "jo", "password": " "}, []string{"password"}},
		{partnerd.ConnectionInput{"user": nil, "password": 1234.0}, []string{"user"}},
		{partnerd.ConnectionInput{"user": false, "password": []any{}, "other": "x"}, nil},
	} {
		if got := partnerd.MissingInputs(testConnector, tt.input); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("MissingInputs(%d fields) = %v, want %v", len(tt.input), got, tt.want)
		}
	}
}

func TestConnectionAuthorize(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	complete := partnerd.ConnectionInput{"user": "jo", "password": "p"}
	for _, tt := range []struct {
		name   string
		input  partnerd.ConnectionInput
		shell  bool
		authed bool
	}{
		{"complete", complete, false, true},
		{"complete shell", complete, true, false},
		{"missing a field", partnerd.ConnectionInput{"user": "jo"}, false, false},
		{"no input", nil, false, false},
	} {
		lost := now
		c := &partnerd.Connection{Input: tt.input, AuthorizationError: new(string), ConnectionLostAt: &lost}
		c.Authorize(testConnector, tt.shell, now)
		if c.IsAuthorized() != tt.authed {
			t.Errorf("%s: authorized = %v", tt.name, c.IsAuthorized())
		}
		if tt.authed && (c.AuthorizedAt == nil || !c.AuthorizedAt.Equal(now) || c.ConnectionLostAt != nil) {
			t.Errorf("%s: authorized at %v, lost at %v", tt.name, c.AuthorizedAt, c.ConnectionLostAt)
		}
		if !tt.authed && (c.AuthorizationStatus != nil || c.AuthorizedAt != nil) {
			t.Errorf("%s: a shell has status %v at %v", tt.name, c.AuthorizationStatus, c.AuthorizedAt)
		}
		if c.AuthorizationError != nil {
			t.Errorf("%s: the error stays", tt.name)
		}
	}
	// A connector that needs no field authorizes an empty input.
	c := &partnerd.Connection{}
	if c.Authorize(&partnerd.Connector{}, false, now); !c.IsAuthorized() {
		t.Error("a connector without fields does not authorize")
	}
}

func TestConnectionUpdateApply(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	parent, group, ext := int64(4), int64(9), "e1"
	c := &partnerd.Connection{Name: "Old", FolderID: 1, ParentID: &parent, OnPremGroupID: &group, ExternalID: &ext,
		Input: partnerd.ConnectionInput{"user": "jo", "domain": "d"}}

	// An update without input or shell leaves the authorization alone.
	partnerd.ConnectionUpdate{Name: new(" New ")}.Apply(c, nil, now)
	if c.Name != "New" || c.AuthorizationStatus != nil {
		t.Errorf("rename = %q, %v", c.Name, c.AuthorizationStatus)
	}

	partnerd.ConnectionUpdate{FolderID: new(int64(2)), ParentID: new(int64(0)), OnPremGroupID: new(int64(0)),
		ExternalID: new(""), Input: partnerd.ConnectionInput{"password": "p", "domain": nil}}.Apply(c, testConnector, now)
	want := partnerd.ConnectionInput{"user": "jo", "password": "p"}
	if !reflect.DeepEqual(c.Input, want) {
		t.Errorf("merged input has %d fields, want %d", len(c.Input), len(want))
	}
	if c.FolderID != 2 || c.ParentID != nil || c.OnPremGroupID != nil || c.ExternalID != nil || !c.IsAuthorized() {
		t.Errorf("applied = %+v", c)
	}

	partnerd.ConnectionUpdate{Shell: new(true)}.Apply(c, testConnector, now)
	if c.IsAuthorized() || c.AuthorizedAt != nil {
		t.Errorf("shell_connection true kept the authorization")
	}
	partnerd.ConnectionUpdate{Shell: new(false), ParentID: new(int64(5))}.Apply(c, testConnector, now)
	if !c.IsAuthorized() || c.ParentID == nil || *c.ParentID != 5 {
		t.Errorf("shell_connection false with the stored input: %+v", c)
	}
	partnerd.ConnectionUpdate{Input: partnerd.ConnectionInput{"user": nil}}.Apply(c, testConnector, now)
	if c.IsAuthorized() {
		t.Error("removing a required field kept the authorization")
	}
}

func TestConnectionMarks(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := &partnerd.Connection{}
	c.MarkAuthorized(now)
	reason := "bad password"
	c.MarkFailed(&reason)
	if c.AuthorizationStatus == nil || *c.AuthorizationStatus != partnerd.AuthorizationFailed ||
		c.AuthorizedAt != nil || c.AuthorizationError != &reason {
		t.Errorf("failed = %+v", c)
	}
	c.Disconnect()
	if c.AuthorizationStatus != nil || c.AuthorizationError != nil {
		t.Errorf("disconnected = %+v", c)
	}
}

func TestConnectionValidate(t *testing.T) {
	long := strings.Repeat("x", 256)
	for field, c := range map[string]*partnerd.Connection{
		"name":             {Name: " ", Provider: "jira"},
		"provider":         {Name: "J"},
		"external_id":      {Name: "J", Provider: "jira", ExternalID: &long},
		"on_prem_group_id": {Name: "J", Provider: "jira", OnPremGroupID: new(int64(0))},
	} {
		var e *partnerd.Error
		if err := c.Validate(); !errors.As(err, &e) || len(e.Fields[field]) == 0 {
			t.Errorf("%s: %v", field, err)
		}
	}
	if err := (&partnerd.Connection{Name: "J", Provider: "jira"}).Validate(); err != nil {
		t.Error(err)
	}
}

// TestConnectionInputRedacted checks that printing or logging a connection
// shows no input value.
func TestConnectionInputRedacted(t *testing.T) {
	const secret = "s3cr3t-value"
	c := &partnerd.Connection{Name: "SF", Input: partnerd.ConnectionInput{"password": secret}}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("connection", "input", c.Input, "connection", c)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("connection", "input", c.Input, "connection", c)
	for _, out := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%v", c.Input), logs.String()} {
		if strings.Contains(out, secret) {
			t.Errorf("the input shows: %s", out)
		}
	}
}
