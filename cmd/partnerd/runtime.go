package main

import (
	"context"
	"net"
	"net/netip"

	"github.com/partnerd/partnerd/agent"
	"github.com/partnerd/partnerd/engine"
)

// runtimeWorkers are the recipe runtime's workers of a running server.
type runtimeWorkers struct {
	stop context.CancelFunc
	done chan struct{}
}

// startRuntime starts the workers that run recipe jobs, with the server,
// which runs the jobs it waits for on the same engine, and has recipes
// start only when their formulas and datapills can run.
func (m *Main) startRuntime() {
	m.DB.CheckCode = engine.CheckCode
	ctx, cancel := context.WithCancel(context.Background())
	eng := m.engine()
	if m.agents != nil {
		eng.OnPrem = m.agents // Set before the server serves: the agent listener starts after the engine.
	} else if m.DB.IsPostgres() {
		// Without a listener of its own, a replica relays its on-prem steps to those with agents.
		eng.OnPrem = &agent.Server{Store: m.DB, Relay: m.DB, AgentWait: m.Config.AgentWait}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer eng.Close()
		(&engine.Pool{Engine: eng, Workers: m.Config.JobWorkers, Retention: m.Config.JobRetention}).Run(ctx, m.Config.ShutdownTimeout)
	}()
	m.runtime = &runtimeWorkers{stop: cancel, done: done}
}

// engine returns the recipe runtime's engine, which the workers and the
// API gateway's calls share.
func (m *Main) engine() *engine.Engine {
	if m.eng == nil {
		m.eng = &engine.Engine{Jobs: m.DB, Recipes: m.DB, LookupTables: m.DB, Connections: m.DB, Workspaces: m.DB, Logger: m.Logger, Now: m.DB.Now, Lease: m.Config.JobLease,
			Egress: &engine.Egress{Mode: m.Config.Egress, Listeners: m.listenerAddrs()}, Stubs: m.DB, Calls: m.DB}
	}
	return m.eng
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

// listenerAddrs returns the addresses the server listens on, which the
// production egress policy keeps recipes from reaching.
func (m *Main) listenerAddrs() []netip.AddrPort {
	var out []netip.AddrPort
	for _, l := range []net.Listener{m.listener, m.agentListener, m.debugListener} {
		if l == nil {
			continue
		}
		if a, err := netip.ParseAddrPort(l.Addr().String()); err == nil {
			out = append(out, a)
		}
	}
	return out
}
