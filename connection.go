package partnerd

import (
	"context"
	"log/slog"
	"strings"
	"time"
)

// Authorization statuses of a connection; a shell connection has none.
const (
	AuthorizationSuccess = "success"
	AuthorizationFailed  = "failed"
)

// Connection is a workspace's connection to an application: the provider
// of a catalogue connector, the fields its user filled in, and whether it
// is authorized.
type Connection struct {
	ID                   int64
	WorkspaceID          int64
	Name                 string
	Provider             string
	Description          *string
	AuthorizedAt         *time.Time
	AuthorizationStatus  *string // AuthorizationSuccess, AuthorizationFailed, or nil for a shell
	AuthorizationError   *string
	ExternalID           *string
	FolderID             int64 // zero on create puts the connection in the home folder
	ParentID             *int64
	ConnectionLostAt     *time.Time
	ConnectionLostReason *string
	OnPremGroupID        *int64
	// Input holds the fields of the connection, credentials among them. It
	// is stored encrypted, never answered and never logged; the store reads
	// it back only inside UpdateConnection.
	Input     ConnectionInput
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ConnectionInput is the fields of a connection by name. It prints and
// marshals as "[REDACTED]" with fmt, log/slog and encoding/json, so that no
// log or document shows a credential; the store encodes
// map[string]any(input) to keep it.
type ConnectionInput map[string]any

// MarshalJSON implements json.Marshaler.
func (ConnectionInput) MarshalJSON() ([]byte, error) { return []byte(`"[REDACTED]"`), nil }

// String implements fmt.Stringer.
func (ConnectionInput) String() string { return "[REDACTED]" }

// GoString implements fmt.GoStringer.
func (ConnectionInput) GoString() string { return "[REDACTED]" }

// LogValue implements slog.LogValuer.
func (ConnectionInput) LogValue() slog.Value { return slog.StringValue("[REDACTED]") }

// IsAuthorized reports whether the connection's authorization succeeded.
func (c *Connection) IsAuthorized() bool {
	return c.AuthorizationStatus != nil && *c.AuthorizationStatus == AuthorizationSuccess
}

// Validate checks a connection before it is stored.
func (c *Connection) Validate() error {
	v := Validation{}
	v.Required("name", c.Name, 255)
	if strings.TrimSpace(c.Provider) == "" {
		v.Add("provider", "can't be blank")
	}
	if c.ExternalID != nil {
		v.MaxLength("external_id", *c.ExternalID, 255)
	}
	if c.OnPremGroupID != nil && *c.OnPremGroupID <= 0 {
		v.Add("on_prem_group_id", "is invalid")
	}
	return v.Err()
}

// MissingInputs returns the fields the connector requires (those not
// Optional) that input does not hold: absent, null, or a blank string.
func MissingInputs(connector *Connector, input ConnectionInput) []string {
	var missing []string
	for _, f := range connector.InputFields {
		if f.Optional {
			continue
		}
		switch v := input[f.Name].(type) {
		case nil:
			missing = append(missing, f.Name)
		case string:
			if strings.TrimSpace(v) == "" {
				missing = append(missing, f.Name)
			}
		}
	}
	return missing
}

// Authorize decides the connection's authorization from its input:
//   - shell set, or no input at all, leaves a shell;
//   - an OAuth connector without required fields (Salesforce, Slack) is
//     authorized by its user in a browser, which partnerd has not, so input
//     leaves its state as it is: a new one is a shell, one that the test
//     helper authorized stays authorized (an OAuth connector with required
//     fields, such as Jira with an API token, authorizes by its input);
//   - input that lacks a field the connector requires fails, with the
//     missing fields in its authorization error;
//   - a connection of an on-prem group (not OAuth) that names a profile
//     of its agents' config.yml needs none of the connector's fields, which
//     the profile holds on the agent;
//   - anything else is authorized at now.
func (c *Connection) Authorize(connector *Connector, shell bool, now time.Time) {
	missing := MissingInputs(connector, c.Input)
	if p, _ := c.Input[OnPremProfileInput].(string); c.OnPremGroupID != nil && !connector.OAuth && strings.TrimSpace(p) != "" {
		missing = nil
	}
	switch {
	case shell || len(c.Input) == 0:
		c.Disconnect()
	case connector.OAuth && !connector.RequiresInput():
	case len(missing) > 0:
		reason := "Missing required fields: " + strings.Join(missing, ", ")
		c.MarkFailed(&reason)
	default:
		c.MarkAuthorized(now)
	}
}

// OnPremProfileInput is the input field of a connection of an on-prem
// group that names the profile of its agents' config.yml.
const OnPremProfileInput = "profile"

// MarkAuthorized records a successful authorization at now.
func (c *Connection) MarkAuthorized(now time.Time) {
	status := AuthorizationSuccess
	c.AuthorizationStatus, c.AuthorizedAt, c.AuthorizationError = &status, &now, nil
	c.ConnectionLostAt, c.ConnectionLostReason = nil, nil
}

// MarkFailed records a failed authorization with its error, if any.
func (c *Connection) MarkFailed(reason *string) {
	status := AuthorizationFailed
	c.AuthorizationStatus, c.AuthorizedAt, c.AuthorizationError = &status, nil, reason
}

// Disconnect makes the connection a shell: no status, no authorization.
func (c *Connection) Disconnect() {
	c.AuthorizationStatus, c.AuthorizedAt, c.AuthorizationError = nil, nil, nil
}

// ConnectionFilter selects connections; nil fields select every value.
type ConnectionFilter struct {
	Provider   *string
	FolderID   *int64 // the connections directly in that folder
	ParentID   *int64
	ExternalID *string
	Page       Page
}

// ConnectionUpdate changes a connection: unset fields stay as they are.
type ConnectionUpdate struct {
	Name          *string
	FolderID      *int64
	ParentID      *int64  // 0 clears it
	ExternalID    *string // "" clears it
	OnPremGroupID *int64  // 0 clears it
	// Input is merged into the stored input: its keys replace the stored
	// ones, and a key whose value is nil removes the stored one.
	Input ConnectionInput
	Shell *bool
}

// Reauthorizes reports whether the update decides the authorization again:
// it does when it carries shell_connection or an input field. An update
// of other fields, or with an empty input, keeps the authorization.
func (u ConnectionUpdate) Reauthorizes() bool { return len(u.Input) > 0 || u.Shell != nil }

// Apply makes the update on c. When it Reauthorizes, the merged input is
// authorized anew with the connector (see Connection.Authorize); connector
// may be nil otherwise.
func (u ConnectionUpdate) Apply(c *Connection, connector *Connector, now time.Time) {
	if u.Name != nil {
		c.Name = strings.TrimSpace(*u.Name)
	}
	if u.FolderID != nil {
		c.FolderID = *u.FolderID
	}
	setID := func(dst **int64, v *int64) {
		if v != nil {
			*dst = nil
			if id := *v; id != 0 {
				*dst = &id
			}
		}
	}
	setID(&c.ParentID, u.ParentID)
	setID(&c.OnPremGroupID, u.OnPremGroupID)
	if u.ExternalID != nil {
		c.ExternalID = nil
		if id := *u.ExternalID; id != "" {
			c.ExternalID = &id
		}
	}
	if !u.Reauthorizes() {
		return
	}
	merged := ConnectionInput{}
	for k, v := range c.Input {
		merged[k] = v
	}
	for k, v := range u.Input {
		if v == nil {
			delete(merged, k)
		} else {
			merged[k] = v
		}
	}
	c.Input = merged
	c.Authorize(connector, u.Shell != nil && *u.Shell, now)
}

// ConnectionService keeps the connections of a workspace. Every method
// answers ENOTFOUND for connections outside the caller's folder scope
// (Caller.FolderLimit), as if they did not exist.
type ConnectionService interface {
	// CreateConnection stores a connection in c.FolderID (home when zero):
	// EINVALID for an invalid connection, a folder_id that is not a folder
	// of the workspace within the caller's scope, or a parent_id that is
	// not a connection of the workspace with the same provider.
	CreateConnection(ctx context.Context, workspaceID int64, c *Connection) error
	// FindConnectionByID returns a connection without its Input, or
	// ENOTFOUND.
	FindConnectionByID(ctx context.Context, workspaceID, id int64) (*Connection, error)
	// FindConnectionWithInput returns a connection with its Input opened,
	// or ENOTFOUND. It is for the recipe runtime alone, which hands the
	// credentials to the connector of a step; no route may call it.
	FindConnectionWithInput(ctx context.Context, workspaceID, id int64) (*Connection, error)
	// FindConnectionInAccount returns a connection without its Input from
	// the account's admin workspace or any of its customer workspaces, or
	// ENOTFOUND.
	FindConnectionInAccount(ctx context.Context, accountID, id int64) (*Connection, error)
	// FindConnections returns a page of connections in ascending id and
	// their total.
	FindConnections(ctx context.Context, workspaceID int64, f ConnectionFilter) ([]*Connection, int, error)
	// UpdateConnection applies changes in one transaction, giving apply
	// the connection with its Input: ENOTFOUND, EINVALID (as on create; a
	// parent_id may not name the connection itself or one of its
	// children). apply must not call the store.
	UpdateConnection(ctx context.Context, workspaceID, id int64, apply func(*Connection) error) (*Connection, error)
	// DeleteConnection deletes a connection: ENOTFOUND, or ESTATE while a
	// running recipe uses it. Its children lose their parent.
	DeleteConnection(ctx context.Context, workspaceID, id int64) error
}
