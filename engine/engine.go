// Package engine is partnerd's recipe runtime: workers claim jobs from the
// job queue and walk each job's recipe steps, evaluating every step's input
// with package formula and calling the step's provider. It speaks the
// interfaces of package partnerd only.
package engine

import (
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"sync"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// Engine runs jobs. Its services are those of the jobs' workspaces; the
// zero values of the other fields are the defaults.
type Engine struct {
	Jobs         partnerd.JobQueue
	Recipes      partnerd.RecipeService
	LookupTables partnerd.LookupTableService
	// Connections gives connectors their connection's input.
	Connections partnerd.ConnectionService
	// Workspaces, when set, gives formulas each job's workspace time zone
	// (now, today, dates); without it they use the formula default.
	Workspaces partnerd.WorkspaceService
	// Stubs answer the steps of providers that are neither built in nor
	// real connectors; nil leaves such steps unable to run.
	Stubs partnerd.StubService
	// Calls records every connector call; nil records none.
	Calls  partnerd.ConnectorCallLog
	Logger *slog.Logger
	// Egress is the policy of recipes' outbound connections; nil is the
	// development policy.
	Egress *Egress
	// HTTPTimeout is the time of one attempt of a recipe's HTTP request;
	// DefaultHTTPTimeout when zero.
	HTTPTimeout time.Duration
	// OnPrem, when set, runs the steps of connections that name an on-prem
	// group through that group's agents.
	OnPrem partnerd.OnPremTunnel

	// Now is the clock of job lines and formulas; Sleep waits (retries,
	// wait_for_interval) and returns early with ctx's error.
	Now   partnerd.Clock
	Sleep func(ctx context.Context, d time.Duration) error
	// Lease is how long a claim holds without a heartbeat (30 s).
	Lease time.Duration
	// JobTime is a job's time budget; MaxJobTime when zero.
	JobTime time.Duration
	// LiveLines is how often a running job's ended steps are stored, for
	// its detail to show them while it runs; 250 ms when zero.
	LiveLines time.Duration
	// Worker names this process as the holder of the jobs it runs at
	// once (RunJob, synchronous calls); host and process when empty.
	Worker string

	workerOnce sync.Once
	runs       runCount // the jobs that RunJob runs

	providersOnce sync.Once
	providers     map[string]Provider
	adhoc         Provider
	outbound      *outbound
	programs      programCache
	zones         zoneCache
}

// Provider runs the actions of one provider, built in or a connector
// family. Its actions get their input evaluated and return their output.
type Provider interface {
	// Has reports whether the provider runs the action.
	Has(action string) bool
	// SideEffects reports whether the action changes anything outside its
	// job, so that a job interrupted after it began must not run again.
	SideEffects(action string) bool
	// Action runs an action.
	Action(ctx context.Context, c *Call) (formula.Value, error)
}

// Call is one action step as its provider sees it.
type Call struct {
	Action string
	Input  formula.Value // a hash
	run    *run
	step   *step
	input  json.RawMessage     // the input as JSON, once rendered (inputJSON)
	stubID int64               // the stub that answered the call
	agent  *partnerd.LineAgent // the on-prem agent that served the call
}

// WorkspaceID returns the workspace whose job runs the call.
func (c *Call) WorkspaceID() int64 { return c.run.job.WorkspaceID }

// Return records the job's result and ends the job after the step.
func (c *Call) Return(v formula.Value) error {
	c.run.result = toJSON(v)
	return errReturned
}

// builtins are the providers that need no connection (runtime contract §2).
func (e *Engine) builtins() map[string]Provider {
	return map[string]Provider{
		"logger":                  loggerProvider{e},
		"workato_variable":        variableProvider{},
		"workato_recipe_function": recipeFunctionProvider{e},
		"workato_webhooks":        actions{},
		"clock":                   clockProvider{e},
		"workato_api_platform":    apiPlatformProvider{},
		"lookup_table":            lookupTableProvider{e},
	}
}

// provider returns the provider of a step: a built-in one or a real
// connector, else the stubs when the engine has them, else nil.
func (e *Engine) provider(name string) Provider {
	e.providersOnce.Do(func() {
		e.providers = e.builtins()
		maps.Copy(e.providers, e.connectors())
	})
	if p := e.providers[name]; p != nil {
		return p
	}
	if e.Stubs != nil {
		return stubProvider{e}
	}
	return nil
}

// actions is a provider with no actions, as one that only triggers.
type actions struct{}

func (actions) Has(string) bool         { return false }
func (actions) SideEffects(string) bool { return false }
func (actions) Action(context.Context, *Call) (formula.Value, error) {
	return formula.Value{}, nil
}

func (e *Engine) now() time.Time { return e.Now.Now() }

func (e *Engine) lease() time.Duration {
	if e.Lease > 0 {
		return e.Lease
	}
	return 30 * time.Second
}

func (e *Engine) logger() *slog.Logger {
	if e.Logger != nil {
		return e.Logger
	}
	return slog.Default()
}

func (e *Engine) sleep(ctx context.Context, d time.Duration) error {
	if e.Sleep != nil {
		return e.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Run runs a claimed job to its end and finishes it in the queue,
// renewing its lease meanwhile. It returns the job's result, or nil when
// the job was left unfinished (ctx ended, or the lease was lost) for the
// rescuer.
func (e *Engine) Run(ctx context.Context, c *partnerd.ClaimedJob) *partnerd.JobResult {
	return e.runDepth(ctx, c, 0)
}

func (e *Engine) runDepth(ctx context.Context, c *partnerd.ClaimedJob, depth int) *partnerd.JobResult {
	budget := e.JobTime
	if budget <= 0 {
		budget = MaxJobTime
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	live := &liveLines{}
	stopBeat := e.heartbeat(ctx, c, cancel, live)
	res := e.walk(ctx, c, depth, live)
	stopBeat()
	calls := live.takeCalls()
	if res == nil {
		e.flushCalls(ctx, c, calls)
		return nil
	}
	res.Calls = calls
	res.LinesStored = live.storedCount()
	if res.CompletedAt.IsZero() {
		res.CompletedAt = e.now()
	}
	// The job's end is written even when ctx has ended with the job.
	fctx, fcancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer fcancel()
	if err := e.Jobs.FinishJob(fctx, c.Job.ID, c.Worker, res); err != nil {
		e.logger().Error("finish job", "job", partnerd.JobRef(c.Job.ID), "err", err)
		e.flushCalls(ctx, c, calls)
		return nil
	}
	return res
}

// walk runs the job's steps and returns its result, nil when the job was
// abandoned.
func (e *Engine) walk(ctx context.Context, c *partnerd.ClaimedJob, depth int, live *liveLines) *partnerd.JobResult {
	r := &run{e: e, ctx: ctx, job: c, outputs: map[string]formula.Value{}, vars: map[string]string{},
		lists: map[string][]formula.Value{}, depth: depth, lines: live, loc: e.location(ctx, c.WorkspaceID)}
	p, err := e.programs.get(c.Recipe.ID, c.Recipe.Code)
	if err != nil {
		msg := err.Error()
		return &partnerd.JobResult{Status: partnerd.JobFailed, Error: &msg}
	}
	return r.walk(p)
}

// heartbeat renews the job's lease every third of it until stopped, and
// stores the lines that ended every liveEvery, so that the job's detail
// shows them while it runs (a job shorter than that stores its lines at
// its end only); a lost lease cancels the job.
func (e *Engine) heartbeat(ctx context.Context, c *partnerd.ClaimedJob, lost context.CancelFunc, live *liveLines) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(e.lease() / 3)
		defer t.Stop()
		lines := time.NewTicker(e.liveEvery())
		defer lines.Stop()
		for {
			var err error
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				err = e.Jobs.HeartbeatJob(ctx, c.Job.ID, c.Worker, e.lease(), false)
			case <-lines.C:
				err = e.flushLines(ctx, c, live)
			}
			if partnerd.ErrorCode(err) == partnerd.ESTATE {
				lost()
				return
			}
		}
	}()
	return func() { close(done); <-finished }
}
