package partnerd

import (
	"context"
	"time"
)

// Limits of the activity log.
const (
	// MaxActivityPageSize is the largest page of entries, and the default
	// (Workato's page[size]).
	MaxActivityPageSize = 100
	// MaxActivitiesPerWorkspace is how many entries a workspace keeps: the
	// oldest past it are pruned as new ones arrive, so the log of a busy
	// workspace stays bounded without a background job.
	MaxActivitiesPerWorkspace = 50_000
	// MaxActivityFilterValues bounds each list filter of one request.
	MaxActivityFilterValues = 100
)

// Kinds of actor an activity names.
const (
	ActorAPIClient = "api_client" // a developer API client, by its token
	ActorAPIKey    = "api_key"    // the account's legacy API key
	ActorMember    = "member"     // a member of the workspace
)

// Sources an activity comes through.
const (
	ActivitySourceAPI     = "api"
	ActivitySourceConsole = "console"
)

// Activity is one entry of a workspace's activity log: a change to its
// data, who made it, and from where. It never holds a secret: only names,
// ids and the request's address and user agent.
type Activity struct {
	ID           int64
	WorkspaceID  int64
	Time         time.Time
	EventType    string // Workato's event type: recipe_created, connection_updated, …
	ResourceType string // Workato's resource type: Flow, SharedAccount, Folder, …
	ResourceID   string // the resource's id or handle, "" when the change has none
	ResourceName string
	ActorType    string // ActorAPIClient, ActorAPIKey or ActorMember
	ActorID      int64
	ActorName    string
	ActorEmail   string
	IP           string
	UserAgent    string
	Source       string // ActivitySourceAPI or ActivitySourceConsole
	Action       string // what was done: the route, or the console's form

	// WorkspaceName and WorkspaceEmail are the workspace's, read with the entry.
	WorkspaceName  string
	WorkspaceEmail string
}

// ActivityFilter selects entries of a log, newest first. Zero values
// select everything; type filters match without regard to case.
type ActivityFilter struct {
	After                int64 // only entries older than this id (the last of the previous page)
	Size                 int   // entries per page; 0 or past MaxActivityPageSize is MaxActivityPageSize
	From, To             time.Time
	UserIDs              []int64
	IncludeResourceTypes []string
	ExcludeResourceTypes []string
	IncludeEventTypes    []string
	ExcludeEventTypes    []string
}

// ActivityService keeps the activity log of each workspace.
type ActivityService interface {
	// RecordActivity appends a to the workspace's log (its event type in
	// lower case, as Workato names them), setting its ID and,
	// when zero, its Time; EINVALID for an entry without an event or
	// resource type; ENOTFOUND for an unknown workspace.
	RecordActivity(ctx context.Context, workspaceID int64, a *Activity) error
	// FindActivities returns a page of the workspace's entries, newest
	// first, and the number of entries the filter matches on every page.
	FindActivities(ctx context.Context, workspaceID int64, f ActivityFilter) ([]*Activity, int, error)
}
