package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"strconv"
	"strings"
	"syscall"
)

// request is one request of a workload.
type request struct {
	method string
	target string // the path and query
	body   []byte // nil for none
}

// httpConn is one keep-alive HTTP/1.1 connection that sends a request and
// reads its answer, with as little work on this side as can be: the load
// generator shares one CPU between all its connections.
type httpConn struct {
	addr  string
	token string
	conn  net.Conn
	raw   syscall.RawConn // the socket, to drop bodies without reading them
	br    *bufio.Reader
	out   []byte
}

func newHTTPConn(addr, token string) *httpConn { return &httpConn{addr: addr, token: token} }

// errorBodyLimit is how much of an error answer's body is kept.
const errorBodyLimit = 300

// do sends r and reads the answer's status, keeping the start of its body
// when the status is not 2xx. After an error the connection is closed and
// the next call dials again.
func (h *httpConn) do(r request) (status int, errorBody []byte, err error) {
	if h.conn == nil {
		if h.conn, err = net.Dial("tcp", h.addr); err != nil {
			return 0, nil, err
		}
		// A small buffer: what the headers leave of a body stays on the
		// socket, to be dropped there.
		h.br = bufio.NewReaderSize(h.conn, 16<<10)
		if canDrop {
			if h.raw, err = h.conn.(*net.TCPConn).SyscallConn(); err != nil {
				h.close()
				return 0, nil, err
			}
		}
	}
	h.out = appendRequest(h.out[:0], h.addr, h.token, r)
	if _, err := h.conn.Write(h.out); err != nil {
		h.close()
		return 0, nil, err
	}
	status, errorBody, keep, err := readAnswer(h.br, h.raw)
	if err != nil || !keep {
		h.close()
	}
	return status, errorBody, err
}

// capture sends r and reads the whole answer, for the bare server.
func (h *httpConn) capture(r request) (*nethttp.Response, []byte, error) {
	conn, err := net.Dial("tcp", h.addr)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	if _, err := conn.Write(appendRequest(nil, h.addr, h.token, r)); err != nil {
		return nil, nil, err
	}
	resp, err := nethttp.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, nil, err
	}
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

func (h *httpConn) close() {
	if h.conn != nil {
		h.conn.Close()
		h.conn, h.raw = nil, nil
	}
}

// appendRequest appends the bytes of r to b.
func appendRequest(b []byte, host, token string, r request) []byte {
	b = append(b, r.method...)
	b = append(b, ' ')
	b = append(b, r.target...)
	b = append(b, " HTTP/1.1\r\nHost: "...)
	b = append(b, host...)
	b = append(b, "\r\nAuthorization: Bearer "...)
	b = append(b, token...)
	b = append(b, "\r\nUser-Agent: partnerd-bench-load\r\nAccept: application/json\r\n"...)
	if r.method != nethttp.MethodGet {
		b = append(b, "Content-Type: application/json\r\nContent-Length: "...)
		b = strconv.AppendInt(b, int64(len(r.body)), 10)
		b = append(b, "\r\n"...)
	}
	b = append(b, "\r\n"...)
	return append(b, r.body...)
}

// readAnswer reads an HTTP/1.1 answer: its status, the start of its body
// when the status is not 2xx, and whether the connection stays open.
func readAnswer(br *bufio.Reader, raw syscall.RawConn) (status int, errorBody []byte, keep bool, err error) {
	line, err := readLine(br)
	if err != nil {
		return 0, nil, false, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, nil, false, fmt.Errorf("bad status line %q", line)
	}
	if status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return 0, nil, false, fmt.Errorf("bad status line %q", line)
	}
	length, chunked, keep := int64(-1), false, true
	for {
		line, err := readLine(br)
		if err != nil {
			return 0, nil, false, err
		}
		if len(line) == 0 {
			break
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case asciiEqual(name, "Content-Length"):
			if length, err = strconv.ParseInt(string(value), 10, 64); err != nil {
				return 0, nil, false, fmt.Errorf("bad Content-Length %q", value)
			}
		case asciiEqual(name, "Transfer-Encoding"):
			chunked = asciiEqual(value, "chunked")
		case asciiEqual(name, "Connection"):
			keep = !asciiEqual(value, "close")
		}
	}
	var sink *[]byte
	if status < 200 || status > 299 {
		sink = &errorBody
	}
	switch {
	case status/100 == 1 || status == nethttp.StatusNoContent || status == nethttp.StatusNotModified:
		// No body.
	case chunked:
		err = skipChunked(br, raw, sink)
	case length >= 0:
		err = skip(br, raw, length, sink)
	default:
		return 0, nil, false, errors.New("an answer without a length")
	}
	return status, errorBody, keep, err
}

// skipChunked reads a chunked body, keeping its start in sink when set.
func skipChunked(br *bufio.Reader, raw syscall.RawConn, sink *[]byte) error {
	for {
		line, err := readLine(br)
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(line, []byte(";"))
		n, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 64)
		if err != nil {
			return fmt.Errorf("bad chunk size %q", line)
		}
		if n == 0 {
			for { // trailers, then the blank line
				if line, err := readLine(br); err != nil || len(line) == 0 {
					return err
				}
			}
		}
		if err := skip(br, raw, n, sink); err != nil {
			return err
		}
		if line, err := readLine(br); err != nil || len(line) != 0 {
			return errors.Join(err, errors.New("a chunk without its CRLF"))
		}
	}
}

// skip reads n bytes, keeping the first of them in sink when set. Bytes
// it keeps nothing of, past those already buffered, are dropped on the
// socket when raw is set, without copying them: the load generator then
// does not pay twice for the large answers the server sends.
func skip(br *bufio.Reader, raw syscall.RawConn, n int64, sink *[]byte) error {
	for n > 0 {
		if sink != nil && len(*sink) < errorBodyLimit {
			b, err := br.Peek(int(min(n, int64(errorBodyLimit-len(*sink)), int64(br.Size()))))
			*sink = append(*sink, b...)
			if err != nil {
				return err
			}
		}
		if raw != nil && sink == nil && br.Buffered() == 0 {
			m, err := dropOnSocket(raw, n)
			n -= m
			if err != nil {
				return err
			}
			continue
		}
		m, err := br.Discard(int(min(n, int64(max(1, br.Buffered())))))
		n -= int64(m)
		if err != nil {
			return err
		}
	}
	return nil
}

// readLine reads a line without its CRLF; it is valid until the next read.
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r")), nil
}

// asciiEqual reports whether b equals s, ignoring ASCII case.
func asciiEqual(b []byte, s string) bool {
	return strings.EqualFold(string(b), s)
}
