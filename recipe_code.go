package partnerd

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
)

// RecipeStep is a step of a recipe's code: the trigger at the root, and
// beneath each step the steps of its block, numbered depth-first. Only the
// fields that partnerd reads are kept; the code text keeps the rest.
type RecipeStep struct {
	Number   int           `json:"number"`
	Keyword  string        `json:"keyword"` // "trigger", "action", "if", "foreach"…
	Provider string        `json:"provider"`
	Name     string        `json:"name"`
	Block    []*RecipeStep `json:"block"`
}

// ParseRecipeCode reads a recipe's code: JSON text whose root is an object,
// each known field of the right type. Its error is a message for the field
// "code".
func ParseRecipeCode(code string) (*RecipeStep, error) {
	var root *RecipeStep
	err := json.Unmarshal([]byte(code), &root)
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return nil, errors.New("must be a JSON object, the recipe's trigger")
	case errors.As(err, &typeErr):
		return nil, errors.New("is not a valid recipe: " + typeErr.Field + " must be " + kindOf(typeErr.Type.Kind().String()))
	case err != nil:
		return nil, errors.New("is not valid JSON")
	case root == nil:
		return nil, errors.New("must be a JSON object, the recipe's trigger")
	}
	var nilStep error
	root.walk(func(s *RecipeStep) {
		if s == nil && nilStep == nil {
			nilStep = errors.New("is not a valid recipe: every step of a block must be an object")
		}
	})
	return root, nilStep
}

func kindOf(kind string) string {
	switch kind {
	case "int", "int64":
		return "an integer"
	case "slice":
		return "an array"
	case "struct", "ptr":
		return "an object"
	}
	return "a " + kind
}

// walk calls fn on the step and on every step beneath it, depth-first; a
// nil step (JSON null in a block) is passed but not descended into.
func (s *RecipeStep) walk(fn func(*RecipeStep)) {
	fn(s)
	if s == nil {
		return
	}
	for _, c := range s.Block {
		c.walk(fn)
	}
}

// applications returns the trigger's provider, and the providers of every
// other step depth-first, each once; a root that is not a trigger counts
// as an action.
func (s *RecipeStep) applications() (trigger *string, actions []string) {
	actions = []string{}
	s.walk(func(step *RecipeStep) {
		switch {
		case step == nil || step.Provider == "":
		case step == s && step.Keyword == "trigger":
			p := step.Provider
			trigger = &p
		default:
			actions = appendNew(actions, step.Provider)
		}
	})
	return trigger, actions
}

// StepProblem is one reason a step keeps its recipe from starting; on the
// wire it is [label, value, message, path].
type StepProblem struct {
	Label   string
	Value   any // the current value: a string, an int64 or nil
	Message string
	Path    string // the field of the step or config entry at fault
}

// StepProblems are the problems of one step, named by its number.
type StepProblems struct {
	Step     int
	Problems []StepProblem
}

// StartErrors are what keeps a recipe from starting: the problems of its
// code and those of its config, each by step.
type StartErrors struct {
	Code   []StepProblems
	Config []StepProblems
}

// CodeCheck reports the problems of a recipe's code that ValidateStart
// does not look for (its formulas and datapills), by step.
type CodeCheck func(code string) []StepProblems

// AddCode adds code problems to e, those of one step together, in step
// order. It returns e, or new StartErrors when e is nil and list is not
// empty.
func (e *StartErrors) AddCode(list []StepProblems) *StartErrors {
	if len(list) == 0 {
		return e
	}
	if e == nil {
		e = &StartErrors{}
	}
	for _, sp := range list {
		i := slices.IndexFunc(e.Code, func(have StepProblems) bool { return have.Step == sp.Step })
		if i < 0 {
			e.Code = append(e.Code, StepProblems{Step: sp.Step, Problems: slices.Clone(sp.Problems)})
		} else {
			e.Code[i].Problems = append(e.Code[i].Problems, sp.Problems...)
		}
	}
	slices.SortStableFunc(e.Code, func(a, b StepProblems) int { return a.Step - b.Step })
	return e
}

// ConnectorLookup reports whether provider is a connector of the catalogue
// and whether it needs a connection.
type ConnectorLookup func(provider string) (requiresConnection, ok bool)

// ConnectionLookup reports whether id is a connection of the recipe's
// workspace, its provider and whether it is authorized.
type ConnectionLookup func(id int64) (provider string, authorized, ok bool)

// ValidateStart checks that a recipe may start, and returns nil when it
// may. Code problems, at the step they concern: the root is not a trigger
// ("Recipe must start with a trigger"); a trigger below the root; a
// trigger or action without a provider or a name; a provider that is not a
// connector. Config problems, once per provider at the first step that
// uses it: no config entry for it; and for a connector that needs a
// connection, an entry without account_id, or one naming a connection that
// does not exist in the workspace, belongs to another provider, or is not
// authorized. A clock trigger whose schedule does not parse is a code
// problem of the trigger.
func (r *Recipe) ValidateStart(connector ConnectorLookup, connection ConnectionLookup) *StartErrors {
	root, err := ParseRecipeCode(r.Code)
	if err != nil {
		return &StartErrors{Code: []StepProblems{{Step: 0, Problems: []StepProblem{{"Recipe", nil, "Recipe " + err.Error(), "code"}}}}}
	}
	var out StartErrors
	seen := map[string]bool{}
	root.walk(func(s *RecipeStep) {
		if s == nil {
			return
		}
		code := stepCodeProblems(s, s == root, connector)
		if len(code) > 0 {
			out.Code = append(out.Code, StepProblems{Step: s.Number, Problems: code})
		}
		if s.Provider == "" || seen[s.Provider] {
			return
		}
		seen[s.Provider] = true
		if config := r.configProblems(s.Provider, connector, connection); len(config) > 0 {
			out.Config = append(out.Config, StepProblems{Step: s.Number, Problems: config})
		}
	})
	if _, ok, err := ParseSchedule(r.Code); ok && err != nil {
		p := StepProblem{"Schedule", nil, "Schedule: " + err.Error(), "input"}
		if len(out.Code) > 0 && out.Code[0].Step == root.Number {
			out.Code[0].Problems = append(out.Code[0].Problems, p)
		} else {
			out.Code = append([]StepProblems{{Step: root.Number, Problems: []StepProblem{p}}}, out.Code...)
		}
	}
	if len(out.Code) == 0 && len(out.Config) == 0 {
		return nil
	}
	return &out
}

// stepCodeProblems checks one step's own fields.
func stepCodeProblems(s *RecipeStep, isRoot bool, connector ConnectorLookup) []StepProblem {
	var p []StepProblem
	switch {
	case isRoot && s.Keyword != "trigger":
		p = append(p, StepProblem{"Trigger", nullable(s.Keyword), "Recipe must start with a trigger", "keyword"})
	case !isRoot && s.Keyword == "trigger":
		p = append(p, StepProblem{"Trigger", s.Keyword, "Only the first step of a recipe can be a trigger", "keyword"})
	}
	if s.Keyword == "trigger" || s.Keyword == "action" {
		label := "Action"
		if s.Keyword == "trigger" {
			label = "Trigger"
		}
		if s.Provider == "" {
			p = append(p, StepProblem{"Application", nil, "Application is required", "provider"})
		}
		if s.Name == "" {
			p = append(p, StepProblem{label, nil, label + " is required", "name"})
		}
	}
	if s.Provider != "" {
		if _, ok := connector(s.Provider); !ok {
			p = append(p, StepProblem{"Application", s.Provider, "Application " + s.Provider + " is not a known connector", "provider"})
		}
	}
	return p
}

// configProblems checks the config entry of one provider and its connection.
func (r *Recipe) configProblems(provider string, connector ConnectorLookup, connection ConnectionLookup) []StepProblem {
	var entry *RecipeConfig
	for i := range r.Config {
		if r.Config[i].Provider == provider {
			entry = &r.Config[i]
			break
		}
	}
	if entry == nil {
		return []StepProblem{{"Application", provider, "Application " + provider + " has no config entry", "config"}}
	}
	if needs, ok := connector(provider); !ok || !needs {
		return nil
	}
	if entry.AccountID == nil {
		return []StepProblem{{"Connection", nil, "Connection is required", "account_id"}}
	}
	id := *entry.AccountID
	switch owner, authorized, ok := connection(id); {
	case !ok:
		return []StepProblem{{"Connection", id, "Connection " + strconv.FormatInt(id, 10) + " does not exist", "account_id"}}
	case owner != provider:
		return []StepProblem{{"Connection", id, "Connection " + strconv.FormatInt(id, 10) + " is a " + owner + " connection, not " + provider, "account_id"}}
	case !authorized:
		return []StepProblem{{"Connection", id, "Connection " + strconv.FormatInt(id, 10) + " is not authorized", "account_id"}}
	}
	return nil
}

// nullable returns s, or nil when it is empty.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
