package engine

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// Authentication types of an HTTP connection (its auth_type field).
const (
	authNone              = "none"
	authBasic             = "basic"
	authHeader            = "header"
	authQuery             = "query"
	authBearer            = "bearer"
	authClientCredentials = "oauth2_client_credentials"
)

// httpAuth is how the requests of one connection authenticate. Its fields
// come from the connection's input:
//
//	auth_type      none, basic, header, query, bearer or oauth2_client_credentials
//	username, password                    basic
//	headers        {name: value} or [{name, value}]   header
//	params         {name: value} or [{name, value}]   query
//	token          bearer (also access_token)
//	token_url, client_id, client_secret, scope        oauth2_client_credentials
//	client_auth    body (the default) or basic: where the client's id and secret go
//
// Without auth_type, the fields decide: token or access_token is bearer,
// api_key is bearer (as Stripe takes its secret key), email with
// api_token is basic (as Jira takes them), username with password is
// basic, and nothing else is none.
type httpAuth struct {
	kind    string
	key     connectionKey
	input   partnerd.ConnectionInput
	headers [][2]string
	params  [][2]string
}

// newHTTPAuth reads a connection's authentication.
func newHTTPAuth(c *partnerd.Connection) (*httpAuth, error) {
	in := c.Input
	a := &httpAuth{kind: strings.ToLower(inputString(in, "auth_type")), key: keyOf(c), input: in}
	if a.kind == "" {
		switch {
		case inputString(in, "token") != "" || inputString(in, "access_token") != "" || inputString(in, "api_key") != "":
			a.kind = authBearer
		case inputString(in, "email") != "" && inputString(in, "api_token") != "",
			inputString(in, "username") != "" && inputString(in, "password") != "":
			a.kind = authBasic
		default:
			a.kind = authNone
		}
	}
	pairs := func(field string) [][2]string {
		v, _ := formula.FromGo(normalizeJSON(in[field]))
		return nameValues(v)
	}
	switch a.kind {
	case authNone, authBasic, authBearer:
	case authHeader:
		a.headers = pairs("headers")
	case authQuery:
		a.params = pairs("params")
	case authClientCredentials:
		if inputString(in, "token_url") == "" || inputString(in, "client_id") == "" {
			return nil, stepFailed("Connection %s: OAuth 2 client credentials need token_url and client_id", connectionName(c))
		}
	default:
		return nil, stepFailed("Connection %s: auth_type %q is not none, basic, header, query, bearer or oauth2_client_credentials",
			connectionName(c), a.kind)
	}
	return a, nil
}

// normalizeJSON turns json.Number into what formula.FromGo reads.
func normalizeJSON(x any) any {
	b, err := json.Marshal(x)
	if err != nil {
		return nil
	}
	var out any
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.UseNumber()
	if d.Decode(&out) != nil {
		return nil
	}
	return out
}

func (a *httpAuth) oauth() bool { return a != nil && a.kind == authClientCredentials }

// apply adds the auth's query parameters.
func (a *httpAuth) apply(_ context.Context, _ *httpConnector, q url.Values) error {
	if a == nil {
		return nil
	}
	for _, p := range a.params {
		q.Set(p[0], p[1])
	}
	return nil
}

// queryParams reports whether the auth adds query parameters.
func (a *httpAuth) queryParams() bool { return a != nil && len(a.params) > 0 }

// header adds the auth's headers, fetching an OAuth 2 token when needed.
func (a *httpAuth) header(ctx context.Context, h *httpConnector, hd http.Header) error {
	if a == nil {
		return nil
	}
	switch a.kind {
	case authBasic:
		user, pass := inputString(a.input, "username"), inputString(a.input, "password")
		if user == "" && pass == "" {
			user, pass = inputString(a.input, "email"), inputString(a.input, "api_token")
		}
		hd.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+pass)))
	case authBearer:
		token := inputString(a.input, "token")
		for _, f := range []string{"access_token", "api_key"} {
			if token == "" {
				token = inputString(a.input, f)
			}
		}
		hd.Set("Authorization", "Bearer "+token)
	case authHeader:
		for _, p := range a.headers {
			hd.Set(p[0], p[1])
		}
	case authClientCredentials:
		token, err := h.token(ctx, a)
		if err != nil {
			return err
		}
		hd.Set("Authorization", "Bearer "+token)
	}
	return nil
}

// oauthToken is an access token and when it stops serving.
type oauthToken struct {
	access  string
	expires time.Time // zero when the server gave no lifetime
}

// tokenMargin is how long before its expiry a token is fetched anew.
const tokenMargin = 30 * time.Second

// token returns the connection's cached access token, fetching one from
// its token URL when there is none or it is about to expire.
func (h *httpConnector) token(ctx context.Context, a *httpAuth) (string, error) {
	now := time.Now()
	h.mu.Lock()
	t := h.tokens[a.key]
	h.mu.Unlock()
	if t != nil && (t.expires.IsZero() || now.Add(tokenMargin).Before(t.expires)) {
		return t.access, nil
	}
	form := url.Values{"grant_type": {"client_credentials"}}
	if scope := inputString(a.input, "scope"); scope != "" {
		form.Set("scope", scope)
	}
	id, secret := inputString(a.input, "client_id"), inputString(a.input, "client_secret")
	r := &httpRequest{Method: http.MethodPost, URL: inputString(a.input, "token_url"), ContentType: "application/x-www-form-urlencoded",
		Header: http.Header{}, NoRetry: true}
	if strings.ToLower(inputString(a.input, "client_auth")) == "basic" {
		r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id)+":"+url.QueryEscape(secret))))
	} else {
		form.Set("client_id", id)
		form.Set("client_secret", secret)
	}
	r.Body = []byte(form.Encode())
	resp, err := h.do(ctx, nil, r)
	if err != nil {
		return "", stepFailed("OAuth 2 token request failed: %v", err)
	}
	var body struct {
		AccessToken string      `json:"access_token"`
		ExpiresIn   json.Number `json:"expires_in"`
	}
	if json.Unmarshal(resp.Body, &body) != nil || body.AccessToken == "" {
		return "", stepFailed("OAuth 2 token response has no access_token")
	}
	t = &oauthToken{access: body.AccessToken}
	if secs, err := body.ExpiresIn.Int64(); err == nil && secs > 0 {
		t.expires = now.Add(time.Duration(secs) * time.Second)
	}
	h.mu.Lock()
	h.tokens[a.key] = t
	h.mu.Unlock()
	return t.access, nil
}

// forgetToken drops a connection's token after the server refused it.
func (h *httpConnector) forgetToken(a *httpAuth) {
	h.mu.Lock()
	delete(h.tokens, a.key)
	h.mu.Unlock()
}
