package http

import (
	"context"
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	_ "crypto/sha256" // The JWT algorithms' hashes.
	_ "crypto/sha512"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

// gatewayCredential is what a gateway call presents: a token (the
// API-TOKEN header, or Basic auth with the user name api-token) or a
// bearer value (an OAuth 2 access token, or a JWT).
type gatewayCredential struct {
	Token  string
	Bearer string
}

// parseGatewayCredential reads a call's credential from its headers, as
// Workato documents them; ok is false when there is none.
func parseGatewayCredential(h http.Header) (gatewayCredential, bool) {
	if t := strings.TrimSpace(h.Get("API-TOKEN")); t != "" {
		return gatewayCredential{Token: t}, true
	}
	scheme, value, _ := strings.Cut(strings.TrimSpace(h.Get("Authorization")), " ")
	value = strings.TrimSpace(value)
	switch {
	case value == "":
	case strings.EqualFold(scheme, "Bearer"):
		return gatewayCredential{Bearer: value}, true
	case strings.EqualFold(scheme, "Basic"):
		raw, err := base64.StdEncoding.DecodeString(value)
		if err != nil {
			return gatewayCredential{}, false
		}
		user, password, ok := strings.Cut(string(raw), ":")
		if ok && strings.EqualFold(user, "api-token") && password != "" {
			return gatewayCredential{Token: password}, true
		}
	}
	return gatewayCredential{}, false
}

// errGatewayUnauthorized is the answer to a call without a valid credential.
func errGatewayUnauthorized(detail string) error {
	return &partnerd.Error{Code: partnerd.EUNAUTHORIZED, Message: "Unauthorized", Detail: detail}
}

// authenticateGateway finds the active access profile of the workspace
// that the call's credential names, with the claims of its JWT if it
// brought one.
func (s *Server) authenticateGateway(r *http.Request, workspaceID int64) (*partnerd.APICredential, map[string]any, error) {
	ctx := r.Context()
	c, ok := parseGatewayCredential(r.Header)
	if !ok {
		return nil, nil, errGatewayUnauthorized("no API-TOKEN header or Authorization bearer")
	}
	var cred *partnerd.APICredential
	var claims map[string]any
	var err error
	switch {
	case c.Token != "":
		cred, err = s.APIGateway.FindAPICredentialByToken(ctx, workspaceID, partnerd.HashSecret(c.Token))
		if err == nil && cred.Auth().Type != partnerd.APIAuthToken {
			return nil, nil, errGatewayUnauthorized("the credential does not authenticate with a token")
		}
	case strings.Count(c.Bearer, ".") == 2:
		cred, claims, err = s.verifyGatewayJWT(ctx, workspaceID, c.Bearer)
	default:
		cred, err = s.findGatewayAccessToken(ctx, workspaceID, c.Bearer)
	}
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return nil, nil, errGatewayUnauthorized("no credential of the workspace matches")
	} else if err != nil {
		return nil, nil, err
	}
	if !cred.Profile.Active {
		return nil, nil, errGatewayUnauthorized("the credential is disabled")
	}
	return cred, claims, nil
}

// findGatewayAccessToken returns the oauth2 profile that an unexpired
// access token was issued to with its current client secret.
func (s *Server) findGatewayAccessToken(ctx context.Context, workspaceID int64, token string) (*partnerd.APICredential, error) {
	t, err := s.APIGateway.FindAPIAccessToken(ctx, workspaceID, partnerd.HashSecret(token))
	if err != nil {
		return nil, err
	}
	if !s.Now.Now().Before(t.ExpiresAt) {
		return nil, partnerd.ErrNotFound()
	}
	cred, err := s.APIGateway.FindAPICredentialByID(ctx, workspaceID, t.ProfileID)
	if err != nil {
		return nil, err
	}
	if cred.Profile.OAuthSecretHash == "" || subtle.ConstantTimeCompare([]byte(cred.Profile.OAuthSecretHash), []byte(t.SecretHash)) != 1 {
		return nil, partnerd.ErrNotFound()
	}
	return cred, nil
}

// gatewayTokenJSON is the token endpoint's answer.
type gatewayTokenJSON struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// handleGatewayToken handles POST /apim/ws<id>/oauth2/token: the client
// credentials grant of an oauth2 access profile, its id and secret in
// Basic auth or in the form or JSON body.
func (s *Server) handleGatewayToken(w http.ResponseWriter, r *http.Request, workspaceID int64) error {
	grant, id, secret, err := readTokenRequest(r)
	if err != nil {
		return err
	}
	if grant != "client_credentials" {
		return partnerd.FieldError("grant_type", "must be client_credentials")
	}
	cred, err := s.APIGateway.FindAPICredentialByOAuthClientID(r.Context(), workspaceID, id)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return errGatewayUnauthorized("no oauth2 access profile has that client id")
	} else if err != nil {
		return err
	}
	p := cred.Profile
	if !p.Active || p.OAuthSecretHash == "" || subtle.ConstantTimeCompare([]byte(partnerd.HashSecret(secret)), []byte(p.OAuthSecretHash)) != 1 {
		return errGatewayUnauthorized("the client secret does not match, or the profile is disabled")
	}
	token, hash := partnerd.NewAPIToken()
	t := &partnerd.APIAccessToken{TokenHash: hash, ProfileID: p.ID, SecretHash: p.OAuthSecretHash,
		ExpiresAt: s.Now.Now().Add(partnerd.APIAccessTokenTTL)}
	if err := s.APIGateway.CreateAPIAccessToken(r.Context(), workspaceID, t); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, gatewayTokenJSON{AccessToken: string(token), TokenType: "bearer",
		ExpiresIn: int(partnerd.APIAccessTokenTTL / time.Second)})
	return nil
}

// readTokenRequest reads the grant type and client credentials of a token
// request from Basic auth, a form body or a JSON body.
func readTokenRequest(r *http.Request) (grant, id, secret string, err error) {
	body, err := readBody(r)
	if err != nil {
		return "", "", "", err
	}
	var in struct {
		GrantType    string `json:"grant_type"`
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		if err := decodeJSON(body, &in); err != nil {
			return "", "", "", err
		}
	} else {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return "", "", "", partnerd.Errorf(partnerd.EINVALID, "The body must be a form or JSON")
		}
		in.GrantType, in.ClientID, in.ClientSecret = form.Get("grant_type"), form.Get("client_id"), form.Get("client_secret")
	}
	if u, p, ok := r.BasicAuth(); ok {
		in.ClientID, in.ClientSecret = u, p
	}
	return in.GrantType, in.ClientID, in.ClientSecret, nil
}

// jwtKeyClaims are the claims where Workato looks for an API key's token
// in a JWT, in its order: the first that is not empty holds it, unless
// the key's client names a claim of its own (access_profile_claim).
var jwtKeyClaims = []string{"https://www.workato.com/sub", "workato_sub", "sub"}

// maxJWTCandidates bounds the claims of one JWT looked up as keys' tokens.
const maxJWTCandidates = 8

// jwtKeyClaim returns the claim of a JWT that holds the key's token for a
// client that names claim ("" for none): that one, or the first of
// jwtKeyClaims that is not empty, or the header's kid.
func jwtKeyClaim(header, claims map[string]any, claim string) string {
	if claim != "" {
		v, _ := claims[claim].(string)
		return v
	}
	for _, name := range jwtKeyClaims {
		if v, _ := claims[name].(string); v != "" {
			return v
		}
	}
	v, _ := header["kid"].(string)
	return v
}

// verifyGatewayJWT verifies a JWT signed with a v2 client's HMAC shared
// secret or RSA key, the claim where Workato looks for it holding the token
// of one of the client's keys; or else with the secret or key of a jwt
// access profile of a legacy client. exp and nbf are checked, and the
// client's or profile's required claims and allowed issuers.
func (s *Server) verifyGatewayJWT(ctx context.Context, workspaceID int64, token string) (*partnerd.APICredential, map[string]any, error) {
	header, claims, signed, sig, err := splitJWT(token)
	if err != nil {
		return nil, nil, partnerd.ErrNotFound()
	}
	// The client, and so the claim it names, is known only from the key:
	// each text that could be a key's token is tried, and the key found
	// must sit where its client says.
	candidates := []string{}
	add := func(v any) {
		if t, ok := v.(string); ok && len(t) == 64 && len(candidates) < maxJWTCandidates && !slices.Contains(candidates, t) {
			candidates = append(candidates, t)
		}
	}
	for _, name := range jwtKeyClaims {
		add(claims[name])
	}
	add(header["kid"])
	names := slices.Sorted(maps.Keys(claims))
	for _, name := range names {
		add(claims[name])
	}
	var cred *partnerd.APICredential
	for _, value := range candidates {
		found, err := s.APIGateway.FindAPICredentialByToken(ctx, workspaceID, partnerd.HashSecret(value))
		if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, nil, err
		}
		claim := ""
		if a := found.Auth().AccessProfileClaim; a != nil {
			claim = *a
		}
		if jwtKeyClaim(header, claims, claim) == value {
			cred = found
			break
		}
	}
	if cred == nil {
		if cred, err = s.findLegacyJWTCredential(ctx, workspaceID, header, signed, sig); err != nil {
			return nil, nil, err
		}
	}
	auth := cred.Auth()
	if auth.Type != partnerd.APIAuthJWT || auth.JWTMethod == nil {
		return nil, nil, errGatewayUnauthorized("the credential does not take JWTs")
	}
	if err := verifyJWTSignature(*auth.JWTMethod, string(auth.JWTSecret), header, signed, sig); err != nil {
		return nil, nil, err
	}
	now := float64(s.Now.Now().Unix())
	if exp, ok := claims["exp"].(float64); ok && now >= exp {
		return nil, nil, errGatewayUnauthorized("the JWT has expired")
	}
	if nbf, ok := claims["nbf"].(float64); ok && now < math.Floor(nbf) {
		return nil, nil, errGatewayUnauthorized("the JWT is not valid yet")
	}
	for _, name := range auth.RequiredClaims {
		if _, ok := claims[name]; !ok {
			return nil, nil, errGatewayUnauthorized("the JWT lacks the claim " + strconv.Quote(name))
		}
	}
	if len(auth.AllowedIssuers) > 0 {
		iss, _ := claims["iss"].(string)
		allowed := false
		for _, a := range auth.AllowedIssuers {
			allowed = allowed || a == iss
		}
		if !allowed {
			return nil, nil, errGatewayUnauthorized("the JWT's issuer is not allowed")
		}
	}
	return cred, claims, nil
}

// maxLegacyJWTProfiles bounds the jwt access profiles of legacy clients
// that one JWT is checked against.
const maxLegacyJWTProfiles = 50

// findLegacyJWTCredential returns the first active jwt access profile of a
// legacy client, in ascending id, whose own HMAC secret or RSA key verifies
// the JWT's signature: such a profile has no token of partnerd's for a
// claim to hold, as its secret is the partner's own, so the signature
// names it. ENOTFOUND when none does.
func (s *Server) findLegacyJWTCredential(ctx context.Context, workspaceID int64, header map[string]any, signed string, sig []byte) (*partnerd.APICredential, error) {
	creds, err := s.APIGateway.FindAPIJWTCredentials(ctx, workspaceID, maxLegacyJWTProfiles)
	if err != nil {
		return nil, err
	}
	for _, cred := range creds {
		auth := cred.Auth()
		if auth.Type == partnerd.APIAuthJWT && auth.JWTMethod != nil &&
			verifyJWTSignature(*auth.JWTMethod, string(auth.JWTSecret), header, signed, sig) == nil {
			return cred, nil
		}
	}
	return nil, partnerd.ErrNotFound()
}

// splitJWT decodes a compact JWT into its header, its claims, the signed
// part and the signature.
func splitJWT(token string) (header map[string]any, claims map[string]any, signed string, sig []byte, err error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || len(token) > 16<<10 {
		return nil, nil, "", nil, partnerd.ErrNotFound()
	}
	dec := base64.RawURLEncoding
	h, err1 := dec.DecodeString(parts[0])
	c, err2 := dec.DecodeString(parts[1])
	sig, err3 := dec.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || json.Unmarshal(h, &header) != nil || json.Unmarshal(c, &claims) != nil ||
		header == nil || claims == nil {
		return nil, nil, "", nil, partnerd.ErrNotFound()
	}
	return header, claims, parts[0] + "." + parts[1], sig, nil
}

// verifyJWTSignature checks a JWT's signature by the client's method: an
// HMAC shared secret (HS256, HS384, HS512) or an RSA public key in PEM
// (RS256, RS384, RS512).
func verifyJWTSignature(method, secret string, header map[string]any, signed string, sig []byte) error {
	alg, _ := header["alg"].(string)
	hashes := map[string]crypto.Hash{"256": crypto.SHA256, "384": crypto.SHA384, "512": crypto.SHA512}
	h, ok := hashes[strings.TrimLeft(alg, "HSR")]
	family := strings.TrimRight(alg, "0123456789")
	switch {
	case !ok || (family != "HS" && family != "RS"):
		return errGatewayUnauthorized("the JWT's alg must be HS256, HS384, HS512, RS256, RS384 or RS512")
	case method == partnerd.JWTMethodHMAC && family == "HS":
		mac := hmac.New(h.New, []byte(secret))
		mac.Write([]byte(signed))
		if hmac.Equal(mac.Sum(nil), sig) {
			return nil
		}
	case method == partnerd.JWTMethodRSA && family == "RS":
		key, err := parseRSAPublicKey(secret)
		if err != nil {
			return err
		}
		d := h.New()
		d.Write([]byte(signed))
		if rsa.VerifyPKCS1v15(key, h, d.Sum(nil), sig) == nil {
			return nil
		}
	default:
		return errGatewayUnauthorized("the JWT's alg is not the client's signing method")
	}
	return errGatewayUnauthorized("the JWT's signature does not verify")
}

// parseRSAPublicKey reads an RSA public key in PEM, PKIX or PKCS #1.
func parseRSAPublicKey(s string) (*rsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(strings.TrimSpace(s)))
	if block == nil {
		return nil, errGatewayUnauthorized("the client's RSA key does not parse")
	}
	if key, err := x509.ParsePKIXPublicKey(block.Bytes); err == nil {
		if k, ok := key.(*rsa.PublicKey); ok {
			return k, nil
		}
	}
	k, err := x509.ParsePKCS1PublicKey(block.Bytes)
	if err != nil {
		return nil, errGatewayUnauthorized("the client's RSA key does not parse")
	}
	return k, nil
}
