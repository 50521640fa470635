package engine

import (
	"context"

	"strconv"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// recipeFunctionProvider is Workato's Recipe functions: its trigger,
// execute, is a call from another recipe, whose parameters are the
// trigger output's "parameters"; return_result ends the job with its
// "result" as what the caller gets. call (or call_recipe) calls a running
// recipe of the workspace: synchronously, by running the callee's job at
// once on the same worker and answering its result, or with "async" by
// queueing the callee's job and answering its id.
type recipeFunctionProvider struct{ e *Engine }

// MaxCallDepth bounds synchronous recipe calls within calls.
const MaxCallDepth = 10

func (recipeFunctionProvider) Has(action string) bool {
	return action == "call" || action == "call_recipe" || action == "return_result"
}

// SideEffects: a call queues or runs another job, which must not happen twice.
func (recipeFunctionProvider) SideEffects(action string) bool { return action != "return_result" }

func (p recipeFunctionProvider) Action(ctx context.Context, c *Call) (formula.Value, error) {
	if c.Action == "return_result" {
		result := hashField(c.Input, "result")
		if result.IsNil() {
			result = formula.HashValue(formula.NewHash(0))
		}
		return result, c.Return(result)
	}
	return p.call(ctx, c)
}

// call runs a recipe call.
func (p recipeFunctionProvider) call(ctx context.Context, c *Call) (formula.Value, error) {
	id := recipeID(hashField(c.Input, "flow_id"))
	if id <= 0 {
		return formula.Value{}, stepFailed("flow_id must name a recipe")
	}
	callee, err := p.e.Recipes.FindRecipeByID(ctx, c.WorkspaceID(), id)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return formula.Value{}, stepFailed("Recipe %d does not exist", id)
	} else if err != nil {
		return formula.Value{}, err
	}
	if callee.TriggerApplication == nil || *callee.TriggerApplication != "workato_recipe_function" {
		return formula.Value{}, stepFailed("Recipe %d is not a recipe function", id)
	}
	params := hashField(c.Input, "parameters")
	if params.Kind() != formula.KindHash {
		params = formula.HashValue(formula.NewHash(0))
	}
	trigger := formula.NewHash(1)
	trigger.Set("parameters", params)
	ev := &partnerd.TriggerEvent{Output: toJSON(formula.HashValue(trigger))}
	async := truthy(hashField(c.Input, "async"))
	if async {
		job, err := p.e.Jobs.EnqueueJob(ctx, c.WorkspaceID(), id, ev)
		if err != nil {
			return formula.Value{}, callError(id, err)
		}
		out := formula.NewHash(1)
		out.Set("job_id", formula.String(partnerd.JobRef(job.ID)))
		return formula.HashValue(out), nil
	}
	if c.run.depth >= MaxCallDepth {
		return formula.Value{}, stepFailed("Recipe calls are nested deeper than %d", MaxCallDepth)
	}
	// A synchronous call runs its callee at once on the caller's worker.
	claimed, err := p.e.claimEvent(ctx, c.WorkspaceID(), id, ev, c.run.job.Worker)
	if err != nil {
		return formula.Value{}, callError(id, err)
	}
	job := claimed.Job
	res := p.e.runDepth(ctx, claimed, c.run.depth+1)
	switch {
	case res == nil:
		return formula.Value{}, errAbandonedOr(ctx)
	case res.Status == partnerd.JobFailed:
		msg := "Job failed"
		if res.Error != nil {
			msg = *res.Error
		}
		return formula.Value{}, stepFailed("Called recipe %d failed in job %s: %s", id, partnerd.JobRef(job.ID), msg)
	case res.Result == nil:
		return formula.HashValue(formula.NewHash(0)), nil
	}
	return formula.ParseJSON(res.Result)
}

// callError is the error of a call whose callee's job was not stored.
func callError(id int64, err error) error {
	if partnerd.ErrorCode(err) == partnerd.ESTATE {
		return stepFailed("Recipe %d is not running", id)
	}
	return err
}

// recipeID reads a recipe id written as a number, as text, or as a hash
// with an "id".
func recipeID(v formula.Value) int64 {
	switch v.Kind() {
	case formula.KindInt, formula.KindFloat:
		return v.AsInt()
	case formula.KindString:
		n, _ := strconv.ParseInt(v.AsString(), 10, 64)
		return n
	case formula.KindHash:
		return recipeID(hashField(v, "id"))
	}
	return 0
}
