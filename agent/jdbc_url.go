package agent

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// JDBCURL is a JDBC url read for its adapter: for postgresql and mysql its
// host, port, database and driver properties (its query, in order).
type JDBCURL struct {
	Adapter    string
	Host       string
	Port       string
	Database   string
	Properties [][2]string
}

// ParseJDBCURL reads a JDBC url, jdbc:SUBPROTOCOL:…. Only the forms
// jdbc:postgresql://HOST[:PORT][/DB][?k=v&…] and the same of mysql are
// read further; one host, no user in the authority, no fragment. A url of
// another subprotocol gives its adapter alone (jdbc when unknown).
func ParseJDBCURL(raw string) (*JDBCURL, error) {
	rest, ok := strings.CutPrefix(raw, "jdbc:")
	sub, _, _ := strings.Cut(rest, ":")
	if !ok || sub == "" {
		return nil, errors.New("must be a JDBC url (jdbc:…)")
	}
	adapter := sub
	if _, known := databaseAdapters[sub]; !known {
		adapter = "jdbc"
	}
	if sub != "postgresql" && sub != "mysql" {
		return &JDBCURL{Adapter: adapter}, nil
	}
	form := fmt.Sprintf("must be jdbc:%s://HOST[:PORT]/DATABASE with driver properties in its query", sub)
	if !strings.HasPrefix(rest, sub+"://") {
		return nil, errors.New(form)
	}
	u, err := url.Parse(rest)
	if err != nil {
		return nil, errors.New(form)
	}
	switch {
	case strings.Contains(u.Host, ","):
		return nil, errors.New("names several hosts; the agent connects to one")
	case u.User != nil:
		return nil, errors.New("holds a user: give user and password as settings of the profile or as user= and password= in the query")
	case u.Fragment != "" || u.Opaque != "":
		return nil, errors.New(form)
	}
	host, port := u.Hostname(), u.Port()
	if host == "" || strings.ContainsAny(host, "()=/ ") || (strings.Contains(host, ":") && net.ParseIP(host) == nil) {
		return nil, errors.New(form)
	}
	if strings.HasSuffix(u.Host, ":") {
		return nil, errors.New(form)
	}
	db := strings.TrimPrefix(u.Path, "/")
	if strings.Contains(db, "/") {
		return nil, errors.New(form)
	}
	out := &JDBCURL{Adapter: adapter, Host: host, Port: port, Database: db}
	for _, pair := range strings.Split(u.RawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(k)
		value, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil || key == "" {
			// The query is not quoted: it may hold a password.
			return nil, fmt.Errorf("its query's pair %d is not key=value with escapes that decode", len(out.Properties)+1)
		}
		out.Properties = append(out.Properties, [2]string{key, value})
	}
	return out, nil
}
