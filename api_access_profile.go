package partnerd

import (
	"slices"
	"strings"
	"time"
)

// AccessProfile is a credential of an API client: Workato's access profile
// on the v1 routes and API key on the v2 ones, one and the same object. A
// profile of a legacy client has auth settings of its own; a profile of a
// v2 client (an API key) inherits its client's (Inherited), of which the
// store copies the auth type. Secrets are shown once, right after create
// or refresh (behaviors §7): the store keeps only their hashes, as the
// server only has to verify them.
type AccessProfile struct {
	ID            int64
	WorkspaceID   int64
	ClientID      int64
	Inherited     bool
	Name          string
	CollectionIDs []int64
	Active        bool
	ActiveSince   *time.Time
	Auth          APIAuth
	IPAllowList   []string
	IPDenyList    []string

	// TokenHash, OAuthClientID and OAuthSecretHash are what the store keeps
	// of the credentials; OAuthClientID is an identifier, not a secret.
	TokenHash       string
	OAuthClientID   string
	OAuthSecretHash string

	// Token and OAuthClientSecret hold the plain secrets right after create
	// or refresh, and are empty everywhere else.
	Token             Secret
	OAuthClientSecret Secret

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks a profile before it is stored.
func (p *AccessProfile) Validate() error {
	v := Validation{}
	checkName(v, &p.Name)
	if p.ClientID <= 0 {
		v.Add("api_client_id", "can't be blank")
	}
	if p.Inherited {
		p.Auth = APIAuth{Type: p.Auth.Type, RequiredClaims: []string{}, AllowedIssuers: []string{}}
		if !slices.Contains(APIAuthTypes, p.Auth.Type) {
			v.Add("auth_type", "must be one of "+strings.Join(APIAuthTypes, ", "))
		}
	} else {
		p.Auth.validate(v)
	}
	p.IPAllowList = checkIPList(v, "ip_allow_list", p.IPAllowList)
	p.IPDenyList = checkIPList(v, "ip_deny_list", p.IPDenyList)
	if p.CollectionIDs == nil {
		p.CollectionIDs = []int64{}
	}
	return v.Err()
}

// checkIPList checks that every item of a list is an IP address or a CIDR
// and returns the list trimmed, without empty or repeated items.
func checkIPList(v Validation, field string, list []string) []string {
	list = cleanList(list)
	for _, item := range list {
		if _, err := ParseIPAllowList(item); err != nil || len(item) > 64 {
			v.Add(field, item+" is not an IP address or CIDR")
		}
	}
	return list
}

// SetActive enables or disables the profile at now; ActiveSince is the
// time it was last enabled, and nil while it is disabled.
func (p *AccessProfile) SetActive(active bool, now time.Time) {
	if active && !p.Active {
		p.ActiveSince = &now
	} else if !active {
		p.ActiveSince = nil
	}
	p.Active = active
}

// IssueSecret gives the profile fresh credentials: an API key always gets
// a token (the value a caller sends, or that its identity provider puts in
// the access profile claim); a profile of a legacy client gets those of its
// auth type: a token for token and oidc, a client id and secret for
// oauth2, and none for jwt, whose secret is the partner's own.
func (p *AccessProfile) IssueSecret() {
	switch {
	case p.Inherited || p.Auth.Type == APIAuthToken || p.Auth.Type == APIAuthOIDC:
		p.IssueToken()
	case p.Auth.Type == APIAuthOAuth2:
		if p.OAuthClientID == "" {
			p.OAuthClientID = RandomString(32)
		}
		p.OAuthClientSecret = Secret(RandomString(48))
		p.OAuthSecretHash = HashSecret(string(p.OAuthClientSecret))
	}
}

// RefreshSecret replaces the profile's credentials, keeping an oauth2
// client id. A jwt profile of a legacy client has none to refresh:
// EINVALID.
func (p *AccessProfile) RefreshSecret() error {
	if p.Auth.Type == APIAuthJWT && !p.Inherited {
		return FieldError("auth_type", "a jwt access profile has no secret to refresh")
	}
	p.IssueSecret()
	return nil
}

// IssueToken gives the profile a fresh token.
func (p *AccessProfile) IssueToken() {
	p.Token, p.TokenHash = NewAPIToken()
}

// AccessProfileFilter selects profiles; a zero ClientID selects those of
// every client. Lists come in ascending id.
type AccessProfileFilter struct {
	ClientID int64
	Page     Page
}
