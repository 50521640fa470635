package main

import (
	nethttp "net/http"
	"net/http/pprof"
	"time"
)

// startDebugListener serves Go's pprof profiles on --debug-addr, bound
// by Run, apart from the API so that they are never reachable with an API
// token.
func (m *Main) startDebugListener() {
	l := m.debugListener
	if l == nil {
		return
	}
	mux := nethttp.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	// A CPU profile or trace writes for as long as it was asked to run:
	// up to a little under the write timeout.
	m.debug = &nethttp.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 120 * time.Second}
	go m.debug.Serve(l)
	m.Logger.Info("serving profiles", "addr", "http://"+l.Addr().String()+"/debug/pprof/")
}
