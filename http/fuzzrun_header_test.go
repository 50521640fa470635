package http

import (
	"fmt"
	"net/url"
	"strings"
)

// headers returns the header lines of a request, with credentials of many
// kinds, and query credentials to add, if any; it sets the account whose
// token the request carries. A Developer route often gets the token of the
// client inside A's customer workspace, where the seeded objects are.
func (f *fuzzer) headers(c *fuzzCase, body bool) (head, query string) {
	var b strings.Builder
	bearer := func(token string, account int) {
		fmt.Fprintf(&b, "Authorization: Bearer %s\r\n", token)
		c.account = account
	}
	switch x := f.r.IntN(100); {
	case c.route != nil && c.route.developer && x < 50:
		bearer(f.env.customer, 0)
	case x < 60:
		bearer(f.accounts[0].token, 0)
	case x < 67:
		bearer(f.accounts[1].token, 1)
	case x < 72:
		bearer(f.accounts[2].token, 2)
	case x < 76:
		bearer(f.env.customer, 0)
	case x < 79:
		bearer(fuzzPick(f, f.env.revoked), -1)
	case x < 82:
	case x < 87:
		b.WriteString(fuzzPick(f, []string{"Authorization: Bearer\r\n", "Authorization: Basic dXNlcjpwYXNz\r\n",
			"Authorization: bearer " + f.accounts[0].token + "\r\n", "Authorization: Token " + f.accounts[0].token + "\r\n",
			"Authorization: Bearer " + f.accounts[0].token + "x\r\n", "Authorization: Bearer  " + fuzzHeaderText(f.oddString()) + "\r\n",
			"Authorization: Bearer " + f.accounts[1].token + "\r\nAuthorization: Bearer " + f.accounts[0].token + "\r\n"}))
	case x < 94:
		email, key := f.legacyPair()
		fmt.Fprintf(&b, "X-User-Email: %s\r\nX-User-Token: %s\r\n", fuzzHeaderText(email), fuzzHeaderText(key))
	default:
		email, key := f.legacyPair()
		query = "user_email=" + url.QueryEscape(email) + "&user_token=" + url.QueryEscape(key)
	}
	if body || f.chance(5) {
		ct := "application/json"
		if f.chance(30) {
			ct = fuzzPick(f, []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
				"application/octet-stream", "application/json; charset=latin1", "", fuzzHeaderText(f.oddString())})
		}
		fmt.Fprintf(&b, "Content-Type: %s\r\n", ct)
	}
	if f.chance(10) {
		b.WriteString(fuzzPick(f, []string{"X-Forwarded-For: 203.0.113.9\r\n", "X-Forwarded-For: 203.0.113.9, nonsense\r\n",
			"X-Forwarded-For: " + fuzzHeaderText(f.oddString()) + "\r\n", "Accept: text/html\r\n", "Accept-Encoding: gzip\r\n",
			"Cookie: partnerd_session=" + fuzzHeaderText(f.oddString()) + "\r\n", "X-Request-Id: " + fuzzHeaderText(f.oddString()) + "\r\n"}))
	}
	return b.String(), query
}

// legacyPair returns a legacy email and key: C's, or wrong ones.
func (f *fuzzer) legacyPair() (email, key string) {
	email, key = f.legacy[0], f.legacy[1]
	switch f.r.IntN(5) {
	case 0:
		key = f.oddString()
	case 1:
		email = "owner@" + marker + ".test"
	case 2:
		email = f.oddString()
	}
	return email, key
}

// fuzzHeaderText drops the bytes a header value may not hold: the HTTP
// parser, not the server, refuses those. Bytes past ASCII stay, valid
// UTF-8 or not.
func fuzzHeaderText(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= ' ' && c != 0x7f || c == '\t' {
			b = append(b, c)
		}
	}
	return string(b)
}
