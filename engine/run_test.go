package engine

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// TestRunIfElse checks an if with its else, and an else-if nested in the
// else: the branch taken, the lines in execution order, an if's line
// showing its condition, and the evaluated input of an action.
func TestRunIfElse(t *testing.T) {
	h := newHarness(t)
	status := pill("workato_webhooks", "trigger", "status")
	r := h.addRecipe(1, webhookTrigger(
		map[string]any{"number": 1, "keyword": "if", "as": "is_active", "input": cond("equals_to", status, "active"),
			"block": []any{
				log(2, "log_active", "Active "+pill("workato_webhooks", "trigger", "name")),
				map[string]any{"number": 3, "keyword": "else", "as": "else1", "input": map[string]any{}, "block": []any{
					map[string]any{"number": 4, "keyword": "if", "as": "is_pending", "input": cond("equals_to", status, "pending"),
						"block": []any{
							log(5, "log_pending", "Pending"),
							map[string]any{"number": 6, "keyword": "else", "as": "else2", "input": map[string]any{},
								"block": []any{log(7, "log_other", "Other")}},
						}},
				}},
			}},
		log(8, "log_end", "=\"End: \" + "+formulaPill("logger", "log_active", "message")+".to_s"),
	))
	cases := []struct{ status, lines, end string }{
		{"active", "if:1 action:2 action:8", "End: Active Ada"},
		{"pending", "if:1 else:3 if:4 action:5 action:8", "End: "},
		{"gone", "if:1 else:3 if:4 else:6 action:7 action:8", "End: "},
	}
	for _, c := range cases {
		res := h.run(t, r, `{"status":"`+c.status+`","name":"Ada"}`)
		wantStatus(t, res, partnerd.JobSucceeded, "")
		if got := lineSummary(res); got != c.lines {
			t.Errorf("%s: lines %s, want %s", c.status, got, c.lines)
		}
		if got := string(res.Lines[len(res.Lines)-1].Output); got != `{"message":"`+c.end+`"}` {
			t.Errorf("%s: last output %s", c.status, got)
		}
		if !strings.Contains(string(res.Lines[0].Output), `"condition":`+boolText(c.status == "active")) ||
			!strings.Contains(string(res.Lines[0].Input), `"lhs":"`+c.status+`"`) {
			t.Errorf("%s: if line %s → %s", c.status, res.Lines[0].Input, res.Lines[0].Output)
		}
		if res.TaskCount != strings.Count(c.lines, "action") {
			t.Errorf("%s: %d tasks", c.status, res.TaskCount)
		}
	}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// TestRunOperands checks the operands of conditions.
func TestRunOperands(t *testing.T) {
	cases := []struct {
		op, lhs, rhs string
		want         bool
	}{
		{"present", "x", "", true}, {"present", " ", "", false}, {"blank", "", "", true},
		{"equals_to", "5", "5", true}, {"not_equals_to", "5", "6", true},
		{"contains", "hello", "ell", true}, {"not_contains", "hello", "z", true},
		{"starts_with", "hello", "he", true}, {"ends_with", "hello", "lo", true},
		{"greater_than", "10", "9", true}, {"less_than", "10", "9", false},
		{"greater_than", "b", "a", true}, {"is_true", "true", "", true}, {"is_not_true", "false", "", true},
	}
	h := newHarness(t)
	for i, c := range cases {
		r := h.addRecipe(int64(10+i), webhookTrigger(
			map[string]any{"number": 1, "keyword": "if", "as": "c", "input": cond(c.op, pill("workato_webhooks", "trigger", "v"), c.rhs),
				"block": []any{log(2, "yes", "yes")}}))
		out, _ := json.Marshal(map[string]string{"v": c.lhs})
		res := h.run(t, r, string(out))
		if got := len(res.Lines) == 2; got != c.want {
			t.Errorf("%s %q %q = %v, want %v", c.op, c.lhs, c.rhs, got, c.want)
		}
	}
	r := h.addRecipe(99, webhookTrigger(map[string]any{"number": 1, "keyword": "if", "input": cond("resembles", "a", "b")}))
	wantStatus(t, h.run(t, r, `{}`), partnerd.JobFailed, `unknown condition operand "resembles"`)
}

// TestRunForeachVariables checks a foreach over a trigger list with its
// item pill, variables and lists, and list mapping with ____source.
func TestRunForeachVariables(t *testing.T) {
	h := newHarness(t)
	r := h.addRecipe(1, webhookTrigger(
		action(1, "workato_variable", "declare_list", "names", map[string]any{"list_name": "names"}),
		action(2, "workato_variable", "declare_variable", "total", map[string]any{
			"variable_name": "total", "variable_type": "integer", "variable_value": "0"}),
		map[string]any{"number": 3, "keyword": "foreach", "as": "person", "repeat_mode": "simple", "input": map[string]any{},
			"source": pill("workato_webhooks", "trigger", "people"),
			"block": []any{
				action(4, "workato_variable", "insert_to_list", "add", map[string]any{"list_name": "names",
					"list_item": map[string]any{"name": "=" + formulaPill("foreach", "person", "name") + ".upcase"}}),
				action(5, "workato_variable", "update_variables", "sum", map[string]any{"variables": []any{
					map[string]any{"variable": "total", "value": "=" + formulaPill("workato_variable", "total", "value") +
						" + " + formulaPill("foreach", "person", "age")}}}),
			}},
		action(6, "workato_recipe_function", "return_result", "done", map[string]any{"result": map[string]any{
			"names": pill("workato_variable", "names", "list"),
			"total": pill("workato_variable", "total", "value"),
			"ages": map[string]any{"____source": pill("workato_webhooks", "trigger", "people"),
				"age": pill("workato_webhooks", "trigger", "people", map[string]any{"path_element_type": "current_item"}, "age")},
		}}),
		log(7, "never", "not reached"),
	))
	res := h.run(t, r, `{"people":[{"name":"ada","age":36},{"name":"alan","age":41}]}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	want := `{"ages":[{"age":36},{"age":41}],"names":[{"name":"ADA"},{"name":"ALAN"}],"total":77}`
	if string(res.Result) != want {
		t.Errorf("result = %s\nwant     %s", res.Result, want)
	}
	if got := lineSummary(res); got != "action:1 action:2 foreach:3 action:4 action:5 action:4 action:5 action:6" {
		t.Errorf("lines = %s", got)
	}
}

// TestRunRepeatWhile checks a repeat loop that runs its block until its
// while_condition stops holding.
func TestRunRepeatWhile(t *testing.T) {
	h := newHarness(t)
	n := formulaPill("workato_variable", "n", "value")
	r := h.addRecipe(1, webhookTrigger(
		action(1, "workato_variable", "declare_variable", "n", map[string]any{"variable_name": "n", "variable_type": "integer", "variable_value": "0"}),
		map[string]any{"number": 2, "keyword": "repeat", "as": "loop", "block": []any{
			action(3, "workato_variable", "update_variables", "inc", map[string]any{"variables": []any{
				map[string]any{"variable": "n", "value": "=" + n + " + 1"}}}),
			map[string]any{"number": 4, "keyword": "while_condition", "input": cond("less_than", pill("workato_variable", "n", "value"), "3")},
		}},
		action(5, "workato_api_platform", "return_response", "reply", map[string]any{"http_status_code": "201",
			"response": map[string]any{"n": pill("workato_variable", "n", "value")}}),
	))
	res := h.run(t, r, `{}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if string(res.Result) != `{"http_status_code":201,"response":{"n":3}}` {
		t.Errorf("result = %s", res.Result)
	}
	if got := lineSummary(res); got != "action:1 repeat:2 action:3 while_condition:4 action:3 while_condition:4 action:3 while_condition:4 action:5" {
		t.Errorf("lines = %s", got)
	}
}

// TestRunTryCatch checks that a failing step is retried max_retry_count
// times, retry_interval apart, before the catch runs with the error.
func TestRunTryCatch(t *testing.T) {
	h := newHarness(t)
	r := h.addRecipe(1, webhookTrigger(
		map[string]any{"number": 1, "keyword": "try", "input": map[string]any{}, "block": []any{
			log(2, "before", "trying"),
			action(3, "workato_variable", "update_variables", "bad", map[string]any{"variables": []any{
				map[string]any{"variable": "missing", "value": "1"}}}),
			map[string]any{"number": 4, "keyword": "catch", "provider": nil, "as": "oops",
				"input": map[string]any{"max_retry_count": "2", "retry_interval": "5"},
				"block": []any{log(5, "caught", "Caught: "+pill("catch", "oops", "message"))}},
		}},
	))
	start := h.e.now()
	res := h.run(t, r, `{}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if got := lineSummary(res); got != "try:1 action:2 action:3! action:2 action:3! action:2 action:3! catch:4 action:5" {
		t.Errorf("lines = %s", got)
	}
	if got := string(res.Lines[len(res.Lines)-1].Output); got != `{"message":"Caught: variable \"missing\" is not declared"}` {
		t.Errorf("catch output = %s", got)
	}
	if waited := h.e.now().Sub(start); waited.Seconds() != 10 {
		t.Errorf("waited %v between retries, want 10s", waited)
	}
	if res.TaskCount != 4 {
		t.Errorf("%d tasks, want 4: the actions that succeeded", res.TaskCount)
	}
}

// TestRunStop checks stop with and without error, and that an uncaught
// step error fails the job.
func TestRunStop(t *testing.T) {
	h := newHarness(t)
	stop := func(withError string) *partnerd.Recipe {
		return h.addRecipe(int64(len(h.recipes)+1), webhookTrigger(
			map[string]any{"number": 1, "keyword": "stop", "input": map[string]any{"stop_with_error": withError, "stop_reason": "No id"}},
			log(2, "never", "not reached")))
	}
	wantStatus(t, h.run(t, stop("true"), `{}`), partnerd.JobFailed, "No id")
	res := h.run(t, stop("false"), `{}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if lineSummary(res) != "stop:1" {
		t.Errorf("lines = %s", lineSummary(res))
	}
	bad := h.addRecipe(9, webhookTrigger(log(1, "bad", "=1 +")))
	wantStatus(t, h.run(t, bad, `{}`), partnerd.JobFailed, "Step 1 input")
}

// TestRunUnknownProvider checks that a step of a provider that partnerd
// cannot run fails its job, even inside a try.
func TestRunUnknownProvider(t *testing.T) {
	h := newHarness(t)
	r := h.addRecipe(1, webhookTrigger(map[string]any{"number": 1, "keyword": "try", "block": []any{
		action(2, "salesforce", "create_record", "c", map[string]any{"Name": "x"}),
		map[string]any{"number": 3, "keyword": "catch", "as": "e", "block": []any{log(4, "l", "caught")}},
	}}))
	res := h.run(t, r, `{}`)
	wantStatus(t, res, partnerd.JobFailed, "salesforce.create_record cannot run in partnerd")
	if lineSummary(res) != "try:1 action:2!" {
		t.Errorf("lines = %s", lineSummary(res))
	}
	r = h.addRecipe(2, webhookTrigger(action(1, "logger", "shout", "s", nil)))
	wantStatus(t, h.run(t, r, `{}`), partnerd.JobFailed, "logger.shout cannot run in partnerd")
}

// TestRunStepBudget checks that a job that runs more than MaxSteps steps fails.
func TestRunStepBudget(t *testing.T) {
	h := newHarness(t)
	r := h.addRecipe(1, webhookTrigger(map[string]any{"number": 1, "keyword": "repeat", "block": []any{
		map[string]any{"number": 2, "keyword": "while_condition", "input": cond("present", "x", "")},
	}}))
	res := h.run(t, r, `{}`)
	wantStatus(t, res, partnerd.JobFailed, "more than 100000 steps")
}

// TestRunCallRecipe checks synchronous calls, answered with the callee's
// result and shown on its own job, and asynchronous ones, queued.
func TestRunCallRecipe(t *testing.T) {
	h := newHarness(t)
	callee := h.addRecipe(2, map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_recipe_function",
		"name": "execute", "as": "trigger", "block": []any{
			action(1, "workato_recipe_function", "return_result", "ret", map[string]any{"result": map[string]any{
				"greeting": "Hello " + pill("workato_recipe_function", "trigger", "parameters", "name")}}),
		}})
	caller := h.addRecipe(1, webhookTrigger(
		action(1, "workato_recipe_function", "call_recipe", "call", map[string]any{"flow_id": "2",
			"parameters": map[string]any{"name": pill("workato_webhooks", "trigger", "who")}}),
		action(2, "workato_recipe_function", "call", "later", map[string]any{"flow_id": callee.ID, "async": "true"}),
		log(3, "said", pill("workato_recipe_function", "call", "greeting")),
	))
	res := h.run(t, caller, `{"who":"Ada"}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if got := string(res.Lines[2].Output); got != `{"message":"Hello Ada"}` {
		t.Errorf("caller saw %s", got)
	}
	if len(h.queued) != 2 || h.queued[0].Worker != "w" || h.queued[1].Worker != "" || string(h.queued[0].Output) != `{"parameters":{"name":"Ada"}}` {
		t.Errorf("queued = %+v", h.queued)
	}
	var child *partnerd.JobResult
	for id, r := range h.results {
		if id != int64(len(h.results)) && string(r.Result) == `{"greeting":"Hello Ada"}` {
			child = r
		}
	}
	if child == nil || child.Status != partnerd.JobSucceeded {
		t.Errorf("callee's job = %+v", child)
	}
	if h.beats[0] != true {
		t.Errorf("no side effect recorded before the call: %v", h.beats)
	}
	callee.Running = false
	wantStatus(t, h.run(t, caller, `{}`), partnerd.JobFailed, "Recipe 2 is not running")
}

// TestRunTimeBudget checks that a job that outlasts its time budget, here
// waiting, fails with an error that says so.
func TestRunTimeBudget(t *testing.T) {
	h := newHarness(t)
	h.e.Sleep, h.e.JobTime = nil, 50*time.Millisecond
	r := h.addRecipe(1, webhookTrigger(
		action(1, "clock", "wait_for_interval", "wait", map[string]any{"interval": "60"}),
		log(2, "never", "not reached")))
	res := h.run(t, r, `{}`)
	wantStatus(t, res, partnerd.JobFailed, "Job ran longer than 90 minutes")
	if lineSummary(res) != "action:1!" {
		t.Errorf("lines = %s", lineSummary(res))
	}
}

// TestRunElsif checks an if with elsif steps, as Workato's exports write
// else-if: the first branch whose condition holds runs, each elsif
// evaluated shows its condition, and the else runs when none holds.
func TestRunElsif(t *testing.T) {
	h := newHarness(t)
	status := pill("workato_webhooks", "trigger", "status")
	r := h.addRecipe(1, webhookTrigger(
		map[string]any{"number": 1, "keyword": "if", "as": "is_active", "input": cond("equals_to", status, "active"),
			"block": []any{
				log(2, "log_active", "Active"),
				map[string]any{"number": 3, "keyword": "elsif", "as": "is_pending", "input": cond("equals_to", status, "pending"),
					"block": []any{log(4, "log_pending", "Pending")}},
				map[string]any{"number": 5, "keyword": "elsif", "as": "is_review", "input": cond("equals_to", status, "review"),
					"block": []any{log(6, "log_review", "Review")}},
				map[string]any{"number": 7, "keyword": "else", "as": "other", "input": map[string]any{},
					"block": []any{log(8, "log_other", "Other")}},
			}},
		log(9, "log_end", "End"),
	))
	for status, want := range map[string]string{
		"active":  "if:1 action:2 action:9",
		"pending": "if:1 elsif:3 action:4 action:9",
		"review":  "if:1 elsif:3 elsif:5 action:6 action:9",
		"gone":    "if:1 elsif:3 elsif:5 else:7 action:8 action:9",
	} {
		res := h.run(t, r, `{"status":"`+status+`"}`)
		wantStatus(t, res, partnerd.JobSucceeded, "")
		if got := lineSummary(res); got != want {
			t.Errorf("%s: lines %s, want %s", status, got, want)
		}
		for _, l := range res.Lines {
			if l.Keyword == "elsif" && !strings.Contains(string(l.Output), `"condition":`) {
				t.Errorf("%s: elsif line %s", status, l.Output)
			}
		}
	}
}
