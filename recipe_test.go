package partnerd_test

import (
	"reflect"
	"testing"

	"github.com/partnerd/partnerd"
)

// catalogue answers ValidateStart's connector lookup: salesforce and slack
// need a connection, clock does not, anything else is unknown.
func catalogue(provider string) (requiresConnection, ok bool) {
	switch provider {
	case "salesforce", "slack":
		return true, true
	case "clock":
		return false, true
	}
	return false, false
}

// connections answers ValidateStart's connection lookup: 1 is an
// authorized salesforce connection, 2 an unauthorized one, 3 a slack one.
func connections(id int64) (provider string, authorized, ok bool) {
	switch id {
	case 1:
		return "salesforce", true, true
	case 2:
		return "salesforce", false, true
	case 3:
		return "slack", true, true
	}
	return "", false, false
}

const validCode = `{"number":0,"keyword":"trigger","provider":"clock","name":"scheduled_event","input":{},"block":[
	{"number":1,"keyword":"if","block":[{"number":2,"keyword":"action","provider":"salesforce","name":"create_record"}]},
	{"number":3,"keyword":"action","provider":"slack","name":"post_message"},
	{"number":4,"keyword":"action","provider":"salesforce","name":"update_record"}]}`

func id(n int64) *int64 { return &n }

func TestRecipeValidate(t *testing.T) {
	r := &partnerd.Recipe{Name: "Sync", Code: validCode, Config: []partnerd.RecipeConfig{{Provider: " clock "}}}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	if r.TriggerApplication == nil || *r.TriggerApplication != "clock" {
		t.Errorf("trigger application = %v, want clock", r.TriggerApplication)
	}
	if want := []string{"salesforce", "slack"}; !reflect.DeepEqual(r.ActionApplications, want) {
		t.Errorf("action applications = %v, want %v", r.ActionApplications, want)
	}
	if want := []string{"clock", "salesforce", "slack"}; !reflect.DeepEqual(r.Applications(), want) {
		t.Errorf("applications = %v, want %v", r.Applications(), want)
	}
	if c := r.Config[0]; c.Keyword != "application" || c.Name != "clock" || c.Provider != "clock" {
		t.Errorf("config entry = %+v, want its keyword and name filled in", c)
	}

	for _, tt := range []struct {
		name, code, problem string
		config              []partnerd.RecipeConfig
		field               string
	}{
		{name: "", code: validCode, field: "name", problem: "can't be blank"},
		{name: "R", code: " ", field: "code", problem: "can't be blank"},
		{name: "R", code: "{", field: "code", problem: "is not valid JSON"},
		{name: "R", code: "[1]", field: "code", problem: "must be a JSON object, the recipe's trigger"},
		{name: "R", code: "null", field: "code", problem: "must be a JSON object, the recipe's trigger"},
		{name: "R", code: `{"number":"0"}`, field: "code", problem: "is not a valid recipe: number must be an integer"},
		{name: "R", code: `{"block":{}}`, field: "code", problem: "is not a valid recipe: block must be an array"},
		{name: "R", code: `{"block":[null]}`, field: "code", problem: "is not a valid recipe: every step of a block must be an object"},
		{name: "R", code: `{}`, config: []partnerd.RecipeConfig{{Keyword: "application"}}, field: "config", problem: "entry 1 has no provider"},
	} {
		r := &partnerd.Recipe{Name: tt.name, Code: tt.code, Config: tt.config}
		err := r.Validate()
		e, ok := err.(*partnerd.Error)
		if !ok || e.Code != partnerd.EINVALID || len(e.Fields[tt.field]) != 1 || e.Fields[tt.field][0] != tt.problem {
			t.Errorf("Validate(%q, %q) = %v, want %s %q", tt.name, tt.code, err, tt.field, tt.problem)
		}
	}
}

func TestRecipeValidateStart(t *testing.T) {
	full := []partnerd.RecipeConfig{{Provider: "clock"}, {Provider: "salesforce", AccountID: id(1)}, {Provider: "slack", AccountID: id(3)}}
	for _, tt := range []struct {
		name   string
		code   string
		config []partnerd.RecipeConfig
		want   *partnerd.StartErrors
	}{
		{name: "valid", code: validCode, config: full},
		{name: "no config", code: validCode, want: &partnerd.StartErrors{Config: []partnerd.StepProblems{
			{Step: 0, Problems: []partnerd.StepProblem{{"Application", "clock", "Application clock has no config entry", "config"}}},
			{Step: 2, Problems: []partnerd.StepProblem{{"Application", "salesforce", "Application salesforce has no config entry", "config"}}},
			{Step: 3, Problems: []partnerd.StepProblem{{"Application", "slack", "Application slack has no config entry", "config"}}},
		}}},
		{name: "connections", code: validCode, config: []partnerd.RecipeConfig{{Provider: "clock"}, {Provider: "salesforce"}, {Provider: "slack", AccountID: id(9)}},
			want: &partnerd.StartErrors{Config: []partnerd.StepProblems{
				{Step: 2, Problems: []partnerd.StepProblem{{"Connection", nil, "Connection is required", "account_id"}}},
				{Step: 3, Problems: []partnerd.StepProblem{{"Connection", int64(9), "Connection 9 does not exist", "account_id"}}},
			}}},
		{name: "unauthorized and foreign", code: validCode, config: []partnerd.RecipeConfig{{Provider: "clock"}, {Provider: "salesforce", AccountID: id(2)}, {Provider: "slack", AccountID: id(1)}},
			want: &partnerd.StartErrors{Config: []partnerd.StepProblems{
				{Step: 2, Problems: []partnerd.StepProblem{{"Connection", int64(2), "Connection 2 is not authorized", "account_id"}}},
				{Step: 3, Problems: []partnerd.StepProblem{{"Connection", int64(1), "Connection 1 is a salesforce connection, not slack", "account_id"}}},
			}}},
		{name: "code", code: `{"number":0,"keyword":"action","provider":"nope","block":[{"number":1,"keyword":"trigger","provider":"clock","name":"x"},{"number":2,"keyword":"action"}]}`,
			config: []partnerd.RecipeConfig{{Provider: "nope"}, {Provider: "clock"}},
			want: &partnerd.StartErrors{Code: []partnerd.StepProblems{
				{Step: 0, Problems: []partnerd.StepProblem{
					{"Trigger", "action", "Recipe must start with a trigger", "keyword"},
					{"Action", nil, "Action is required", "name"},
					{"Application", "nope", "Application nope is not a known connector", "provider"}}},
				{Step: 1, Problems: []partnerd.StepProblem{{"Trigger", "trigger", "Only the first step of a recipe can be a trigger", "keyword"}}},
				{Step: 2, Problems: []partnerd.StepProblem{{"Application", nil, "Application is required", "provider"}, {"Action", nil, "Action is required", "name"}}},
			}}},
		{name: "empty trigger", code: `{}`, want: &partnerd.StartErrors{Code: []partnerd.StepProblems{
			{Step: 0, Problems: []partnerd.StepProblem{{"Trigger", nil, "Recipe must start with a trigger", "keyword"}}}}}},
		{name: "broken code", code: `[`, want: &partnerd.StartErrors{Code: []partnerd.StepProblems{
			{Step: 0, Problems: []partnerd.StepProblem{{"Recipe", nil, "Recipe is not valid JSON", "code"}}}}}},
	} {
		r := &partnerd.Recipe{Name: "R", Code: tt.code, Config: tt.config}
		if got := r.ValidateStart(catalogue, connections); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ValidateStart = %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

func TestNewJobsValidate(t *testing.T) {
	ok := &partnerd.NewJobs{Status: partnerd.JobFailed, Count: 2, TaskCount: 3}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for field, j := range map[string]*partnerd.NewJobs{
		"status":     {Count: 1},
		"count":      {Status: partnerd.JobSucceeded, Count: partnerd.MaxNewJobs + 1},
		"task_count": {Status: partnerd.JobSucceeded, Count: 1, TaskCount: -1},
	} {
		if e, isErr := j.Validate().(*partnerd.Error); !isErr || len(e.Fields[field]) == 0 {
			t.Errorf("Validate(%+v) = %v, want a problem with %s", j, e, field)
		}
	}
}

// FuzzParseRecipeCode checks that any code parses to a tree or an error,
// that a tree's applications never panic, and that start validation of any
// code answers without panicking.
func FuzzParseRecipeCode(f *testing.F) {
	for _, s := range []string{validCode, `{}`, `[]`, `null`, `{"block":[null]}`, `{"block":[{"block":[{}]}]}`,
		`{"number":1e400}`, `{"keyword":"trigger","provider":7}`, `"x"`, "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		root, err := partnerd.ParseRecipeCode(code)
		if (root == nil) == (err == nil) && err == nil {
			t.Fatalf("%q: no tree and no error", code)
		}
		r := &partnerd.Recipe{Name: "R", Code: code}
		if r.Validate() == nil {
			if r.ActionApplications == nil {
				t.Fatalf("%q: valid without action applications", code)
			}
		}
		r.ValidateStart(catalogue, connections)
	})
}
