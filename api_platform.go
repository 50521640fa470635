package partnerd

import "context"

// APIPlatformService keeps the API platform objects of a workspace:
// collections and their endpoints, API clients and their access profiles
// (API keys). Collections are folder-scoped through their project: every
// method answers ENOTFOUND for collections, and the endpoints of
// collections, outside the caller's folder scope (Caller.FolderLimit), and
// takes collection ids out of reach as invalid.
type APIPlatformService interface {
	APIPolicyService
	// CreateAPICollection stores a collection in its project (home when
	// ProjectID is nil) with its endpoints, in one transaction: EINVALID,
	// also for a project out of reach or an endpoint whose FlowID is not a
	// recipe of the workspace within reach; ECONFLICT for a name taken in
	// the workspace.
	CreateAPICollection(ctx context.Context, workspaceID int64, c *APICollection, endpoints []*APIEndpoint) error
	// FindAPICollections returns a page of collections in ascending id and
	// their total.
	FindAPICollections(ctx context.Context, workspaceID int64, p Page) ([]*APICollection, int, error)
	// FindAPIEndpoints returns a page of endpoints in ascending id and
	// their total.
	FindAPIEndpoints(ctx context.Context, workspaceID int64, f APIEndpointFilter) ([]*APIEndpoint, int, error)
	// SetAPIEndpointActive enables or disables an endpoint: ENOTFOUND, and
	// ErrEndpointRecipe (ESTATE) to enable one without a recipe or whose
	// recipe is not a running recipe of the workspace within reach.
	SetAPIEndpointActive(ctx context.Context, workspaceID, id int64, active bool) error

	// CreateAPIClient stores a client: EINVALID, also for collection ids
	// out of reach.
	CreateAPIClient(ctx context.Context, workspaceID int64, c *APIClient) error
	// FindAPIClientByID returns a client, or ENOTFOUND.
	FindAPIClientByID(ctx context.Context, workspaceID, id int64) (*APIClient, error)
	// FindAPIClients returns a page of clients in ascending id and their total.
	FindAPIClients(ctx context.Context, workspaceID int64, p Page) ([]*APIClient, int, error)
	// UpdateAPIClient applies changes in one transaction and validates the
	// result: ENOTFOUND, EINVALID. apply must not call the store.
	UpdateAPIClient(ctx context.Context, workspaceID, id int64, apply func(*APIClient) error) (*APIClient, error)
	// DeleteAPIClient deletes a client with its access profiles: ENOTFOUND.
	DeleteAPIClient(ctx context.Context, workspaceID, id int64) error

	// CreateAccessProfile stores a profile of a client of the workspace,
	// with the hashes of the secrets it was issued: EINVALID, also for a
	// client that is not the workspace's or collection ids out of reach.
	CreateAccessProfile(ctx context.Context, workspaceID int64, p *AccessProfile) error
	// FindAccessProfileByID returns a profile, or ENOTFOUND.
	FindAccessProfileByID(ctx context.Context, workspaceID, id int64) (*AccessProfile, error)
	// FindAccessProfiles returns a page of profiles in ascending id and
	// their total.
	FindAccessProfiles(ctx context.Context, workspaceID int64, f AccessProfileFilter) ([]*AccessProfile, int, error)
	// UpdateAccessProfile applies changes, secrets included, in one
	// transaction and validates the result: ENOTFOUND, EINVALID, and
	// EINVALID when apply changes the client. apply must not call the store.
	UpdateAccessProfile(ctx context.Context, workspaceID, id int64, apply func(*AccessProfile) error) (*AccessProfile, error)
	// DeleteAccessProfile deletes a profile: ENOTFOUND.
	DeleteAccessProfile(ctx context.Context, workspaceID, id int64) error
}
