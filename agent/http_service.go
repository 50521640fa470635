package agent

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/partnerd/partnerd"
	"go.yaml.in/yaml/v3"
)

// HTTPProfile is an HTTP profile of config.yml: the base URL that every
// request of the profile goes to, whether its certificate is verified,
// headers added to every request and an optional basic auth.
type HTTPProfile struct {
	Name      string
	BaseURL   string
	VerifySSL bool // true unless verify_ssl is false
	Headers   map[string]string
	Username  string
	Password  string
}

// ParseHTTPProfiles reads the HTTP profiles of Workato's config.yml, with
// secrets from the process's environment and no key for encrypted values;
// ReadConfig reads them with the agent's own. For each profile, its
// base_url, verify_ssl, headers (a mapping) and partnerd's username and
// password for basic auth; any of them may be a secret or encrypted.
func ParseHTTPProfiles(b []byte) (map[string]*HTTPProfile, error) {
	return parseWithEnvironment(b, parseHTTPProfiles)
}

// parseHTTPProfiles reads the http: section of a config.yml.
func parseHTTPProfiles(root *yaml.Node, r *resolver) (map[string]*HTTPProfile, error) {
	out := map[string]*HTTPProfile{}
	section := sectionOf(root, "http")
	if section == nil || section.Kind != yaml.MappingNode {
		return out, nil
	}
	for i := 0; i+1 < len(section.Content); i += 2 {
		name, settings := section.Content[i], section.Content[i+1]
		if settings.Kind != yaml.MappingNode {
			return nil, lineError(settings, fmt.Sprintf("http profile %q: expected its settings", name.Value))
		}
		p := &HTTPProfile{Name: name.Value, VerifySSL: true, Headers: map[string]string{}}
		what := fmt.Sprintf("http profile %q", p.Name)
		for key, field := range map[string]*string{"base_url": &p.BaseURL, "username": &p.Username, "password": &p.Password} {
			if n := setting(settings, key); n != nil {
				v, err := r.value(what+": "+key, n)
				if err != nil {
					return nil, err
				}
				*field = v
			}
		}
		if n := setting(settings, "verify_ssl"); n != nil {
			v, err := r.value(what+": verify_ssl", n)
			if err != nil {
				return nil, err
			}
			verify, err := strconv.ParseBool(v)
			if err != nil {
				return nil, lineError(n, what+": verify_ssl must be true or false")
			}
			p.VerifySSL = verify
		}
		if n := setting(settings, "headers"); n != nil {
			if n.Kind != yaml.MappingNode {
				return nil, lineError(n, what+": headers must be a mapping of names to values")
			}
			for j := 0; j+1 < len(n.Content); j += 2 {
				header := n.Content[j].Value
				v, err := r.value(what+": headers."+header, n.Content[j+1])
				if err != nil {
					return nil, err
				}
				if !headerName(header) || !plainText(v) {
					return nil, lineError(n.Content[j], fmt.Sprintf("%s: header %q is not a valid header name and value", what, header))
				}
				p.Headers[header] = v
			}
		}
		if _, err := baseURL(p.BaseURL); err != nil {
			return nil, lineError(nodeOr(setting(settings, "base_url"), settings), fmt.Sprintf("%s: %v", what, err))
		}
		out[p.Name] = p
	}
	return out, nil
}

// baseURL parses a profile's base URL: http or https, a host, no query.
func baseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("base_url must be an http or https URL without user, query or fragment")
	}
	return u, nil
}

// JoinBasePath joins a request's escaped path to a base URL. The path is
// relative to the base: an absolute URL, a path of another host (//host),
// a backslash, a dot segment (. or .., also percent-encoded) or a query or
// fragment is refused, so the result always lies under the base.
func JoinBasePath(base *url.URL, path string) (*url.URL, error) {
	if strings.Contains(path, "://") || strings.HasPrefix(path, "//") || strings.ContainsAny(path, "\\?#") || !plainText(path) {
		return nil, fmt.Errorf("path %q must be a path under the profile's base URL", path)
	}
	decoded, err := url.PathUnescape(path)
	if err != nil || strings.ContainsAny(decoded, "\\") || !plainText(decoded) {
		return nil, fmt.Errorf("path %q is not a valid escaped path", path)
	}
	for _, seg := range strings.Split(decoded, "/") {
		if seg == "." || seg == ".." {
			return nil, fmt.Errorf("path %q must not hold . or .. segments, which would leave the profile's base URL", path)
		}
	}
	// A decoded slash joins segments that must be checked as one.
	for _, seg := range strings.Split(path, "/") {
		if s, _ := url.PathUnescape(seg); s == "." || s == ".." || strings.HasPrefix(s, "../") || strings.HasSuffix(s, "/..") || strings.Contains(s, "/../") {
			return nil, fmt.Errorf("path %q must not hold . or .. segments, which would leave the profile's base URL", path)
		}
	}
	u := &url.URL{Scheme: base.Scheme, Host: base.Host}
	rest := strings.TrimPrefix(path, "/")
	raw := strings.TrimSuffix(base.EscapedPath(), "/")
	if rest != "" || raw == "" {
		raw += "/" + rest
	}
	p, err := url.PathUnescape(raw)
	if err != nil {
		return nil, fmt.Errorf("path %q is not a valid escaped path", path)
	}
	u.Path, u.RawPath = p, raw
	if u.EscapedPath() != raw || !strings.HasPrefix(u.Path, strings.TrimSuffix(base.Path, "/")) {
		return nil, fmt.Errorf("path %q must be a path under the profile's base URL", path)
	}
	return u, nil
}

// httpServices sends the server's requests to the agent's HTTP profiles,
// with a client per profile made on first use. Redirects are answered,
// not followed, so a request never leaves its profile's base URL.
type httpServices struct {
	profiles map[string]*HTTPProfile
	mu       sync.Mutex
	clients  map[string]*http.Client
}

// client returns the base URL and client of a profile; a profile the
// agent does not have is an error naming it.
func (h *httpServices) client(name string) (*url.URL, *HTTPProfile, *http.Client, error) {
	p := h.profiles[name]
	if p == nil {
		return nil, nil, nil, fmt.Errorf("HTTP profile %q is not in this agent's config.yml", name)
	}
	base, err := baseURL(p.BaseURL)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("HTTP profile %q: %v", name, err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if c := h.clients[name]; c != nil {
		return base, p, c, nil
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.Proxy = nil
	transport.TLSClientConfig = &tls.Config{InsecureSkipVerify: !p.VerifySSL}
	transport.MaxResponseHeaderBytes = maxHTTPResponseHeader
	c := &http.Client{Transport: transport, Timeout: 120 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if h.clients == nil {
		h.clients = map[string]*http.Client{}
	}
	h.clients[name] = c
	return base, p, c, nil
}

// maxHTTPResponseHeader bounds the headers of a response an agent reads.
const maxHTTPResponseHeader = 256 << 10

// exec sends one request to its profile's base URL and answers its
// response, the body, at most partnerd.OnPremMaxHTTPBody bytes, streamed
// to out in pieces of chunkBytes as it is read.
func (h *httpServices) exec(ctx context.Context, r *Request, out *resultStream) (*Result, error) {
	base, p, c, err := h.client(r.Profile)
	if err != nil {
		return nil, err
	}
	u, err := JoinBasePath(base, r.HTTP.Path)
	if err != nil {
		return nil, fmt.Errorf("HTTP profile %q: %v", r.Profile, err)
	}
	u.RawQuery = r.HTTP.Query
	req, err := http.NewRequestWithContext(ctx, r.HTTP.Method, u.String(), bytes.NewReader(r.HTTP.Body))
	if err != nil {
		return nil, fmt.Errorf("HTTP profile %q: %v", r.Profile, err)
	}
	if len(r.HTTP.Body) == 0 {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	for name, values := range r.HTTP.Header {
		req.Header[http.CanonicalHeaderKey(name)] = values
	}
	req.Header.Del("Host")
	for name, value := range p.Headers {
		req.Header.Set(name, value)
	}
	if p.Username != "" && req.Header.Get("Authorization") == "" {
		req.SetBasicAuth(p.Username, p.Password)
	}
	resp, err := c.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("HTTP profile %q: %s %s: %v", r.Profile, r.HTTP.Method, u.Path, err)
	}
	defer resp.Body.Close()
	piece, total := make([]byte, chunkBytes), 0
	var body []byte
	for body == nil {
		n, err := io.ReadFull(resp.Body, piece)
		if total += n; total > partnerd.OnPremMaxHTTPBody {
			return nil, fmt.Errorf("HTTP profile %q: %v", r.Profile, errBodyTooLarge)
		}
		switch {
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			body = piece[:n]
		case err != nil:
			return nil, fmt.Errorf("HTTP profile %q: %s %s: %v", r.Profile, r.HTTP.Method, u.Path, err)
		default:
			if err := out.Body(piece); err != nil {
				return nil, err
			}
		}
	}
	header := map[string][]string{}
	for name, values := range resp.Header {
		if headerName(name) {
			header[name] = values
		}
	}
	return &Result{HTTP: &HTTPResult{Status: resp.StatusCode, Header: header, Body: body}}, nil
}

// close drops the clients' idle connections.
func (h *httpServices) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range h.clients {
		c.CloseIdleConnections()
	}
}
