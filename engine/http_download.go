package engine

import (
	"context"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// downloadAction is the rest connector's download_file: a GET of a URL
// whose body is the file, within the size cap of every response
// (MaxHTTPResponse) and through the egress policy, as make_request_v2's
// requests go. Its input:
//
//	url      a path joined to the connection's base_url, or an absolute URL
//	query    query parameters: {name: value} or [{name, value}]
//	headers  headers, written the same way
//
// Its output: file_contents (the body as it came), content_type (the
// response's Content-Type), size (bytes), file_name (from
// Content-Disposition, else the URL's last path segment, a plain name
// without directories, see fileName), status_code
// and headers. A response outside 2xx fails the step.
//
// file_contents holds the body's bytes, binary or not: a later step that
// sends it (a request body of a content type other than JSON) sends the
// same bytes. The job's line and the recorded call show it as JSON text,
// where bytes that are not UTF-8 read as U+FFFD; size counts the bytes.
const downloadAction = "download_file"

// download runs a download_file call over the connection.
func (p restProvider) download(ctx context.Context, c *Call, conn *partnerd.Connection) (formula.Value, error) {
	auth, err := newHTTPAuth(conn)
	if err != nil {
		return formula.Value{}, err
	}
	base := inputString(conn.Input, "base_url")
	target := strings.TrimSpace(hashField(c.Input, "url").String())
	if target == "" && base == "" {
		return formula.Value{}, stepFailed("File URL is required")
	}
	r := &httpRequest{Method: http.MethodGet, URL: joinURL(base, target), Header: http.Header{}, ResponseType: "rawdata"}
	for _, q := range nameValues(hashField(c.Input, "query")) {
		if r.Query == nil {
			r.Query = url.Values{}
		}
		r.Query.Add(q[0], q[1])
	}
	for _, h := range nameValues(hashField(c.Input, "headers")) {
		r.Header.Add(h[0], h[1])
	}
	if r.Via, err = onPremSender(c, conn); err != nil {
		return formula.Value{}, err
	}
	resp, err := p.h.do(ctx, auth, r)
	if err != nil {
		return formula.Value{}, abandonedOr(ctx, err)
	}
	out := formula.NewHash(6)
	out.Set("file_contents", formula.String(string(resp.Body)))
	out.Set("content_type", formula.String(resp.Header.Get("Content-Type")))
	out.Set("size", formula.Int(int64(len(resp.Body))))
	out.Set("file_name", formula.String(downloadName(resp.Header, r.URL)))
	out.Set("status_code", formula.Int(int64(resp.Status)))
	out.Set("headers", resp.headers())
	return formula.HashValue(out), nil
}

// downloadName is a downloaded file's name: the filename of its
// Content-Disposition (filename* decoded), else the last segment of the
// URL's path, made a plain name (fileName).
func downloadName(h http.Header, rawURL string) string {
	if _, params, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil {
		if name := fileName(params["filename"]); name != "" {
			return name
		}
	}
	if u, err := url.Parse(rawURL); err == nil {
		return fileName(u.Path)
	}
	return ""
}

// maxFileName is the longest file name, in bytes, that a download keeps.
const maxFileName = 255

// fileName makes a name a server sent a plain file name: its last segment
// after any slash or backslash, without control characters or invalid
// UTF-8, at most maxFileName bytes; "" when nothing of it is left, or
// when it is "." or "..".
func fileName(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name))
	for len(name) > maxFileName {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "." || name == ".." {
		return ""
	}
	return name
}
