package http

import (
	"crypto/hmac"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd"
)

// The download_url of a completed export works without credentials, as
// Workato's asset URLs do: GET /downloads/packages/{id} with the query
// workspace_id, expires (Unix seconds) and signature, the unpadded
// base64url of an HMAC-SHA256 over the three (partnerd.PackageDownload)
// with a key derived from the server's secret key. It serves that one zip
// until it expires, partnerd.PackageDownloadLifetime after the status
// request that answered it; an expired, altered or foreign signature is
// 401, and a package whose zip is gone is 404. The download routes with
// credentials keep working.

// errDownloadLink is the answer to a signed download that does not hold.
var errDownloadLink = partnerd.Errorf(partnerd.EUNAUTHORIZED, "The download link is invalid or has expired")

// downloadURL returns the signed download address of a package of the
// request's workspace, on the host the request named, over HTTPS when the
// request came over TLS or through a trusted proxy that says it did.
func (s *Server) downloadURL(r *http.Request, id int64) (string, error) {
	scheme := "http"
	if r.TLS != nil || (s.fromTrustedProxy(r) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")) {
		scheme = "https"
	}
	d := partnerd.PackageDownload{WorkspaceID: workspaceID(r), PackageID: id,
		Expires: s.Now.Now().Add(partnerd.PackageDownloadLifetime).Unix()}
	sig, err := s.Packages.SignPackageDownload(r.Context(), d)
	if err != nil {
		return "", err
	}
	q := url.Values{"workspace_id": {strconv.FormatInt(d.WorkspaceID, 10)},
		"expires": {strconv.FormatInt(d.Expires, 10)}, "signature": {base64.RawURLEncoding.EncodeToString(sig)}}
	return scheme + "://" + r.Host + "/downloads/packages/" + strconv.FormatInt(id, 10) + "?" + q.Encode(), nil
}

// handleSignedDownload handles GET /downloads/packages/{id}: the zip of the
// export that the signature names, without credentials.
func (s *Server) handleSignedDownload(w http.ResponseWriter, r *http.Request) error {
	d, sig, ok := parseSignedDownload(r.PathValue("id"), r.URL.Query())
	if !ok {
		return errDownloadLink
	}
	want, err := s.Packages.SignPackageDownload(r.Context(), d)
	if err != nil {
		return err
	}
	if !hmac.Equal(sig, want) || d.Expires < s.Now.Now().Unix() {
		return errDownloadLink
	}
	zip, err := s.Packages.FindPackageZip(r.Context(), d.WorkspaceID, d.PackageID)
	if err != nil {
		return err
	}
	writeZip(w, d.PackageID, zip)
	return nil
}

// parseSignedDownload reads a signed download: the package id of the
// path, and exactly one workspace_id, expires and signature, each written
// in its one canonical form.
func parseSignedDownload(id string, q url.Values) (partnerd.PackageDownload, []byte, bool) {
	var d partnerd.PackageDownload
	var ok1, ok2, ok3 bool
	d.PackageID, ok1 = canonicalID(id)
	d.WorkspaceID, ok2 = canonicalID(single(q, "workspace_id"))
	d.Expires, ok3 = canonicalID(single(q, "expires"))
	sig, err := base64.RawURLEncoding.Strict().DecodeString(single(q, "signature"))
	if !ok1 || !ok2 || !ok3 || err != nil || len(sig) != 32 {
		return partnerd.PackageDownload{}, nil, false
	}
	return d, sig, true
}

// single returns the one value of a query parameter, or "" when it has
// none or several.
func single(q url.Values, name string) string {
	if v := q[name]; len(v) == 1 {
		return v[0]
	}
	return ""
}

// canonicalID parses a positive decimal integer without sign or leading
// zeros.
func canonicalID(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != s {
		return 0, false
	}
	return n, true
}

// writeZip answers the zip of a package.
func writeZip(w http.ResponseWriter, id int64, zip []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="package_`+strconv.FormatInt(id, 10)+`.zip"`)
	h.Set("Content-Length", strconv.Itoa(len(zip)))
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(zip)
}
