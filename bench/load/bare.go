package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The environment of the bare server.
const (
	capturesEnv = "BENCH_LOAD_CAPTURES" // the file of captured answers
	fsyncEnv    = "BENCH_LOAD_FSYNC"    // the file that bare+fsync appends to
)

// captured is an answer of partnerd, which the bare server sends again.
type captured struct {
	Method string
	Target string // the path and query it answered
	Status int
	Header nethttp.Header // without Date and the framing headers
	Length bool           // partnerd sent a Content-Length, rather than chunks
	Body   []byte
}

// bareHandler answers each request with the bytes partnerd answered to
// the same request, or to one of the same route, after reading its body.
// With a file, it first appends each write to it and fsyncs it.
type bareHandler struct {
	exact map[string]*captured // by method and target
	route map[string]*captured // by method and target with its ids blanked
	file  *os.File
	mu    sync.Mutex
}

// routeKey blanks the numeric segments of the path of a target, not its
// query.
func routeKey(method, target string) string {
	path, query, _ := strings.Cut(target, "?")
	segments := strings.Split(path, "/")
	for i, s := range segments {
		if s != "" && strings.Trim(s, "0123456789") == "" {
			segments[i] = "#"
		}
	}
	return method + " " + strings.Join(segments, "/") + "?" + query
}

func newBareHandler(captures []*captured, file *os.File) *bareHandler {
	h := &bareHandler{exact: map[string]*captured{}, route: map[string]*captured{}, file: file}
	for _, c := range captures {
		h.exact[c.Method+" "+c.Target] = c
		if key := routeKey(c.Method, c.Target); h.route[key] == nil {
			h.route[key] = c
		}
		if c.Length {
			c.Header.Set("Content-Length", strconv.Itoa(len(c.Body)))
		}
	}
	return h
}

func (h *bareHandler) ServeHTTP(w nethttp.ResponseWriter, r *nethttp.Request) {
	var body []byte
	var err error
	if h.file != nil {
		body, err = io.ReadAll(r.Body)
	} else {
		_, err = io.Copy(io.Discard, r.Body)
	}
	if err != nil {
		nethttp.Error(w, "bad body", nethttp.StatusBadRequest)
		return
	}
	c := h.exact[r.Method+" "+r.RequestURI]
	if c == nil {
		c = h.route[routeKey(r.Method, r.RequestURI)]
	}
	if c == nil {
		nethttp.Error(w, "no captured answer for "+r.Method+" "+r.RequestURI, nethttp.StatusNotFound)
		return
	}
	if h.file != nil && r.Method != nethttp.MethodGet {
		line := append([]byte(r.Method+" "+r.RequestURI+" "), body...)
		h.mu.Lock()
		_, err := h.file.Write(append(line, '\n'))
		if err == nil {
			err = h.file.Sync()
		}
		h.mu.Unlock()
		if err != nil {
			nethttp.Error(w, err.Error(), nethttp.StatusInternalServerError)
			return
		}
	}
	header := w.Header()
	for k, v := range c.Header {
		header[k] = v
	}
	w.WriteHeader(c.Status)
	w.Write(c.Body)
}

// runBare serves the captured answers on two loopback ports, the second
// fsyncing each write, and writes the two addresses on its first line.
func runBare(ctx context.Context) error {
	data, err := os.ReadFile(os.Getenv(capturesEnv))
	if err != nil {
		return err
	}
	var captures []*captured
	if err := json.Unmarshal(data, &captures); err != nil {
		return err
	}
	file, err := os.OpenFile(os.Getenv(fsyncEnv), os.O_CREATE|os.O_WRONLY|os.O_APPEND|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer file.Close()
	var servers []*nethttp.Server
	var addrs []any
	for _, f := range []*os.File{nil, file} {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		// The settings of partnerd's own server.
		srv := &nethttp.Server{Handler: newBareHandler(captures, f), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
		go srv.Serve(l)
		servers = append(servers, srv)
		addrs = append(addrs, l.Addr().String())
	}
	fmt.Println(addrs...)
	<-ctx.Done()
	var errs []error
	for _, srv := range servers {
		errs = append(errs, srv.Close())
	}
	return errors.Join(errs...)
}
