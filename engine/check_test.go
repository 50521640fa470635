package engine

import (
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestCheckCode checks the problems found before a job: formulas that do
// not parse or name unknown methods, and datapills of steps that run
// later, of no step, of the wrong provider, or of a foreach or catch that
// does not enclose them.
func TestCheckCode(t *testing.T) {
	good := code(webhookTrigger(
		log(1, "first", "Hi "+pill("workato_webhooks", "trigger", "name")),
		map[string]any{"number": 2, "keyword": "foreach", "as": "item", "source": pill("workato_webhooks", "trigger", "list"),
			"block": []any{log(3, "each", "="+formulaPill("foreach", "item", "x")+".upcase")}},
		map[string]any{"number": 4, "keyword": "try", "block": []any{
			log(5, "inner", pill("logger", "first", "message")),
			map[string]any{"number": 6, "keyword": "catch", "as": "oops", "block": []any{log(7, "caught", pill("catch", "oops", "message"))}},
		}},
	))
	if problems := CheckCode(good); problems != nil {
		t.Fatalf("problems of good code: %+v", problems)
	}
	bad := code(webhookTrigger(
		log(1, "first", pill("logger", "later", "message")),
		log(2, "later", "=1 +"),
		log(3, "unknown", "=\"x\".frobnicate"),
		log(4, "wrong", pill("salesforce", "first", "message")),
		log(5, "outside", pill("foreach", "item", "x")+pill("catch", "oops", "message")),
	))
	got := map[int]string{}
	for _, sp := range CheckCode(bad) {
		var msgs []string
		for _, p := range sp.Problems {
			msgs = append(msgs, p.Label+"@"+p.Path+": "+p.Message)
		}
		got[sp.Step] = strings.Join(msgs, " | ")
	}
	for step, want := range map[int]string{
		1: "names no step that runs before step 1",
		2: "Formula@input.message: Formula:",
		3: "frobnicate",
		4: "names a step of logger, not salesforce",
		5: "names no foreach that encloses step 5",
	} {
		if !strings.Contains(got[step], want) {
			t.Errorf("step %d: %q, want %q", step, got[step], want)
		}
	}
	if !strings.Contains(got[5], "names no catch") {
		t.Errorf("step 5: %q lacks the catch", got[5])
	}
	if len(got) != 5 {
		t.Errorf("problems at %d steps: %v", len(got), got)
	}
	var _ []partnerd.StepProblems = CheckCode(`not json`)
}
