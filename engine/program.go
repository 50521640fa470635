package engine

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/partnerd/partnerd/formula"
)

// step is one step of a recipe's code as the engine runs it: the fields
// of Workato's recipe format that running needs, with its input parsed.
type step struct {
	Number   int             `json:"number"`
	Keyword  string          `json:"keyword"`
	Provider *string         `json:"provider"` // null on catch
	Name     string          `json:"name"`
	As       string          `json:"as"`
	Input    json.RawMessage `json:"input"`
	Source   *string         `json:"source"` // a foreach's list
	Block    []*step         `json:"block"`

	RepeatMode string          `json:"repeat_mode"` // a foreach's: simple or batch
	BatchSize  json.RawMessage `json:"batch_size"`  // a batch foreach's items per turn: "10" or 10

	// ExtendedInputSchema describes an action's input fields; their
	// render_input conversions apply to the evaluated input.
	ExtendedInputSchema json.RawMessage `json:"extended_input_schema"`
	conv                *conversion     // ExtendedInputSchema's conversions; nil for none

	input  *inputNode     // Input parsed
	source *formula.Input // Source parsed
	cond   *conditionNode // Input parsed as the condition of an if or a while_condition
	err    error          // why Input, Source or the condition did not parse
}

// provider returns the step's provider, or "".
func (s *step) provider() string {
	if s.Provider == nil {
		return ""
	}
	return *s.Provider
}

// program is a recipe version's step tree, parsed once and shared by the
// jobs that run it; it is never changed after parsing.
type program struct {
	root *step
}

// parseProgram reads a recipe's code and parses every step's input and
// source. A formula that does not parse fails its step when it runs.
func parseProgram(code string) (*program, error) {
	var root *step
	if err := json.Unmarshal([]byte(code), &root); err != nil || root == nil {
		return nil, fmt.Errorf("recipe code is not a recipe tree")
	}
	var prepare func(s *step) error
	prepare = func(s *step) error {
		if s == nil {
			return fmt.Errorf("recipe code has a step that is not an object")
		}
		switch {
		case s.Keyword == "if" || s.Keyword == "elsif" || s.Keyword == "while_condition":
			s.cond, s.err = parseCondition(s.Input)
		case len(s.Input) > 0:
			s.input, s.err = parseInputJSON(s.Input)
		}
		if s.Keyword == "action" {
			s.conv = parseConversions(s.ExtendedInputSchema)
		}
		if s.Source != nil && s.err == nil {
			s.source, s.err = formula.ParseInput(*s.Source)
		}
		for _, c := range s.Block {
			if err := prepare(c); err != nil {
				return err
			}
		}
		return nil
	}
	if err := prepare(root); err != nil {
		return nil, err
	}
	return &program{root: root}, nil
}

// programCache keeps the programs of recent recipe versions by recipe id,
// each with the code it was parsed from, so that a recipe's formulas are
// parsed once per version: a job whose code differs parses it again.
type programCache struct {
	mu sync.Mutex
	m  map[int64]cachedProgram
}

type cachedProgram struct {
	code string
	p    *program
}

// maxPrograms bounds the cache; a full cache starts again empty.
const maxPrograms = 512

func (c *programCache) get(recipeID int64, code string) (*program, error) {
	c.mu.Lock()
	cp, ok := c.m[recipeID]
	c.mu.Unlock()
	if ok && cp.code == code {
		return cp.p, nil
	}
	p, err := parseProgram(code)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxPrograms {
		c.m = map[int64]cachedProgram{}
	}
	c.m[recipeID] = cachedProgram{code: code, p: p}
	c.mu.Unlock()
	return p, nil
}
