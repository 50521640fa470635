package partnerd

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Auth types of API clients and access profiles (API keys).
const (
	APIAuthToken  = "token"
	APIAuthJWT    = "jwt"
	APIAuthOAuth2 = "oauth2"
	APIAuthOIDC   = "oidc"
)

// APIAuthTypes lists every auth type.
var APIAuthTypes = []string{APIAuthToken, APIAuthJWT, APIAuthOAuth2, APIAuthOIDC}

// JWT methods: an HMAC shared secret, or an RSA public key.
const (
	JWTMethodHMAC = "hmac"
	JWTMethodRSA  = "rsa"
)

// Secret is a credential in plain text. It prints and marshals as
// "[REDACTED]" with fmt, log/slog and encoding/json; the http package
// answers it with string(s), once.
type Secret string

// MarshalJSON implements json.Marshaler.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"[REDACTED]"`), nil }

// String implements fmt.Stringer.
func (Secret) String() string { return "[REDACTED]" }

// GoString implements fmt.GoStringer.
func (Secret) GoString() string { return "[REDACTED]" }

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue("[REDACTED]") }

// APIAuth is how the callers of an API client or access profile prove who
// they are. JWTSecret is needed to verify tokens, so the store keeps it
// sealed (encrypted) rather than hashed; it is never answered.
type APIAuth struct {
	Type               string
	JWTMethod          *string
	JWTSecret          Secret // the HMAC shared secret, or the RSA public key in PEM
	OIDCIssuer         *string
	OIDCJWKSURI        *string
	AccessProfileClaim *string
	RequiredClaims     []string
	AllowedIssuers     []string
}

// validate checks the settings of the auth type, clearing those of other
// types, into v.
func (a *APIAuth) validate(v Validation) {
	if a.Type == "" {
		v.Add("auth_type", "can't be blank")
	} else if !slices.Contains(APIAuthTypes, a.Type) {
		v.Add("auth_type", "must be one of "+strings.Join(APIAuthTypes, ", "))
	}
	if a.Type == APIAuthJWT {
		a.validateJWT(v)
	} else {
		a.JWTMethod, a.JWTSecret = nil, ""
	}
	if a.Type == APIAuthOIDC {
		if a.OIDCIssuer == nil && a.OIDCJWKSURI == nil {
			v.Add("oidc_issuer", "can't be blank unless oidc_jwks_uri is given")
		}
		checkURL(v, "oidc_issuer", a.OIDCIssuer)
		checkURL(v, "oidc_jwks_uri", a.OIDCJWKSURI)
	} else {
		a.OIDCIssuer, a.OIDCJWKSURI = nil, nil
	}
	if a.Type != APIAuthJWT && a.Type != APIAuthOIDC {
		a.AccessProfileClaim, a.RequiredClaims, a.AllowedIssuers = nil, nil, nil
	}
	if a.AccessProfileClaim != nil && len(*a.AccessProfileClaim) > 255 {
		v.Add("access_profile_claim", "is too long (maximum is 255 characters)")
	}
	a.RequiredClaims = cleanList(a.RequiredClaims)
	a.AllowedIssuers = cleanList(a.AllowedIssuers)
}

// validateJWT checks the method and secret of a jwt auth.
func (a *APIAuth) validateJWT(v Validation) {
	switch {
	case a.JWTMethod == nil || *a.JWTMethod == "":
		v.Add("jwt_method", "can't be blank")
	case *a.JWTMethod != JWTMethodHMAC && *a.JWTMethod != JWTMethodRSA:
		v.Add("jwt_method", "must be hmac or rsa")
	}
	switch {
	case strings.TrimSpace(string(a.JWTSecret)) == "":
		v.Add("jwt_secret", "can't be blank")
	case len(a.JWTSecret) > 16<<10:
		v.Add("jwt_secret", "is too long (maximum is 16384 characters)")
	case a.JWTMethod != nil && *a.JWTMethod == JWTMethodRSA && !isRSAPublicKey(string(a.JWTSecret)):
		v.Add("jwt_secret", "must be an RSA public key in PEM")
	}
}

// isRSAPublicKey reports whether s is a PEM block holding an RSA public key.
func isRSAPublicKey(s string) bool {
	block, _ := pem.Decode([]byte(strings.TrimSpace(s)))
	if block == nil {
		return false
	}
	if key, err := x509.ParsePKIXPublicKey(block.Bytes); err == nil {
		_, ok := key.(*rsa.PublicKey)
		return ok
	}
	_, err := x509.ParsePKCS1PublicKey(block.Bytes)
	return err == nil
}

// checkURL adds a problem unless s is nil or an absolute http(s) URL.
func checkURL(v Validation, field string, s *string) {
	if s == nil {
		return
	}
	u, err := url.Parse(*s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(*s) > 2048 {
		v.Add(field, "must be an http or https URL")
	}
}

// cleanList trims the items of a list and drops the empty and repeated
// ones; it never returns nil.
func cleanList(list []string) []string {
	out := []string{}
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// APIClient is a consumer of a workspace's API collections. Clients made
// on the v1 routes are legacy ones (IsLegacy) that authenticate through
// their access profiles; v2 clients carry their own auth settings and
// collections, and their access profiles are their API keys.
type APIClient struct {
	ID            int64
	WorkspaceID   int64
	Name          string
	Description   *string
	IsLegacy      bool
	Auth          APIAuth
	MTLSEnabled   bool
	CollectionIDs []int64 // the client's own collections (v2)
	PolicyID      *int64  // the API access policy its access profiles are held to

	// Set by the store: the collections the client reaches (its own and
	// its access profiles'), and the count of its access profiles.
	Collections     []APICollectionRef
	ActiveKeysCount int
	TotalKeysCount  int
	PolicyName      string
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// APICollectionRef names a collection.
type APICollectionRef struct {
	ID   int64
	Name string
}

// Validate checks a client before it is stored; a legacy client's auth
// type is token.
func (c *APIClient) Validate() error {
	v := Validation{}
	checkName(v, &c.Name)
	if c.Description != nil && len(*c.Description) > 4096 {
		v.Add("description", "is too long (maximum is 4096 characters)")
	}
	if c.IsLegacy && c.Auth.Type == "" {
		c.Auth.Type = APIAuthToken
	}
	c.Auth.validate(v)
	return v.Err()
}

// checkName trims a name and checks that it is there and not too long.
func checkName(v Validation, name *string) {
	*name = strings.TrimSpace(*name)
	if *name == "" {
		v.Add("name", "can't be blank")
	} else if len(*name) > 255 {
		v.Add("name", "is too long (maximum is 255 characters)")
	}
}

// NewAPIToken returns a fresh API token, 64 lower-case hex characters
// (256 random bits), and its hash.
func NewAPIToken() (Secret, string) {
	b := make([]byte, 32)
	rand.Read(b)
	token := hex.EncodeToString(b)
	return Secret(token), HashSecret(token)
}
