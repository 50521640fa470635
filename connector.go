package partnerd

import "context"

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

// ConnectorService answers the connector catalogue of an account's
// customers: the connectors shipped with the server and the account's
// shared custom connectors.
type ConnectorService interface {
	// FindConnectors returns the catalogue seen by the account's customers.
	FindConnectors(ctx context.Context, accountID int64) ([]*Connector, error)
	// FindConnector returns one connector of that catalogue, or ENOTFOUND.
	FindConnector(ctx context.Context, accountID int64, name string) (*Connector, error)
}
