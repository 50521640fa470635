package main

import (
	"fmt"
	"net"
	nethttp "net/http"
	"net/http/pprof"
	"time"
)

// startDebugListener serves Go's pprof profiles on --debug-addr, apart
// from the API so that they are never reachable with an API token.
func (m *Main) startDebugListener() error {
	if m.Config.DebugAddr == "" {
		return nil
	}
	l, err := net.Listen("tcp", m.Config.DebugAddr)
	if err != nil {
		return fmt.Errorf("--debug-addr: %w", err)
	}
	mux := nethttp.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	m.debug = &nethttp.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go m.debug.Serve(l)
	m.Logger.Info("serving profiles", "addr", "http://"+l.Addr().String()+"/debug/pprof/")
	return nil
}
