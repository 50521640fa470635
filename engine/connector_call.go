package engine

import (
	"context"
	"encoding/json"
	"time"

	"github.com/partnerd/partnerd"
)

// builtinProviders are the providers of the runtime contract §2, whose
// steps reach no app; every other provider's calls are recorded.
var builtinProviders = map[string]bool{
	"workato_recipe_function": true, "clock": true, "workato_webhooks": true, "workato_api_platform": true,
	"workato_variable": true, "logger": true, "lookup_table": true,
}

// recordCall keeps a connector call of the run for the call log, its
// input and answer with secrets redacted.
// Its output is out, the JSON of the call's answer, when err is nil.
func (r *run) recordCall(c *Call, started time.Time, took time.Duration, out json.RawMessage, err error) {
	if r.e.Calls == nil || builtinProviders[c.Provider()] {
		return
	}
	call := &partnerd.ConnectorCall{Provider: c.Provider(), Action: c.Action, ConnectionID: c.ConnectionID(),
		JobID: c.JobID(), RecipeID: c.RecipeID(), StepNumber: c.StepNumber(), StubID: c.stubID,
		Input: partnerd.CapLineData(partnerd.RedactSecrets(c.inputJSON())), StartedAt: started, Duration: took}
	if err != nil {
		msg := err.Error()
		call.Error = &msg
	} else {
		call.Output = partnerd.CapLineData(partnerd.RedactSecrets(out))
	}
	r.lines.addCall(call)
}

// inputJSON returns the call's input as JSON, rendered once for the
// provider, the job's line and the call log.
func (c *Call) inputJSON() json.RawMessage {
	if c.input == nil {
		c.input = toJSON(c.Input)
	}
	return c.input
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
