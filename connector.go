package partnerd

import (
	"context"
	"strings"
	"time"
)

// Connector is a connector of the catalogue: Workato's provider, the same
// name a connection's provider and a recipe step's provider carry.
type Connector struct {
	Name               string
	Title              string
	Description        *string
	Categories         []string
	RequiresConnection bool
	OAuth              bool
	Deprecated         bool
	Secondary          bool
	Triggers           []Operation
	Actions            []Operation
	InputFields        []InputField
	PickLists          map[string][][2]string // pick list name → [label, value] pairs
}

// Operation is a trigger or an action of a connector.
type Operation struct {
	Name  string
	Title string
}

// InputField is a connection field of a connector.
type InputField struct {
	Name     string
	Label    string
	Type     string
	Optional bool
}

// ConnectorService answers the connector catalogue of a workspace: the
// connectors shipped with the server and its account's custom connectors,
// every one in the admin workspace and the shared ones in a customer
// workspace. It also keeps the custom connectors.
type ConnectorService interface {
	// FindConnectors returns the catalogue seen by the workspace, in
	// ascending name.
	FindConnectors(ctx context.Context, workspaceID int64) ([]*Connector, error)
	// FindConnector returns one connector of that catalogue, or ENOTFOUND.
	FindConnector(ctx context.Context, workspaceID int64, name string) (*Connector, error)

	CustomConnectorService
}

// CustomConnector is a connector that an admin workspace writes with
// Workato's connector SDK. Its code is kept, never run. Once a released
// version is shared with customers (OEMSharedVersion), it joins the
// catalogue of the account under its Name.
type CustomConnector struct {
	ID               int64
	AccountID        int64
	Name             string // the provider id, derived from Title when created without one
	Title            string
	Description      *string
	Note             *string // the note of the next release unless the release gives one
	Code             string
	CodeUpdatedAt    time.Time
	OEMSharedVersion *int
	OEMSharedAt      *time.Time
	ReleasedVersions []*CustomConnectorVersion // newest first
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// CustomConnectorVersion is a released version of a custom connector.
type CustomConnectorVersion struct {
	Version    int
	Note       *string
	Code       string
	CreatedAt  time.Time // when its code was written
	ReleasedAt time.Time
}

// LatestVersion returns the newest released version, or nil.
func (c *CustomConnector) LatestVersion() *CustomConnectorVersion {
	if len(c.ReleasedVersions) == 0 {
		return nil
	}
	return c.ReleasedVersions[0]
}

// Connector returns the custom connector as an entry of the catalogue. Its
// code is not parsed, so it lists no fields, triggers or actions.
func (c *CustomConnector) Connector() *Connector {
	return &Connector{
		Name:               c.Name,
		Title:              c.Title,
		Description:        c.Description,
		Categories:         []string{},
		RequiresConnection: true,
		Triggers:           []Operation{},
		Actions:            []Operation{},
		InputFields:        []InputField{},
		PickLists:          map[string][][2]string{},
	}
}

// Validate checks a custom connector before it is stored. A name must be a
// provider id: lower-case letters, digits and underscores.
func (c *CustomConnector) Validate() error {
	v := Validation{}
	v.Required("title", c.Title, 255)
	if strings.TrimSpace(c.Code) == "" {
		v.Add("code", "can't be blank")
	}
	switch {
	case c.Name == "":
		if v["title"] == nil {
			v.Add("name", "can't be blank")
		}
	case len(c.Name) > 255:
		v.Add("name", "is too long (maximum is 255 characters)")
	case !isProviderName(c.Name):
		v.Add("name", "must hold only lower-case letters, digits and underscores")
	}
	return v.Err()
}

// CustomConnectorName derives a provider id from a title: lower-case ASCII
// letters and digits, every other run of characters one underscore. A
// title without any letter or digit gives "custom_connector"; a blank one "".
func CustomConnectorName(title string) string {
	if strings.TrimSpace(title) == "" {
		return ""
	}
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			gap = false
			continue
		}
		gap = true
	}
	if b.Len() == 0 {
		return "custom_connector"
	}
	return b.String()
}

func isProviderName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return s != ""
}

// CustomConnectorFilter selects custom connectors.
type CustomConnectorFilter struct {
	Title     *string // part of the title, in any case
	OEMShared *bool   // whether a version is shared with customers
}

// CustomConnectorService keeps the custom connectors of an account (an
// admin workspace). Connectors of another account are not found.
type CustomConnectorService interface {
	// CreateCustomConnector stores a custom connector, deriving its name
	// from its title when it has none: EINVALID, ECONFLICT on a name that
	// another custom connector of the account or a shipped connector has.
	CreateCustomConnector(ctx context.Context, accountID int64, c *CustomConnector) error
	// FindCustomConnectorByID returns a custom connector, or ENOTFOUND.
	FindCustomConnectorByID(ctx context.Context, accountID, id int64) (*CustomConnector, error)
	// FindCustomConnectors returns the matching custom connectors in ascending id.
	FindCustomConnectors(ctx context.Context, accountID int64, f CustomConnectorFilter) ([]*CustomConnector, error)
	// UpdateCustomConnector applies changes to the title, code, description
	// and note in one transaction; the name stays: ENOTFOUND, EINVALID.
	UpdateCustomConnector(ctx context.Context, accountID, id int64, apply func(*CustomConnector) error) (*CustomConnector, error)
	// ReleaseCustomConnector releases the current code as the next version
	// (1, 2, 3…) with note, or the connector's note when note is nil: ENOTFOUND.
	ReleaseCustomConnector(ctx context.Context, accountID, id int64, note *string) (*CustomConnector, error)
	// ShareCustomConnector shares a released version with the account's
	// customers; an unknown version is ENOTFOUND.
	ShareCustomConnector(ctx context.Context, accountID, id int64, version int) (*CustomConnector, error)
	// SuppressCustomConnector stops sharing any version: ENOTFOUND.
	SuppressCustomConnector(ctx context.Context, accountID, id int64) (*CustomConnector, error)
}

// RequiresInput reports whether the connector has a required field.
func (c *Connector) RequiresInput() bool {
	for _, f := range c.InputFields {
		if !f.Optional {
			return true
		}
	}
	return false
}
