package main

import (
	"bytes"
	"net"
	nethttp "net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestHTTPConn checks that the load generator's connection reads every
// kind of answer net/http writes, keeps the start of error bodies, and
// stays open from one request to the next.
func TestHTTPConn(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789"), 50_000)
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		switch r.URL.Path {
		case "/big": // More than net/http buffers: sent in chunks.
			w.Write(big)
		case "/small":
			w.Write([]byte(`{"success":true}`))
		case "/missing":
			nethttp.Error(w, strings.Repeat("not found ", 100), nethttp.StatusNotFound)
		case "/empty":
			w.WriteHeader(nethttp.StatusNoContent)
		case "/echo":
			body := new(bytes.Buffer)
			body.ReadFrom(r.Body)
			if r.Header.Get("Authorization") != "Bearer token" || body.String() != `{"a":1}` {
				w.WriteHeader(nethttp.StatusBadRequest)
			}
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, state nethttp.ConnState) {
		if state == nethttp.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	h := newHTTPConn(srv.Listener.Addr().String(), "token")
	defer h.close()
	cases := []struct {
		req        request
		wantStatus int
		wantBody   string
	}{
		{request{method: "GET", target: "/big"}, 200, ""},
		{request{method: "GET", target: "/small"}, 200, ""},
		{request{method: "GET", target: "/missing"}, 404, strings.Repeat("not found ", 30)},
		{request{method: "GET", target: "/empty"}, 204, ""},
		{request{method: "POST", target: "/echo", body: []byte(`{"a":1}`)}, 200, ""},
		{request{method: "PUT", target: "/small"}, 200, ""},
		{request{method: "GET", target: "/big"}, 200, ""},
	}
	for _, c := range cases {
		status, body, err := h.do(c.req)
		if err != nil || status != c.wantStatus || string(body) != c.wantBody {
			t.Errorf("%s %s: %d %q %v, want %d %q", c.req.method, c.req.target, status, body, err, c.wantStatus, c.wantBody)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
}

// TestRouteKey checks that the bare server finds the answer of a route
// whatever its ids, and tells queries apart.
func TestRouteKey(t *testing.T) {
	same := [][2]string{
		{"/api/managed_users/5/lookup_tables/12/rows", "/api/managed_users/7/lookup_tables/130/rows"},
		{"/api/managed_users/5/recipes/9/start", "/api/managed_users/5/recipes/10/start"},
	}
	for _, p := range same {
		if routeKey("POST", p[0]) != routeKey("POST", p[1]) {
			t.Errorf("%s and %s differ", p[0], p[1])
		}
	}
	differ := [][2]string{
		{"/api/managed_users/5/recipes/9/start", "/api/managed_users/5/recipes/9/stop"},
		{"/lookup?by[code]=C1", "/lookup?by[code]=C2"},
		{"/api/managed_users/E5", "/api/managed_users/E6"},
	}
	for _, p := range differ {
		if routeKey("GET", p[0]) == routeKey("GET", p[1]) {
			t.Errorf("%s and %s are alike", p[0], p[1])
		}
	}
}
