package partnerd

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// APIGatewayPath is the path under which the API listener serves the API
// platform's traffic: an endpoint answers at
// {public URL}/apim/ws<workspace id>/<collection handle>/<endpoint path>,
// Workato's https://apim.workato.com/<prefix>/<collection>/<endpoint> with
// the public URL and "/apim" in place of Workato's host.
const APIGatewayPath = "/apim"

// APIAccessTokenTTL is how long an OAuth 2 access token of the gateway's
// token endpoint lasts.
const APIAccessTokenTTL = time.Hour

// APICredential is what a gateway call authenticates as: an access profile
// (a v1 profile, or a v2 API key) and its client. The client's JWT secret
// and the profile's are open, to verify tokens. Policy is the client's
// API access policy, nil for none.
type APICredential struct {
	Profile *AccessProfile
	Client  *APIClient
	Policy  *APIPolicy
}

// Auth returns the auth settings the credential's callers use: the
// client's for a v2 API key, the profile's own for a v1 profile.
func (c *APICredential) Auth() APIAuth {
	if c.Profile.Inherited {
		return c.Client.Auth
	}
	return c.Profile.Auth
}

// Reaches reports whether the credential is granted the collection: a v2
// key through its client's collections, a v1 profile through its own.
func (c *APICredential) Reaches(collectionID int64) bool {
	ids := c.Profile.CollectionIDs
	if c.Profile.Inherited {
		ids = c.Client.CollectionIDs
	}
	for _, id := range ids {
		if id == collectionID {
			return true
		}
	}
	return false
}

// APIAccessToken is an OAuth 2 access token issued by the gateway's token
// endpoint to an oauth2 access profile. The store keeps its hash and the
// hash of the profile's client secret when it was issued, so that
// refreshing the secret revokes the tokens issued with the old one.
type APIAccessToken struct {
	TokenHash   string
	WorkspaceID int64
	ProfileID   int64
	SecretHash  string
	ExpiresAt   time.Time
	CreatedAt   time.Time
}

// APIGatewayService finds what the gateway needs to serve a call. Its
// methods read the store on every call, so that disabling an endpoint,
// stopping a recipe, or refreshing a secret takes effect at once on every
// replica.
type APIGatewayService interface {
	// FindAPIGatewayEndpoints returns every endpoint of the workspace's
	// collections, active or not, with its CollectionPath, in ascending id.
	FindAPIGatewayEndpoints(ctx context.Context, workspaceID int64) ([]*APIEndpoint, error)
	// FindAPICredentialByToken returns the access profile of the workspace
	// whose token hashes to tokenHash, with its client: ENOTFOUND.
	FindAPICredentialByToken(ctx context.Context, workspaceID int64, tokenHash string) (*APICredential, error)
	// FindAPICredentialByOAuthClientID returns the oauth2 access profile
	// of the workspace with that client id, with its client: ENOTFOUND.
	FindAPICredentialByOAuthClientID(ctx context.Context, workspaceID int64, clientID string) (*APICredential, error)
	// FindAPICredentialByID returns an access profile with its client: ENOTFOUND.
	FindAPICredentialByID(ctx context.Context, workspaceID, profileID int64) (*APICredential, error)
	// FindAPIJWTCredentials returns the active jwt access profiles of the
	// workspace's legacy clients, at most limit in ascending id, with
	// their clients: a JWT names no such profile, whose secret is the
	// partner's own, so the gateway finds it by the signature that verifies.
	FindAPIJWTCredentials(ctx context.Context, workspaceID int64, limit int) ([]*APICredential, error)
	// CreateAPIAccessToken stores an issued access token, and drops the
	// expired ones of its profile.
	CreateAPIAccessToken(ctx context.Context, workspaceID int64, t *APIAccessToken) error
	// FindAPIAccessToken returns an access token of the workspace by its
	// hash, expired or not: ENOTFOUND.
	FindAPIAccessToken(ctx context.Context, workspaceID int64, tokenHash string) (*APIAccessToken, error)
}

// ParseAPIGatewayPath splits a path under APIGatewayPath (without it) into
// the workspace id of its "ws<id>" prefix and the rest:
// "/ws12/orders-v1/items/7" is 12 and "orders-v1/items/7". ok is false
// for a path of another shape.
func ParseAPIGatewayPath(path string) (workspaceID int64, rest string, ok bool) {
	path, found := strings.CutPrefix(path, "/ws")
	if !found {
		return 0, "", false
	}
	digits, rest, _ := strings.Cut(path, "/")
	if digits == "" || len(digits) > 18 || digits[0] == '0' {
		return 0, "", false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, "", false
		}
		workspaceID = workspaceID*10 + int64(r-'0')
	}
	return workspaceID, rest, true
}

// MatchAPIPath matches a request's path, relative to its collection and
// still escaped, against an endpoint's path, whose ":name" or "{name}"
// segments are parameters matching one non-empty segment. It returns the
// parameters, unescaped, and whether the paths match.
func MatchAPIPath(pattern, path string) (map[string]string, bool) {
	pattern, path = strings.Trim(pattern, "/"), strings.Trim(path, "/")
	params := map[string]string{}
	for {
		pseg, prest, pmore := strings.Cut(pattern, "/")
		seg, rest, more := strings.Cut(path, "/")
		if pmore != more {
			return nil, false
		}
		value, err := url.PathUnescape(seg)
		if err != nil {
			return nil, false
		}
		switch name, isParam := apiPathParam(pseg); {
		case isParam:
			if value == "" {
				return nil, false
			}
			params[name] = value
		case pseg != value:
			return nil, false
		}
		if !more {
			return params, true
		}
		pattern, path = prest, rest
	}
}

// apiPathParam returns the name of a parameter segment, ":id" or "{id}".
func apiPathParam(seg string) (string, bool) {
	if len(seg) > 1 && seg[0] == ':' {
		return seg[1:], true
	}
	if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}
