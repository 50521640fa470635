package http

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
)

// JSONErrorListener wraps l so that the answers net/http writes itself,
// before any handler runs (a malformed request, headers too large, an
// unsupported transfer encoding or expectation, plain HTTP on a TLS port),
// reach clients as JSON in Workato's error shape rather than plain text.
// net/http writes each of them in one Write straight to the connection, in
// a form no handler's answer has, which is how jsonErrorConn knows them.
func JSONErrorListener(l net.Listener) net.Listener { return jsonErrorListener{l} }

type jsonErrorListener struct{ net.Listener }

func (l jsonErrorListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &jsonErrorConn{Conn: c}, nil
}

// jsonErrorConn rewrites net/http's own answers as they are written.
type jsonErrorConn struct{ net.Conn }

func (c *jsonErrorConn) Write(b []byte) (int, error) {
	status, ok := serverErrorStatus(b)
	if !ok {
		return c.Conn.Write(b)
	}
	if _, err := c.Conn.Write(jsonErrorResponse(status)); err != nil {
		return 0, err
	}
	return len(b), nil
}

// CloseWrite half-closes the connection beneath, as net/http does after
// some of its answers so that the client reads them before the close.
func (c *jsonErrorConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// Unwrap returns the connection beneath.
func (c *jsonErrorConn) Unwrap() net.Conn { return c.Conn }

// The forms of net/http's own answers.
var (
	plainErrorHeaders = []byte("\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n")
	plainOnTLS        = []byte("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n")
	expectationHead   = []byte("HTTP/1.1 417 Expectation Failed\r\nConnection: close\r\n")
	emptyBodyEnd      = []byte("\r\nContent-Length: 0\r\n\r\n")
)

// serverErrorStatus reports whether b is an answer net/http writes before
// any handler runs, and its status.
func serverErrorStatus(b []byte) (int, bool) {
	if bytes.Equal(b, plainOnTLS) {
		return http.StatusBadRequest, true
	}
	if len(b) < 13 || !bytes.HasPrefix(b, []byte("HTTP/1.1 ")) || b[12] != ' ' {
		return 0, false
	}
	status := 0
	for _, d := range b[9:12] {
		if d < '0' || d > '9' {
			return 0, false
		}
		status = status*10 + int(d-'0')
	}
	if status < 400 || status > 599 {
		return 0, false
	}
	line := bytes.IndexByte(b, '\r')
	if line > 0 && bytes.HasPrefix(b[line:], plainErrorHeaders) {
		return status, true
	}
	if bytes.HasPrefix(b, expectationHead) && bytes.HasSuffix(b, emptyBodyEnd) {
		return status, true
	}
	return 0, false
}

// serverErrorMessages are the messages of net/http's own answers.
var serverErrorMessages = map[int]string{
	http.StatusBadRequest:                  "Bad request",
	http.StatusExpectationFailed:           "Expectation failed",
	http.StatusRequestHeaderFieldsTooLarge: "Request header fields too large",
	http.StatusNotImplemented:              "Unsupported transfer encoding",
	http.StatusHTTPVersionNotSupported:     "HTTP version not supported",
}

// jsonErrorResponse returns a whole HTTP response of status with Workato's
// error body, which closes the connection.
func jsonErrorResponse(status int) []byte {
	msg, ok := serverErrorMessages[status]
	if !ok {
		msg = "Request refused"
	}
	body, _ := marshalJSON(errorBody{Message: msg})
	return fmt.Appendf(nil, "HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s",
		status, http.StatusText(status), len(body), body)
}
