package http_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	nethttp "net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestSignedDownload fetches an export by its download_url without
// credentials, and checks that the URL serves that one zip only: altered,
// expired, or moved to another package or workspace, it is 401.
func TestSignedDownload(t *testing.T) {
	e := newTestEnv(t, false)
	setupPackages(t, e)
	const acme = "/api/managed_users/3"
	manifest := `{"export_manifest":{"name":"Integrations","folder_id":"6","assets":[{"id":1,"type":"recipe"}]}}`
	for _, sc := range []scenario{
		{Method: "POST", URL: acme + "/export_manifests", Body: manifest},
		{Method: "POST", URL: acme + "/exports/1"},
		{Method: "POST", URL: "/api/packages/export/1", Token: tokenB}, // no manifest 1 of B's own workspace
	} {
		e.do(sc)
	}
	e.waitPackage(t, acme+"/exports/1", "")
	_, body := e.do(scenario{Method: "GET", URL: acme + "/exports/1"})
	var status struct {
		DownloadURL string `json:"download_url"`
	}
	if err := json.Unmarshal(body, &status); err != nil || !strings.HasPrefix(status.DownloadURL, e.URL+"/downloads/packages/1?") {
		t.Fatalf("download_url of %s (%v)", body, err)
	}
	path := strings.TrimPrefix(status.DownloadURL, e.URL)

	res := get(t, e.URL+path)
	zip, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/zip" || res.Header.Get("Content-Disposition") != `attachment; filename="package_1.zip"` {
		t.Fatalf("the download_url without credentials: %d %v %s", res.StatusCode, res.Header, zip)
	}
	if withToken := e.download(t, acme+"/exports/1/download", tokenA); string(withToken) != string(zip) {
		t.Error("the signed download and the one with credentials differ")
	}

	sign := func(d partnerd.PackageDownload) string {
		sig, err := e.DB.SignPackageDownload(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		return "/downloads/packages/" + strconv.FormatInt(d.PackageID, 10) + "?workspace_id=" + strconv.FormatInt(d.WorkspaceID, 10) +
			"&expires=" + strconv.FormatInt(d.Expires, 10) + "&signature=" + base64.RawURLEncoding.EncodeToString(sig)
	}
	later := testNow.Unix() + 60
	sig := path[strings.Index(path, "signature=")+len("signature="):]
	other := byte('A')
	if sig[10] == 'A' {
		other = 'B'
	}
	flipped := sig[:10] + string(other) + sig[11:]
	for _, sc := range []scenario{
		{Name: "signed_download_expired", URL: sign(partnerd.PackageDownload{WorkspaceID: 3, PackageID: 1, Expires: testNow.Unix() - 1}), WantStatus: 401},
		{Name: "signed_download_altered", URL: strings.Replace(path, sig, flipped, 1), WantStatus: 401},
		{Name: "signed_download_other_package", URL: strings.Replace(path, "/packages/1?", "/packages/2?", 1), WantStatus: 401},
		{Name: "signed_download_other_workspace", URL: strings.Replace(path, "workspace_id=3", "workspace_id=5", 1), WantStatus: 401},
		{Name: "signed_download_later_expiry", URL: strings.Replace(path, "expires=", "expires=1", 1), WantStatus: 401},
		{Name: "signed_download_twice", URL: path + "&workspace_id=3", WantStatus: 401},
		{Name: "signed_download_unsigned", URL: "/downloads/packages/1?workspace_id=3&expires=" + strconv.FormatInt(later, 10), WantStatus: 401},
		{Name: "signed_download_gone", URL: sign(partnerd.PackageDownload{WorkspaceID: 3, PackageID: 99, Expires: later}), WantStatus: 404},
		{Name: "signed_download_fresh", URL: sign(partnerd.PackageDownload{WorkspaceID: 3, PackageID: 1, Expires: later})},
	} {
		sc.Method, sc.Token = "GET", "-"
		if sc.WantStatus == 0 {
			// A fresh signature of the same package works.
			if res := get(t, e.URL+sc.URL); res.StatusCode != 200 {
				t.Errorf("a signed download: %d", res.StatusCode)
			}
			continue
		}
		e.play(t, sc)
	}
}

// get sends a GET without credentials and reads its body.
func get(t *testing.T, url string) *nethttp.Response {
	t.Helper()
	res, err := nethttp.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}
