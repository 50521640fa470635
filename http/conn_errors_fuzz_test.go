package http

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// FuzzServerErrorStatus checks that whatever is written, a recognised
// answer is an error status and its rewrite is a JSON response of it.
func FuzzServerErrorStatus(f *testing.F) {
	f.Add([]byte("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request"))
	f.Add([]byte("HTTP/1.1 417 Expectation Failed\r\nConnection: close\r\nDate: Mon, 07 Dec 2026 02:29:41 GMT\r\nContent-Length: 0\r\n\r\n"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}"))
	f.Add([]byte("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		status, ok := serverErrorStatus(b)
		if !ok {
			return
		}
		if status < 400 || status > 599 {
			t.Fatalf("status %d", status)
		}
		res, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(jsonErrorResponse(status))), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		var e errorBody
		if res.StatusCode != status || json.Unmarshal(body, &e) != nil || e.Message == "" {
			t.Fatalf("%d %s", res.StatusCode, body)
		}
	})
}
