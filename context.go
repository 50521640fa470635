package partnerd

import "context"

type contextKey int

const callerContextKey contextKey = iota

// Caller is who makes a request: a developer API client of a workspace, or an
// account owner signing in with the legacy email and API key.
type Caller struct {
	WorkspaceID int64 // the caller's own workspace
	AccountID   int64 // the admin workspace that owns it (the same for an admin workspace)
	ClientID    int64 // zero for the legacy key
	ClientName  string
	Privileges  Privileges
	AllFolders  bool
	FolderIDs   []int64
	IPAllowList string
}

// IsAdminWorkspace reports whether the caller acts from an admin workspace.
func (c *Caller) IsAdminWorkspace() bool { return c.WorkspaceID == c.AccountID }

// NewContextWithCaller returns a copy of ctx carrying the caller.
func NewContextWithCaller(ctx context.Context, c *Caller) context.Context {
	return context.WithValue(ctx, callerContextKey, c)
}

// CallerFromContext returns the caller of ctx, or nil when there is none.
func CallerFromContext(ctx context.Context) *Caller {
	c, _ := ctx.Value(callerContextKey).(*Caller)
	return c
}
