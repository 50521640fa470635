package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// Budgets of a job (runtime contract §4).
const (
	MaxSteps   = 100_000
	MaxJobTime = 90 * time.Minute
)

// jobTimeText names the time budget in errors, as the contract does.
const jobTimeText = "90 minutes"

// run is the state of one job while the engine walks its steps.
type run struct {
	e       *Engine
	ctx     context.Context
	job     *partnerd.ClaimedJob
	outputs map[string]formula.Value // step outputs by line
	scopes  []scope
	items   []int                      // current_item indexes, innermost last
	vars    map[string]string          // variable and list names → their declaring line
	lists   map[string][]formula.Value // the items of each list that has grown
	lines   *liveLines
	steps   int
	tasks   int
	result  json.RawMessage
	depth   int                         // the depth of synchronous recipe calls
	loc     *time.Location              // the workspace's time zone; nil for the formula default
	stubs   map[string][]*partnerd.Stub // the stubs read, by provider.action
	opts    *formula.Options            // the options of its formulas (formulaOptions)
}

// stepError is the failure of a step, which an enclosing try catches;
// cause, when set, is the provider's error that the catch reads for its
// status, headers and body.
type stepError struct {
	msg   string
	cause error
}

func (e *stepError) Error() string { return e.msg }
func (e *stepError) Unwrap() error { return e.cause }

// fatalError fails the job whatever try encloses it: a budget passed, or
// a step that partnerd cannot run.
type fatalError struct{ msg string }

func (e *fatalError) Error() string { return e.msg }

// stopJob ends the job at a stop step, failed or not.
type stopJob struct {
	failed bool
	reason string
}

func (e *stopJob) Error() string { return e.reason }

// errReturned ends the job after a step returned its result.
var errReturned = errors.New("returned")

// errAbandoned leaves the job unfinished: the engine is shutting down or
// lost the job, and the rescuer applies the interruption rule.
var errAbandoned = errors.New("abandoned")

// walk runs the job's steps and returns how the job ended.
func (r *run) walk(p *program) *partnerd.JobResult {
	var trigger formula.Value
	if v, err := formula.ParseJSON(r.job.TriggerOutput); err == nil {
		trigger = v
	}
	r.outputs[p.root.As] = trigger
	err := r.block(p.root.Block)
	res := &partnerd.JobResult{Status: partnerd.JobSucceeded, TaskCount: r.tasks, Lines: r.lines.all(), Result: r.result}
	var stop *stopJob
	switch {
	case err == nil, errors.Is(err, errReturned):
	case errors.As(err, &stop):
		if stop.failed {
			res.Status, res.Error = partnerd.JobFailed, &stop.reason
		}
	case errors.Is(err, errAbandoned):
		return nil
	default:
		msg := err.Error()
		res.Status, res.Error = partnerd.JobFailed, &msg
	}
	return res
}

// block runs the steps of a block in order.
func (r *run) block(steps []*step) error {
	for _, s := range steps {
		if err := r.step(s); err != nil {
			return err
		}
	}
	return nil
}

// step runs one step after checking the job's budgets.
func (r *run) step(s *step) error {
	if err := r.ctx.Err(); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return &fatalError{"Job ran longer than " + jobTimeText + " and was stopped"}
		}
		return errAbandoned
	}
	if s == nil {
		return nil
	}
	switch s.Keyword {
	case "else", "elsif", "catch", "while_condition":
		return nil // run by their if, try or repeat
	}
	if r.steps++; r.steps > MaxSteps {
		return &fatalError{"Job executed more than " + strconv.Itoa(MaxSteps) + " steps and was stopped"}
	}
	switch s.Keyword {
	case "action":
		return r.action(s)
	case "if":
		return r.runIf(s)
	case "foreach":
		return r.foreach(s)
	case "repeat":
		return r.repeat(s)
	case "try":
		return r.try(s)
	case "stop":
		return r.stop(s)
	}
	return &fatalError{"Step " + strconv.Itoa(s.Number) + ": " + s.Keyword + " steps cannot run in partnerd"}
}

// line records a step's line; err, when set, fails it.
func (r *run) line(s *step, started time.Time, input, output json.RawMessage, err error) *partnerd.JobLine {
	return r.lineBy(s, started, input, output, err, nil)
}

// lineBy records a step's line that agent, when set, served.
func (r *run) lineBy(s *step, started time.Time, input, output json.RawMessage, err error, agent *partnerd.LineAgent) *partnerd.JobLine {
	l := &partnerd.JobLine{Number: s.Number, Keyword: s.Keyword, Provider: s.provider(), Name: s.Name, As: s.As,
		Status: partnerd.LineSucceeded, Input: partnerd.CapLineData(input), Output: partnerd.CapLineData(output),
		StartedAt: started, CompletedAt: r.e.now(), Agent: agent}
	if err != nil && !errors.Is(err, errReturned) {
		msg := err.Error()
		l.Status, l.Error = partnerd.LineFailed, &msg
	}
	r.lines.add(l)
	return l
}

// evalInput evaluates a step's input; a formula that did not parse or
// fails fails the step.
func (r *run) evalInput(s *step) (formula.Value, error) {
	if s.err != nil {
		return formula.Value{}, &stepError{msg: "Step " + strconv.Itoa(s.Number) + " input: " + s.err.Error()}
	}
	v, err := s.input.eval(r)
	if err != nil {
		return formula.Value{}, &stepError{msg: "Step " + strconv.Itoa(s.Number) + " input: " + err.Error()}
	}
	if v.Kind() != formula.KindHash {
		v = formula.HashValue(formula.NewHash(0))
	}
	return v, nil
}

// action runs an action step through its provider.
func (r *run) action(s *step) error {
	started := r.e.now()
	in, err := r.evalInput(s)
	if err != nil {
		r.line(s, started, nil, nil, err)
		return err
	}
	in = s.conv.apply(in)
	p := r.e.actionProvider(s.provider(), s.Name)
	if p == nil || !p.Has(s.Name) {
		err := &fatalError{s.provider() + "." + s.Name + " cannot run in partnerd"}
		r.line(s, started, toJSON(in), nil, err)
		return err
	}
	if sideEffects(p, s.Name, in) {
		if err := r.e.Jobs.HeartbeatJob(r.ctx, r.job.Job.ID, r.job.Worker, r.e.lease(), true); err != nil {
			return errAbandoned // the job is no longer ours, or the store is gone: leave it to the rescuer
		}
	}
	c := &Call{Action: s.Name, Input: in, run: r, step: s}
	t := time.Now()
	out, err := p.Action(r.ctx, c)
	took := time.Since(t)
	var outJSON json.RawMessage
	if err == nil {
		outJSON = toJSON(out)
	}
	r.recordCall(c, started, took, outJSON, err)
	if errors.Is(err, errAbandoned) {
		return err
	}
	if err != nil && !errors.Is(err, errReturned) {
		var fatal *fatalError
		if !errors.As(err, &fatal) {
			err = &stepError{err.Error(), err}
		}
		r.lineBy(s, started, c.inputJSON(), nil, err, c.agent)
		return err
	}
	if s.As != "" {
		r.outputs[s.As] = out
	}
	if outJSON == nil {
		outJSON = toJSON(out)
	}
	r.tasks++ // a task is an action that succeeded
	r.lineBy(s, started, c.inputJSON(), outJSON, nil, c.agent)
	return err
}

// runIf runs an if step: its block but the trailing else when the
// condition holds; else the block of its first elsif whose condition
// holds, each elsif's line showing how its condition evaluated; else the
// else's block.
func (r *run) runIf(s *step) error {
	started := r.e.now()
	ok, shown, err := r.condition(s)
	if err != nil {
		r.line(s, started, shown, nil, err)
		return err
	}
	r.line(s, started, shown, json.RawMessage(`{"condition":`+strconv.FormatBool(ok)+`}`), nil)
	body, elseStep := splitLast(s.Block, "else")
	body, elsifs := splitBranches(body)
	if ok {
		return r.block(body)
	}
	for _, b := range elsifs {
		if r.steps++; r.steps > MaxSteps {
			return &fatalError{"Job executed more than " + strconv.Itoa(MaxSteps) + " steps and was stopped"}
		}
		started := r.e.now()
		ok, shown, err := r.condition(b)
		if err != nil {
			r.line(b, started, shown, nil, err)
			return err
		}
		r.line(b, started, shown, json.RawMessage(`{"condition":`+strconv.FormatBool(ok)+`}`), nil)
		if ok {
			return r.block(b.Block)
		}
	}
	if elseStep == nil {
		return nil
	}
	if r.steps++; r.steps > MaxSteps {
		return &fatalError{"Job executed more than " + strconv.Itoa(MaxSteps) + " steps and was stopped"}
	}
	r.line(elseStep, r.e.now(), nil, nil, nil)
	return r.block(elseStep.Block)
}

// splitBranches splits an if's block, its else set aside, into the steps
// its condition runs and the elsif steps that trail them.
func splitBranches(block []*step) ([]*step, []*step) {
	i := len(block)
	for i > 0 && block[i-1] != nil && block[i-1].Keyword == "elsif" {
		i--
	}
	return block[:i], block[i:]
}

// splitLast splits a block into its steps and a last step of keyword,
// which is nil when the block does not end with one.
func splitLast(block []*step, keyword string) ([]*step, *step) {
	if n := len(block); n > 0 && block[n-1] != nil && block[n-1].Keyword == keyword {
		return block[:n-1], block[n-1]
	}
	return block, nil
}

// foreach runs its block once per item of its source list, the item in
// scope as the foreach's pill; in batch mode, once per batch_size items,
// the pill being {"batch": [items]}.
func (r *run) foreach(s *step) error {
	started := r.e.now()
	var list formula.Value
	var err error
	switch {
	case s.err != nil:
		err = &stepError{msg: "Step " + strconv.Itoa(s.Number) + " source: " + s.err.Error()}
	case s.source != nil:
		if list, err = s.source.Eval(r, r.formulaOptions()); err != nil {
			err = &stepError{msg: "Step " + strconv.Itoa(s.Number) + " source: " + err.Error()}
		}
	}
	if err == nil && !list.IsNil() && list.Kind() != formula.KindList {
		err = &stepError{msg: "Step " + strconv.Itoa(s.Number) + " source is a " + list.Kind().String() + ", not a list"}
	}
	items := list.Items()
	shown := `{"count":` + strconv.Itoa(len(items)) + `}`
	if size, batch, berr := s.batchSize(); berr != nil && err == nil {
		err = &stepError{msg: "Step " + strconv.Itoa(s.Number) + " " + berr.Error()}
	} else if batch && err == nil {
		items = batches(items, size)
		shown = shown[:len(shown)-1] + `,"batches":` + strconv.Itoa(len(items)) + `}`
	}
	r.line(s, started, nil, json.RawMessage(shown), err)
	if err != nil {
		return err
	}
	for i, item := range items {
		r.scopes = append(r.scopes, scope{provider: "foreach", line: s.As, value: item, index: i})
		r.items = append(r.items, i)
		err := r.block(s.Block)
		r.scopes, r.items = r.scopes[:len(r.scopes)-1], r.items[:len(r.items)-1]
		if err != nil {
			return err
		}
	}
	return nil
}

// repeat runs its block, then its while_condition, again while the
// condition holds.
func (r *run) repeat(s *step) error {
	r.line(s, r.e.now(), nil, nil, nil)
	body, cond := splitLast(s.Block, "while_condition")
	for {
		if err := r.block(body); err != nil {
			return err
		}
		if cond == nil {
			return nil
		}
		if r.steps++; r.steps > MaxSteps {
			return &fatalError{"Job executed more than " + strconv.Itoa(MaxSteps) + " steps and was stopped"}
		}
		started := r.e.now()
		ok, shown, err := r.condition(cond)
		r.line(cond, started, shown, json.RawMessage(`{"condition":`+strconv.FormatBool(ok)+`}`), err)
		if err != nil || !ok {
			return err
		}
		if err := r.ctx.Err(); err != nil {
			return r.step(nil) // reports the deadline or the shutdown
		}
	}
}

// try runs its block; when a step fails, it runs the block again up to
// the catch's max_retry_count times, retry_interval seconds apart, and
// then the catch's block with the error in scope.
func (r *run) try(s *step) error {
	r.line(s, r.e.now(), nil, nil, nil)
	body, catch := splitLast(s.Block, "catch")
	retries, interval := 0, time.Duration(0)
	if catch != nil {
		if in, err := r.evalInput(catch); err == nil {
			retries = int(min(max(numberField(in, "max_retry_count"), 0), 9))
			interval = time.Duration(min(max(numberField(in, "retry_interval"), 0), 3600)) * time.Second
		}
	}
	var err error
	for attempt := 0; ; attempt++ {
		err = r.block(body)
		var se *stepError
		if err == nil || !errors.As(err, &se) || catch == nil {
			return err
		}
		if attempt >= retries {
			break
		}
		if r.e.sleep(r.ctx, interval) != nil {
			return r.step(nil)
		}
	}
	if r.steps++; r.steps > MaxSteps {
		return &fatalError{"Job executed more than " + strconv.Itoa(MaxSteps) + " steps and was stopped"}
	}
	caught := caughtError(err)
	r.line(catch, r.e.now(), nil, toJSON(formula.HashValue(caught)), nil)
	r.scopes = append(r.scopes, scope{provider: "catch", line: catch.As, value: formula.HashValue(caught)})
	defer func() { r.scopes = r.scopes[:len(r.scopes)-1] }()
	return r.block(catch.Block)
}

// stop ends the job: failed with stop_reason when stop_with_error is true.
func (r *run) stop(s *step) error {
	started := r.e.now()
	in, err := r.evalInput(s)
	if err != nil {
		r.line(s, started, nil, nil, err)
		return err
	}
	failed := truthy(hashField(in, "stop_with_error"))
	reason := hashField(in, "stop_reason").String()
	if failed && reason == "" {
		reason = "Job stopped with an error"
	}
	r.line(s, started, toJSON(in), nil, nil)
	return &stopJob{failed: failed, reason: reason}
}

// truthy reads a flag as Workato's inputs give it: true, or the text "true".
func truthy(v formula.Value) bool {
	if v.Kind() == formula.KindString {
		return v.AsString() == "true"
	}
	return v.AsBool()
}

// numberField reads a number of a hash, written as a number or as text.
func numberField(v formula.Value, key string) int64 {
	f := hashField(v, key)
	switch f.Kind() {
	case formula.KindInt, formula.KindFloat:
		return f.AsInt()
	case formula.KindString:
		n, _ := strconv.ParseFloat(f.AsString(), 64)
		return int64(n)
	}
	return 0
}

// stepFailed formats a step's failure.
func stepFailed(format string, args ...any) error {
	return &stepError{msg: fmt.Sprintf(format, args...)}
}
