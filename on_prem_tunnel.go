package partnerd

import "context"

// OnPremMaxRows is the most rows one operation through an on-prem agent
// answers; the agent refuses to send more.
const OnPremMaxRows = 50_000

// OnPremMaxResult is the most bytes of one encoded answer of an agent; a
// larger result fails the step with an error that asks for a lower limit.
const OnPremMaxResult = 16 << 20

// OnPremOperation is one database statement that a step sends through an
// on-prem agent: the action's name, a statement whose values are all
// placeholders ($1, $2, … or ?) and the values bound to them. The server
// never splices a value into SQL.
type OnPremOperation struct {
	Action string
	// Adapter is the config.yml adapter the statement is written for,
	// postgresql (when empty) or mysql; the agent refuses a profile of
	// another.
	Adapter string
	SQL     string
	Args    []any // nil, bool, int64, float64, string, or time.Time
	MaxRows int   // at most OnPremMaxRows
	// Exec says the statement answers no rows: the agent answers the rows
	// it changed and, for MySQL, the id LAST_INSERT_ID gave.
	Exec bool
	// Write reports whether the statement may change data; a write whose
	// agent disappears mid-operation is not sent again to another agent.
	Write bool
	// HTTP, when set, is a request to an HTTP profile instead of a
	// statement; SQL, Args and MaxRows are then unused.
	HTTP *OnPremHTTPRequest
}

// OnPremMaxHTTPBody is the largest response body an agent answers for an
// HTTP profile; OnPremMaxHTTPRequest the largest request body it takes.
const (
	OnPremMaxHTTPBody    = 10 << 20
	OnPremMaxHTTPRequest = 512 << 10
)

// OnPremHTTPRequest is an HTTP request that a step sends to the base URL
// of an agent's HTTP profile: the path is relative to that base and can
// reach nothing outside it.
type OnPremHTTPRequest struct {
	Method string
	Path   string // escaped, relative to the profile's base URL
	Query  string // encoded
	Header map[string][]string
	Body   []byte
}

// OnPremHTTPResponse is the response an agent got for an HTTP request.
type OnPremHTTPResponse struct {
	Status int
	Header map[string][]string
	Body   []byte
}

// OnPremResult is an agent's answer to an operation: the columns and rows
// of a statement that answers rows, or the count of rows it changed.
type OnPremResult struct {
	HasRows bool
	Columns []string
	// Kinds, when given, has the kind of each column (OnPremKindTime, …):
	// OnPremPlainValue reads a value of Rows by its column's kind.
	Kinds        []string
	Rows         [][]any // JSON values: nil, bool, json.Number, string, []any, map[string]any
	RowsAffected int64
	// LastInsertID is the id LAST_INSERT_ID gave a MySQL statement.
	LastInsertID int64
	// HTTP is the answer to an HTTP request.
	HTTP *OnPremHTTPResponse
	// AgentID and AgentName name the agent that served the operation.
	AgentID   int64
	AgentName string
}

// OnPremTunnel runs operations on the customer's systems through the
// active agents of an on-prem group of a workspace. A group of another
// workspace is ENOTFOUND; a group without an active agent fails after a
// bounded wait.
type OnPremTunnel interface {
	Exec(ctx context.Context, workspaceID, groupID int64, profile string, op OnPremOperation) (*OnPremResult, error)
}

// OnPremLoad counts the operations that agents connected to this process
// run and have not answered yet: those of one agent, and those of the
// agents of one group, in a workspace.
type OnPremLoad interface {
	AgentInFlight(workspaceID, agentID int64) int
	GroupInFlight(workspaceID, groupID int64) int
}
