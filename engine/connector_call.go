package engine

import (
	"context"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// builtinProviders are the providers of the runtime contract §2, whose
// steps reach no app; every other provider's calls are recorded.
var builtinProviders = map[string]bool{
	"workato_recipe_function": true, "clock": true, "workato_webhooks": true, "workato_api_platform": true,
	"workato_variable": true, "logger": true, "lookup_table": true,
}

// recordCall keeps a connector call of the run for the call log, its
// input and answer with secrets redacted.
func (r *run) recordCall(c *Call, started time.Time, took time.Duration, out formula.Value, err error) {
	if r.e.Calls == nil || builtinProviders[c.Provider()] {
		return
	}
	call := &partnerd.ConnectorCall{Provider: c.Provider(), Action: c.Action, ConnectionID: c.ConnectionID(),
		JobID: c.JobID(), RecipeID: c.RecipeID(), StepNumber: c.StepNumber(), StubID: c.stubID,
		Input: partnerd.CapLineData(partnerd.RedactSecrets(toJSON(c.Input))), StartedAt: started, Duration: took}
	if err != nil {
		msg := err.Error()
		call.Error = &msg
	} else {
		call.Output = partnerd.CapLineData(partnerd.RedactSecrets(toJSON(out)))
	}
	r.calls = append(r.calls, call)
}

// flushCalls stores the connector calls of a run whose end was not
// stored (the job abandoned, or its finish refused): the calls were made.
// A job that ends stores its calls with its end (JobResult.Calls).
func (e *Engine) flushCalls(ctx context.Context, c *partnerd.ClaimedJob, calls []*partnerd.ConnectorCall) {
	if len(calls) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := e.Calls.RecordConnectorCalls(ctx, c.WorkspaceID, calls); err != nil {
		e.logger().Error("record connector calls", "job", partnerd.JobRef(c.Job.ID), "err", err)
	}
}
