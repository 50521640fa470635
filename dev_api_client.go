package partnerd

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/netip"
	"strings"
	"time"
)

// TokenPrefix starts every developer API client token.
const TokenPrefix = "wrkaus-"

// DevAPIClient is a developer API client: a token, its role and its scope.
type DevAPIClient struct {
	ID             int64
	WorkspaceID    int64
	Name           string
	RoleID         int64
	AllFolders     bool
	FolderIDs      []int64
	Environment    *Environment
	IPAllowList    string
	Token          string // the plain token, only right after create or regenerate
	TokenHash      string
	TokenUpdatedAt time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// ClientRole is a developer API client role (Workato's api_privilege_group).
type ClientRole struct {
	ID          int64
	WorkspaceID int64
	Name        string
	BuiltIn     bool
	Privileges  Privileges
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Validate checks a client before it is stored.
func (c *DevAPIClient) Validate() error {
	v := Validation{}
	v.Required("name", c.Name, 255)
	if !c.AllFolders && len(c.FolderIDs) == 0 {
		v.Add("folder_ids", "can't be blank when all_folders is false")
	}
	if _, err := ParseIPAllowList(c.IPAllowList); err != nil {
		v.Add("ip_allow_list", "is invalid")
	}
	if c.TokenHash == "" {
		v.Add("token", "can't be blank")
	}
	return v.Err()
}

// AdminRoleName names the built-in role of every workspace.
const AdminRoleName = "Admin"

// NewToken returns a fresh random token and its hash.
func NewToken() (token, hash string) {
	token = TokenPrefix + RandomString(48)
	return token, HashSecret(token)
}

// RandomString returns n url-safe random characters.
func RandomString(n int) string {
	b := make([]byte, (n*6+7)/8)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}

// HashSecret returns the hex SHA-256 of a secret, the only form it is stored in.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// ParseIPAllowList splits a comma-separated list of IPs and CIDRs into
// prefixes; an empty list allows every address.
func ParseIPAllowList(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(item)
		if err != nil {
			return nil, FieldError("ip_allow_list", item+" is not an IP address or CIDR")
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// AllowsIP reports whether addr is within a comma-separated allow list. An
// empty list allows every address and an unparsable one none.
func AllowsIP(list string, addr netip.Addr) bool {
	prefixes, err := ParseIPAllowList(list)
	if err != nil {
		return false
	}
	if len(prefixes) == 0 {
		return true
	}
	addr = addr.Unmap()
	for _, p := range prefixes {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// AuthService turns credentials into a Caller.
type AuthService interface {
	// AuthenticateToken returns the caller whose client token hashes to
	// tokenHash, or EUNAUTHORIZED.
	AuthenticateToken(ctx context.Context, tokenHash string) (*Caller, error)
	// AuthenticateAPIKey returns the account owner whose email and legacy API
	// key match, comparing in constant time, or EUNAUTHORIZED.
	AuthenticateAPIKey(ctx context.Context, email, apiKey string) (*Caller, error)
}

// DevAPIClientService keeps developer API clients and their roles, scoped
// to one workspace.
type DevAPIClientService interface {
	// CreateDevAPIClient stores a client whose TokenHash is set: EINVALID.
	CreateDevAPIClient(ctx context.Context, workspaceID int64, c *DevAPIClient) error
	// FindDevAPIClientByID returns a client, or ENOTFOUND.
	FindDevAPIClientByID(ctx context.Context, workspaceID, id int64) (*DevAPIClient, error)
	// FindDevAPIClients returns a page of clients in ascending id and their total.
	FindDevAPIClients(ctx context.Context, workspaceID int64, p Page) ([]*DevAPIClient, int, error)
	// UpdateDevAPIClient applies changes in one transaction: ENOTFOUND,
	// EINVALID. apply must not call the store.
	UpdateDevAPIClient(ctx context.Context, workspaceID, id int64, apply func(*DevAPIClient) error) (*DevAPIClient, error)
	// DeleteDevAPIClient deletes a client; its token stops working at once.
	DeleteDevAPIClient(ctx context.Context, workspaceID, id int64) error
	// RegenerateDevAPIClientToken replaces a client's token hash.
	RegenerateDevAPIClientToken(ctx context.Context, workspaceID, id int64, tokenHash string) (*DevAPIClient, error)

	// FindClientRoles returns a page of roles in ascending id and their total.
	FindClientRoles(ctx context.Context, workspaceID int64, p Page) ([]*ClientRole, int, error)
	// FindClientRoleByID returns a role, or ENOTFOUND.
	FindClientRoleByID(ctx context.Context, workspaceID, id int64) (*ClientRole, error)
	// CreateClientRole stores a role: EINVALID, ECONFLICT.
	CreateClientRole(ctx context.Context, workspaceID int64, r *ClientRole) error
	// UpdateClientRole applies changes to a role in one transaction:
	// ENOTFOUND, EINVALID for a built-in role or bad privileges, ECONFLICT.
	// apply must not call the store.
	UpdateClientRole(ctx context.Context, workspaceID, id int64, apply func(*ClientRole) error) (*ClientRole, error)
	// DeleteClientRole deletes a role: ENOTFOUND, EINVALID for a built-in
	// role or one that a client uses.
	DeleteClientRole(ctx context.Context, workspaceID, id int64) error
}
