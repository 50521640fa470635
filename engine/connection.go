package engine

import (
	"context"
	"strconv"

	"github.com/partnerd/partnerd"
)

// Connection returns the connection that the recipe's config gives the
// call's provider, with its input opened. A step whose provider has no
// connection, or whose connection is gone or not authorized, fails with
// an error that names the connection.
func (c *Call) Connection(ctx context.Context) (*partnerd.Connection, error) {
	id := c.ConnectionID()
	if id == 0 {
		return nil, stepFailed("Step %d: the recipe's config gives %s no connection", c.StepNumber(), c.Provider())
	}
	svc := c.run.e.Connections
	if svc == nil {
		return nil, stepFailed("Connection %d of %s cannot be read: the runtime has no connections", id, c.Provider())
	}
	conn, err := svc.FindConnectionWithInput(ctx, c.WorkspaceID(), id)
	switch {
	case partnerd.ErrorCode(err) == partnerd.ENOTFOUND:
		return nil, stepFailed("Connection %d of %s does not exist", id, c.Provider())
	case err != nil:
		return nil, err
	case !conn.IsAuthorized():
		return nil, stepFailed("Connection %s of %s is not authorized", connectionName(conn), c.Provider())
	}
	return conn, nil
}

// connectionName names a connection in errors: its name and id.
func connectionName(c *partnerd.Connection) string {
	return strconv.Quote(c.Name) + " (" + strconv.FormatInt(c.ID, 10) + ")"
}

// connectionKey identifies one revision of a connection, so that caches
// of what its input opens (pools, tokens) follow its edits.
type connectionKey struct {
	workspaceID, id int64
	updatedAt       int64
}

func keyOf(c *partnerd.Connection) connectionKey {
	return connectionKey{c.WorkspaceID, c.ID, c.UpdatedAt.UnixNano()}
}

// inputString returns a field of a connection's input as text.
func inputString(in partnerd.ConnectionInput, name string) string {
	switch v := in[name].(type) {
	case string:
		return v
	case nil:
		return ""
	case interface{ String() string }:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}
