package client

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
)

// EndpointCredential is how a call of an API endpoint authenticates: an
// auth token (a v2 API key or a v1 token profile), sent as API-TOKEN, or
// a bearer (an OAuth 2 access token or a JWT).
type EndpointCredential struct {
	Token  string
	Bearer string
}

// EndpointResponse is an API endpoint's answer.
type EndpointResponse struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// JSON decodes the answer's body into v.
func (r *EndpointResponse) JSON(v any) error { return json.Unmarshal(r.Body, v) }

// CallAPIEndpoint calls an API endpoint of the API platform at its url (an
// endpoint's URL, with path parameters filled in and any query), with body
// as JSON unless nil. Any status is an answer, not an error: the endpoint's
// recipe picks it.
func (c *Client) CallAPIEndpoint(ctx context.Context, method, url string, cred EndpointCredential, body any) (*EndpointResponse, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if cred.Token != "" {
		req.Header.Set("API-TOKEN", cred.Token)
	}
	if cred.Bearer != "" {
		req.Header.Set("Authorization", "Bearer "+cred.Bearer)
	}
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &EndpointResponse{StatusCode: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// APIAccessToken is the answer of the gateway's OAuth 2 token endpoint.
type APIAccessToken struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// RequestAPIAccessToken asks the token endpoint at tokenURL (the
// collection URL's workspace prefix and /oauth2/token) for an access
// token of an oauth2 access profile, by the client credentials grant.
func (c *Client) RequestAPIAccessToken(ctx context.Context, tokenURL, clientID, clientSecret string) (*APIAccessToken, error) {
	form := "grant_type=client_credentials"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, bytes.NewReader([]byte(form)))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(clientID, clientSecret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &Error{StatusCode: resp.StatusCode, Message: string(b)}
	}
	var out APIAccessToken
	return &out, json.Unmarshal(b, &out)
}
