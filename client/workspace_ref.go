package client

import (
	"errors"
	"net/url"
	"strconv"
)

// WorkspaceRef names a customer workspace in a path ({mu} of the contract):
// by its numeric id or by its external id. Build one with ID or ExternalID;
// the zero WorkspaceRef names nothing, and calls given it fail.
type WorkspaceRef struct {
	id         int64
	externalID string
	env        string // "dev", "test", "prod" or ""
}

// Environments of a customer with environments provisioned, as
// WorkspaceRef.In and the deployment calls take them.
const (
	EnvDev  = "dev"
	EnvTest = "test"
	EnvProd = "prod"
)

// In names the environment env (EnvDev, EnvTest or EnvProd) of the
// customer: ID(3).In(EnvTest) is sent as 3_test.
func (r WorkspaceRef) In(env string) WorkspaceRef {
	r.env = env
	return r
}

// ID names a customer workspace by its numeric id.
func ID(id int64) WorkspaceRef { return WorkspaceRef{id: id} }

// ExternalID names a customer workspace by the external id its partner
// gave it; any characters are allowed ("acme/1" is sent as Eacme%2F1).
func ExternalID(externalID string) WorkspaceRef { return WorkspaceRef{externalID: externalID} }

// String renders the reference as it appears in a path: "123", or "E"
// followed by the path-escaped external id, then _ and the environment
// when one is named.
func (r WorkspaceRef) String() string {
	suffix := ""
	if r.env != "" {
		suffix = "_" + r.env
	}
	switch {
	case r.externalID != "":
		return "E" + url.PathEscape(r.externalID) + suffix
	case r.id > 0:
		return strconv.FormatInt(r.id, 10) + suffix
	}
	return ""
}

// IsZero reports whether the reference names no workspace.
func (r WorkspaceRef) IsZero() bool { return r.externalID == "" && r.id <= 0 }

var errNoWorkspace = errors.New("client: the WorkspaceRef names no workspace; build it with client.ID or client.ExternalID")

// customerPath returns /api/managed_users/{mu} followed by rest.
func customerPath(mu WorkspaceRef, rest string) (string, error) {
	if mu.IsZero() {
		return "", errNoWorkspace
	}
	return "/api/managed_users/" + mu.String() + rest, nil
}
