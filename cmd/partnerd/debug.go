package main

import (
	nethttp "net/http"
	"net/http/pprof"
	"runtime"
	"strconv"
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
	mux.HandleFunc("POST /debug/rates", handleProfileRates)
	// A CPU profile or trace writes for as long as it was asked to run:
	// up to a little under the write timeout.
	m.debug = &nethttp.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 120 * time.Second}
	go m.debug.Serve(l)
	m.Logger.Info("serving profiles", "addr", "http://"+l.Addr().String()+"/debug/pprof/")
}

// handleProfileRates handles POST /debug/rates?block=N&mutex=N: it sets
// the block profile's rate (a sample per N ns blocked) and the mutex
// profile's fraction (a sample per N contentions), both off (0) until
// asked, so that /debug/pprof/block and /debug/pprof/mutex hold samples.
func handleProfileRates(w nethttp.ResponseWriter, r *nethttp.Request) {
	q := r.URL.Query()
	rates := map[string]int{}
	for _, name := range []string{"block", "mutex"} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				nethttp.Error(w, name+" must be a number of at least 0", nethttp.StatusBadRequest)
				return
			}
			rates[name] = n
		}
	}
	if n, ok := rates["block"]; ok {
		runtime.SetBlockProfileRate(n)
	}
	if n, ok := rates["mutex"]; ok {
		runtime.SetMutexProfileFraction(n)
	}
	w.WriteHeader(nethttp.StatusNoContent)
}
