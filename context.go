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

// FolderLimit returns the folders whose trees alone the caller may reach in
// the workspace, and false when its reach there is not limited. Folder ids
// of a client belong to its own workspace: an admin acting on a customer
// reaches every folder of the customer.
func (c *Caller) FolderLimit(workspaceID int64) ([]int64, bool) {
	if c == nil || c.AllFolders || c.WorkspaceID != workspaceID {
		return nil, false
	}
	return c.FolderIDs, true
}

// NewContextWithCaller returns a copy of ctx carrying the caller.
func NewContextWithCaller(ctx context.Context, c *Caller) context.Context {
	return context.WithValue(ctx, callerContextKey, c)
}

// CallerFromContext returns the caller of ctx, or nil when there is none.
func CallerFromContext(ctx context.Context) *Caller {
	c, _ := ctx.Value(callerContextKey).(*Caller)
	return c
}
