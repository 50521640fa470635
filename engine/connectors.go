package engine

// outbound holds what the connectors that reach outside share: the HTTP
// client and the database pools.
type outbound struct {
	http   *httpConnector
	pools  *pgPools
	mysqls *mysqlPools
}

// connectors are the providers that reach outside partnerd; the ad-hoc
// HTTP action of every connector is set up with them.
func (e *Engine) connectors() map[string]Provider {
	e.outbound = &outbound{http: newHTTPConnector(e), pools: newPGPools(e), mysqls: newMySQLPools(e)}
	rest := restProvider{e.outbound.http}
	e.adhoc = adhocProvider{e: e, rest: rest}
	return map[string]Provider{
		"rest":       rest,
		"postgresql": postgresProvider{e.outbound.pools},
		"mysql":      mysqlProvider{e.outbound.mysqls},
	}
}

// Close closes the connections that connectors hold open: idle HTTP
// connections and database pools. Call it once the engine runs no job.
func (e *Engine) Close() {
	if e.outbound != nil {
		e.outbound.http.close()
		e.outbound.pools.close()
		e.outbound.mysqls.close()
	}
}
