package engine

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/mock"
)

// files is a server of two files, one named by its Content-Disposition,
// and of a file past the size cap.
func files(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/files/report.csv":
			if r.Header.Get("Authorization") != "Bearer tok" || r.URL.Query().Get("v") != "2" || r.Header.Get("X-Trace") != "t1" {
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
			w.Header().Set("Content-Type", "text/csv")
			w.Write([]byte("id,name\n1,Ada\n"))
		case "/download":
			w.Header().Set("Content-Type", "application/pdf")
			w.Header().Set("Content-Disposition", `attachment; filename="invoice 7.pdf"`)
			w.Write([]byte("%PDF-\x00\x01"))
		case "/big":
			w.Write([]byte(strings.Repeat("x", MaxHTTPResponse+1)))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func downloadStep(in map[string]any) map[string]any {
	return action(1, "rest", "download_file", "file", in)
}

// TestRestDownloadFile checks download_file: the file's contents, type,
// size and name, the connection's auth, query and headers, a failure
// outside 2xx, the size cap, the egress policy, and the recorded call.
func TestRestDownloadFile(t *testing.T) {
	srv := files(t)
	in := partnerd.ConnectionInput{"base_url": srv.URL, "auth_type": "bearer", "token": "tok"}
	h := newHarness(t)
	var mu sync.Mutex
	var calls []*partnerd.ConnectorCall
	h.e.Calls = &mock.ConnectorCallLog{RecordConnectorCallsFn: func(_ context.Context, _ int64, c []*partnerd.ConnectorCall) error {
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, c...)
		return nil
	}}
	res := runStep(t, h, "rest", in, downloadStep(map[string]any{"url": "/files/report.csv",
		"query": map[string]any{"v": "2"}, "headers": []any{map[string]any{"name": "X-Trace", "value": "t1"}}}))
	wantStatus(t, res, partnerd.JobSucceeded, "")
	out := stepOutput(t, res, 1)
	if out["file_contents"] != "id,name\n1,Ada\n" || out["content_type"] != "text/csv" || out["size"] != float64(14) ||
		out["file_name"] != "report.csv" || out["status_code"] != float64(200) {
		t.Errorf("output = %v", out)
	}
	if len(calls) != 1 || calls[0].Action != "download_file" || calls[0].Error != nil ||
		!strings.Contains(string(calls[0].Output), `"size":14`) {
		t.Errorf("recorded calls = %+v", calls)
	}

	res = runStep(t, h, "rest", partnerd.ConnectionInput{}, downloadStep(map[string]any{"url": srv.URL + "/download"}))
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if out := stepOutput(t, res, 1); out["file_name"] != "invoice 7.pdf" || out["content_type"] != "application/pdf" ||
		out["size"] != float64(7) {
		t.Errorf("named file output = %v", out)
	}

	for _, c := range []struct{ url, want string }{
		{srv.URL + "/missing", "HTTP 404 Not Found"},
		{srv.URL + "/big", "the response body is larger than 10 MiB"},
		{"", "File URL is required"},
	} {
		res = runStep(t, h, "rest", partnerd.ConnectionInput{}, downloadStep(map[string]any{"url": c.url}))
		wantStatus(t, res, partnerd.JobFailed, c.want)
	}

	h = newHarness(t)
	h.e.Egress = &Egress{Mode: EgressProduction}
	res = runStep(t, h, "rest", partnerd.ConnectionInput{}, downloadStep(map[string]any{"url": srv.URL + "/download"}))
	wantStatus(t, res, partnerd.JobFailed, "the egress policy refuses 127.0.0.1")
}

// TestDownloadName checks that a download's file_name is a plain name
// whatever the server's Content-Disposition or URL says.
func TestDownloadName(t *testing.T) {
	long := strings.Repeat("é", 200) + ".txt"
	for _, c := range []struct{ disposition, url, want string }{
		{`attachment; filename="invoice 7.pdf"`, "https://x.test/a", "invoice 7.pdf"},
		{`attachment; filename="../../etc/passwd"`, "https://x.test/a", "passwd"},
		{`attachment; filename="..\\..\\boot.ini"`, "https://x.test/a", "boot.ini"},
		{`attachment; filename=".."`, "https://x.test/a.csv", "a.csv"},
		{`attachment; filename="dir/.."`, "https://x.test/a.csv", "a.csv"},
		{`attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`, "https://x.test/a", "résumé.pdf"},
		{`attachment; filename*=UTF-8''..%2F..%2Fx.sh`, "https://x.test/a", "x.sh"},
		{`attachment; filename*=UTF-8''a%00b%0Ac.txt`, "https://x.test/a", "abc.txt"},
		{`attachment; filename*=UTF-8''%FF%FEx.txt`, "https://x.test/a", "x.txt"},
		{`attachment; filename="` + long + `"`, "https://x.test/a", long[:254]},
		{"", "https://x.test/files/%2e%2e", ""},
		{"", "https://x.test/files/a%5Cb.txt", "b.txt"},
		{"", "https://x.test/", ""},
		{"", "https://x.test", ""},
	} {
		h := http.Header{}
		if c.disposition != "" {
			h.Set("Content-Disposition", c.disposition)
		}
		if got := downloadName(h, c.url); got != c.want || len(got) > maxFileName {
			t.Errorf("%s %s: file_name %q, want %q", c.disposition, c.url, got, c.want)
		}
	}
}

// TestRestDownloadBinary checks that a downloaded file's bytes, none of
// them text, reach a later request's body unchanged, and that its size
// counts bytes.
func TestRestDownloadBinary(t *testing.T) {
	var file []byte
	for b := range 256 {
		file = append(file, byte(255-b))
	}
	got := make(chan []byte, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write(file)
			return
		}
		body, _ := io.ReadAll(r.Body)
		got <- body
	}))
	t.Cleanup(srv.Close)
	h := newHarness(t)
	h.withConnections(t, &partnerd.Connection{ID: 5, Name: "Conn", Provider: "rest", Input: partnerd.ConnectionInput{"base_url": srv.URL}})
	upload := action(2, "rest", "make_request_v2", "upload", map[string]any{"request": map[string]any{"method": "POST",
		"url": "/upload", "content_type": "application/octet-stream", "body": pill("rest", "file", "file_contents")}})
	res := h.run(t, h.addConnected(1, "rest", 5, webhookTrigger(downloadStep(map[string]any{"url": "/file.bin"}), upload)), `{}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if out := stepOutput(t, res, 1); out["size"] != float64(len(file)) {
		t.Errorf("size = %v", out["size"])
	}
	if body := <-got; !bytes.Equal(body, file) {
		t.Errorf("uploaded %d bytes %x, want %x", len(body), body, file)
	}
}

// FuzzDownloadName checks that any Content-Disposition and URL give a
// plain file name.
func FuzzDownloadName(f *testing.F) {
	f.Add(`attachment; filename="../a.txt"`, "https://x.test/b%2F..")
	f.Add(`attachment; filename*=UTF-8''%2e%2e%5Cx`, "/a/b")
	f.Fuzz(func(t *testing.T, disposition, rawURL string) {
		name := downloadName(http.Header{"Content-Disposition": {disposition}}, rawURL)
		if len(name) > maxFileName || !utf8.ValidString(name) || strings.ContainsAny(name, `/\`) || name == "." || name == ".." ||
			strings.IndexFunc(name, unicode.IsControl) >= 0 {
			t.Errorf("%q %q: file_name %q", disposition, rawURL, name)
		}
	})
}
