package main

import (
	"context"

	"github.com/partnerd/partnerd/engine"
	"github.com/partnerd/partnerd/http"
)

// runtimeWorkers are the recipe runtime's workers of a running server.
type runtimeWorkers struct {
	stop context.CancelFunc
	done chan struct{}
}

// startRuntime starts the workers that run recipe jobs, with the server,
// which runs the jobs it waits for on the same engine, and has recipes
// start only when their formulas and datapills can run.
func (m *Main) startRuntime(srv *http.Server) {
	m.DB.CheckCode = engine.CheckCode
	ctx, cancel := context.WithCancel(context.Background())
	eng := &engine.Engine{Jobs: m.DB, Recipes: m.DB, LookupTables: m.DB, Logger: m.Logger, Now: m.DB.Now,
		Lease: m.Config.JobLease}
	srv.Runner = eng
	done := make(chan struct{})
	go func() {
		defer close(done)
		(&engine.Pool{Engine: eng, Workers: m.Config.JobWorkers, Retention: m.Config.JobRetention}).Run(ctx, m.Config.ShutdownTimeout)
	}()
	m.runtime = &runtimeWorkers{stop: cancel, done: done}
}

// stopRuntime drains the workers: they claim no more jobs, and the jobs in
// flight have the shutdown timeout to end; those that outlast it are left
// to the interruption rule when a server next runs.
func (m *Main) stopRuntime() {
	if m.runtime != nil {
		m.runtime.stop()
		<-m.runtime.done
		m.runtime = nil
	}
}

// publicURL returns the base of recipes' webhook URLs: --public-url, or
// the address the API listens on.
func (m *Main) publicURL() string {
	if m.Config.PublicURL != "" || m.listener == nil {
		return m.Config.PublicURL
	}
	return m.URL()
}
