package http

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// fuzzMethods are the methods a request may use instead of its route's.
var fuzzMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "get", "X-Y"}

// fuzzCase is one request of the run.
type fuzzCase struct {
	raw     []byte     // the request as it goes on the wire
	route   *fuzzRoute // the route it names; nil for a random path
	account int        // the index in accounts whose token it carries; -1 for none
}

// next returns the next request: most name a route of the table, some a
// random path.
func (f *fuzzer) next() fuzzCase {
	c := fuzzCase{account: -1}
	var method, target string
	var body []byte
	if f.chance(90) {
		c.route = &f.routes[f.r.IntN(len(f.routes))]
		method = c.route.method
		if f.chance(4) {
			method = fuzzPick(f, fuzzMethods)
		}
		target = f.fillPath(method, c.route.segments) + f.query(c.route.query, c.route.zip)
		body = f.body(c.route)
	} else {
		method = fuzzPick(f, fuzzMethods[:5])
		target = f.randomPath() + f.query(nil, false)
		if f.chance(50) {
			body = f.junkBody()
		}
	}
	if path, _, _ := strings.Cut(target, "?"); strings.Contains(strings.ToLower(fuzzUnescape(path)), "fault") {
		body = fuzzFaultFree(body)
	}
	head, extra := f.headers(&c, len(body) > 0)
	if extra != "" {
		if strings.Contains(target, "?") {
			target += "&" + extra
		} else {
			target += "?" + extra
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: partnerd.test\r\n%sContent-Length: %d\r\n\r\n", method, target, head, len(body))
	b.Write(body)
	c.raw = b.Bytes()
	return c
}

// fuzzFaultFree returns a body that creates no fault rule: a fault rule answers
// 5xx on purpose, so PUT /_partnerd/faults gets no rule, only "[]" (which
// clears them) or a body that is not an array, which it refuses.
func fuzzFaultFree(body []byte) []byte {
	if t := bytes.TrimSpace(body); len(t) > 0 && t[0] == '[' {
		return []byte("[]")
	}
	return body
}

// fuzzUnescape returns the unescaped path, or the path as it is when it
// does not unescape.
func fuzzUnescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// fillPath fills the parameters of a route's path.
func (f *fuzzer) fillPath(method string, segments []string) string {
	out := make([]string, len(segments))
	for i, seg := range segments {
		if !strings.HasPrefix(seg, "{") {
			out[i] = seg
			continue
		}
		prev := segments[max(i-1, 0)]
		if method == "POST" && (prev == "exports" || prev == "export") {
			prev = "export_manifests" // An export names its manifest.
		}
		out[i] = f.pathValue(prev, seg)
	}
	path := strings.Join(out, "/")
	if f.chance(3) {
		path += "/"
	}
	return path
}

// pathValue returns a value of the path parameter name, after the segment
// prev: mostly a real id, else an id of another account, an odd number or
// random text.
func (f *fuzzer) pathValue(prev, name string) string {
	id, found := f.created[prev]
	if !found || f.chance(70) {
		if seeded, ok := f.ids[prev+"/"+name]; ok {
			id, found = seeded, true
		} else if seeded, ok := f.ids[name]; ok {
			id, found = seeded, true
		}
	}
	switch x := f.r.IntN(100); {
	case x < 70 && name == "{mu}" && f.chance(20):
		return "E" + url.PathEscape(fuzzPick(f, []string{marker + "-ext", marker + "-ext", marker + "-ext_dev", "acme/1"}))
	case x < 70 && name == "{mu}" && f.chance(10):
		return strconv.FormatInt(id, 10) + "_dev"
	case x < 70 && found:
		return strconv.FormatInt(id, 10)
	case x < 80:
		return strconv.FormatInt(f.someID(), 10)
	case x < 88 && name == "{mu}":
		return "E" + url.PathEscape(f.oddString())
	case x < 92:
		return fuzzPick(f, fuzzOddIDs)
	}
	return url.PathEscape(f.oddString())
}

// fuzzOddIDs are path and query values that are no plain id.
var fuzzOddIDs = []string{"0", "-1", "00001", "1.0", "1e3", "0x1F", "+1", "%201", "%EF%BC%91", "9223372036854775807",
	"9223372036854775808", "-9223372036854775808", "18446744073709551616", "99999999999999999999999999", "NaN",
	"null", "true", "%00", "%FF", "%C0%AF", "..", ".", "~", "_dev", "1_dev", "1_dev_dev", "E", "E_dev", "E%2F",
	"a%2Fb", "%25", "%2e%2e", "1;2", "1,2", "[1]", "%E2%80%8B1", "1%0A"}

// someID returns an id seen in an answer, or a small one: ids of every
// account, often of objects that are gone.
func (f *fuzzer) someID() int64 {
	if len(f.recent) > 0 && f.chance(70) {
		return f.recent[f.r.IntN(len(f.recent))]
	}
	return 1 + f.r.Int64N(64)
}

// randomPath returns a path of fixed segments of the table, ids and odd
// text.
func (f *fuzzer) randomPath() string {
	if f.chance(2) {
		return fuzzPick(f, []string{"*", "http://partnerd.test/api/users/me", "//api//managed_users", "/" + strings.Repeat("a/", 5000)})
	}
	var b strings.Builder
	b.WriteString(fuzzPick(f, []string{"", "/api", "/api/v2", "/_partnerd", "/api/managed_users", "/console", "/managed_users"}))
	for k := f.r.IntN(6) + 1; k > 0; k-- {
		b.WriteByte('/')
		switch x := f.r.IntN(10); {
		case x < 6:
			b.WriteString(fuzzPick(f, f.segments))
		case x < 8:
			b.WriteString(strconv.FormatInt(f.someID(), 10))
		case x < 9:
			b.WriteString(fuzzPick(f, fuzzOddIDs))
		default:
			b.WriteString(url.PathEscape(f.oddString()))
		}
	}
	if b.Len() == 0 || f.chance(5) {
		b.WriteByte('/')
	}
	return b.String()
}

// query returns a query string of some of the route's parameters and some
// others, with odd values. The import of a package, and a lookup, need
// their parameter more often than not.
func (f *fuzzer) query(params []fuzzParam, zip bool) string {
	var parts []string
	for _, p := range params {
		if f.chance(30) || (p.kind == "by" || zip && p.name == "folder_id") && f.chance(80) {
			parts = append(parts, f.queryPair(p))
		}
	}
	for f.chance(20) {
		name := fuzzPick(f, []string{"page", "per_page", "since_id", "status", "folder_id", "parent_id", "external_id",
			"offset_job_id", "running", "by[code]", "by", "by[", "q", "sort", "prefix", "", "%", "%FF", "%00", "a+b"})
		parts = append(parts, name+"="+f.queryValue("string"))
	}
	if len(parts) == 0 {
		return ""
	}
	return "?" + strings.Join(parts, fuzzPick(f, []string{"&", "&", "&", "&&", ";"}))
}

// queryPair returns name=value for a parameter.
func (f *fuzzer) queryPair(p fuzzParam) string {
	switch {
	case p.kind == "by":
		label := fuzzPick(f, []string{"code", "code", "code", "code", "name", "", "code][x", "%FF", strings.Repeat("c", 300)})
		s := "by[" + label + "]=" + fuzzPick(f, []string{marker + "-row", marker + "-row", "", url.QueryEscape(f.oddString())})
		for f.chance(30) {
			s += "&by[" + url.QueryEscape(f.oddString()) + "]=" + f.queryValue("string")
		}
		return s
	case p.kind == "enum" && f.chance(70):
		return p.name + "=" + url.QueryEscape(fmt.Sprint(fuzzPick(f, p.enum)))
	case p.kind == "integer" && f.chance(40):
		if id, ok := f.ids[p.name]; ok {
			return p.name + "=" + strconv.FormatInt(id, 10)
		}
		return p.name + "=" + strconv.FormatInt(f.ids["{folder_id}"], 10)
	}
	return p.name + "=" + f.queryValue(p.kind)
}

// queryValue returns a value of a kind, often an odd one, escaped or not.
func (f *fuzzer) queryValue(kind string) string {
	if f.chance(20) {
		switch x := f.r.IntN(4); x {
		case 0:
			return fuzzPick(f, fuzzOddIDs)
		case 1:
			return fuzzPick(f, []string{"%", "%zz", "%2", "+", "%2B", "a b", "%0D%0A", "%C3%28", strings.Repeat("9", 400)})
		}
		return url.QueryEscape(f.oddString())
	}
	switch kind {
	case "integer":
		return fuzzPick(f, []string{"1", "2", "100", "0", "-1", "500", "501", "1000000", strconv.FormatInt(f.someID(), 10)})
	case "boolean":
		return fuzzPick(f, []string{"true", "false", "1", "0", "TRUE", "False", "yes", "", "t", "2"})
	case "date-time":
		return url.QueryEscape(fuzzPick(f, []string{"2026-11-02T09:30:00Z", "2026-11-02", "2026-11-02T09:30:00.123+02:00",
			"0000-00-00T00:00:00Z", "9999-12-31T23:59:59Z", "yesterday", "1e9", "2026-13-45T99:99:99Z"}))
	}
	return url.QueryEscape(fuzzPick(f, []string{"clock", "clock,salesforce", "salesforce", marker, "j-1", "j-abc", "succeeded", f.oddString()}))
}
