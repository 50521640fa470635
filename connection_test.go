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
	oauth := &partnerd.Connector{Name: "crm_oauth", OAuth: true, InputFields: []partnerd.InputField{{Name: "environment", Optional: true}}}
	none := &partnerd.Connector{Name: "no_fields"}
	authorized := partnerd.AuthorizationSuccess
	for _, tt := range []struct {
		name      string
		connector *partnerd.Connector
		status    *string // the status before
		input     partnerd.ConnectionInput
		shell     bool
		group     *int64 // the on-prem group it names
		want      string // success, failed, or "" for a shell
		wantError string
	}{
		{name: "complete", connector: testConnector, input: complete, want: "success"},
		{name: "complete shell", connector: testConnector, input: complete, shell: true},
		{name: "missing fields", connector: testConnector, input: partnerd.ConnectionInput{"domain": "d"}, want: "failed",
			wantError: "Missing required fields: user, password"},
		{name: "a blank field", connector: testConnector, input: partnerd.ConnectionInput{"user": "jo", "password": " "}, want: "failed",
			wantError: "Missing required fields: password"},
		{name: "no input", connector: testConnector},
		{name: "no input, no required field", connector: none},
		{name: "empty input, no required field", connector: none, input: partnerd.ConnectionInput{}},
		{name: "input, no required field", connector: none, input: partnerd.ConnectionInput{"x": "y"}, want: "success"},
		{name: "OAuth without input", connector: oauth},
		{name: "OAuth with input", connector: oauth, input: partnerd.ConnectionInput{"environment": "sandbox"}},
		{name: "OAuth authorized, with input", connector: oauth, status: &authorized, input: partnerd.ConnectionInput{"environment": "sandbox"}, want: "success"},
		{name: "OAuth with required fields", connector: &partnerd.Connector{OAuth: true, InputFields: testConnector.InputFields}, input: complete, want: "success"},
		{name: "OAuth authorized, shell", connector: oauth, status: &authorized, input: partnerd.ConnectionInput{"environment": "sandbox"}, shell: true},
		{name: "on-prem with a profile", connector: testConnector, group: new(int64(3)), input: partnerd.ConnectionInput{"profile": "crm_db"}, want: "success"},
		{name: "on-prem without a profile", connector: testConnector, group: new(int64(3)), input: partnerd.ConnectionInput{"domain": "d"},
			want: "failed", wantError: "Missing required fields: user, password"},
		{name: "on-prem with the fields", connector: testConnector, group: new(int64(3)), input: complete, want: "success"},
		{name: "on-prem without input", connector: testConnector, group: new(int64(3))},
	} {
		lost := now
		c := &partnerd.Connection{Input: tt.input, AuthorizationStatus: tt.status, ConnectionLostAt: &lost, OnPremGroupID: tt.group}
		c.Authorize(tt.connector, tt.shell, now)
		got := ""
		if c.AuthorizationStatus != nil {
			got = *c.AuthorizationStatus
		}
		gotError := ""
		if c.AuthorizationError != nil {
			gotError = *c.AuthorizationError
		}
		if got != tt.want || gotError != tt.wantError {
			t.Errorf("%s: status %q error %q, want %q %q", tt.name, got, gotError, tt.want, tt.wantError)
		}
		if tt.want == "success" && tt.status == nil && (c.AuthorizedAt == nil || !c.AuthorizedAt.Equal(now) || c.ConnectionLostAt != nil) {
			t.Errorf("%s: authorized at %v, lost at %v", tt.name, c.AuthorizedAt, c.ConnectionLostAt)
		}
		if tt.want != "success" && c.AuthorizedAt != nil {
			t.Errorf("%s: not authorized, but at %v", tt.name, c.AuthorizedAt)
		}
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
