package http

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"testing"
)

// FuzzSignedDownload checks that the parser of a signed download accepts
// only canonical ids and a 32-byte signature, and that what it accepts
// writes back to the same query.
func FuzzSignedDownload(f *testing.F) {
	sig := base64.RawURLEncoding.EncodeToString(make([]byte, 32))
	for _, s := range [][2]string{
		{"1", "workspace_id=3&expires=1793615400&signature=" + sig},
		{"01", "workspace_id=3&expires=1&signature=" + sig},
		{"1", "workspace_id=3&workspace_id=3&expires=1&signature=" + sig},
		{"1", "workspace_id=-3&expires=1&signature=" + sig + "="},
		{"9223372036854775808", "workspace_id=%00&expires=+1&signature="},
		{"", ""}, {"x", "signature=%ZZ"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, id, query string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		d, sig, ok := parseSignedDownload(id, q)
		if !ok {
			if sig != nil || d.PackageID != 0 {
				t.Fatalf("a refused download returned %+v %x", d, sig)
			}
			return
		}
		if d.PackageID <= 0 || d.WorkspaceID <= 0 || d.Expires <= 0 || len(sig) != 32 {
			t.Fatalf("accepted %q %q as %+v %x", id, query, d, sig)
		}
		if strconv.FormatInt(d.PackageID, 10) != id || strconv.FormatInt(d.WorkspaceID, 10) != q.Get("workspace_id") ||
			strconv.FormatInt(d.Expires, 10) != q.Get("expires") || base64.RawURLEncoding.EncodeToString(sig) != q.Get("signature") {
			t.Fatalf("%q %q is not canonical: %+v", id, query, d)
		}
	})
}
