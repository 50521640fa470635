// Package mock holds function-field implementations of the services of
// package partnerd, for tests that need a service to answer in a set way.
package mock

import (
	"context"
	"time"

	"github.com/partnerd/partnerd"
)

var _ partnerd.WorkspaceService = (*WorkspaceService)(nil)

// WorkspaceService calls its function fields; a nil field panics.
type WorkspaceService struct {
	CreateAccountFn            func(ctx context.Context, a *partnerd.NewAccount) (*partnerd.Workspace, *partnerd.DevAPIClient, error)
	CountAccountsFn            func(ctx context.Context) (int, error)
	FindWorkspaceByIDFn        func(ctx context.Context, id int64) (*partnerd.Workspace, error)
	CreateCustomerFn           func(ctx context.Context, accountID int64, w *partnerd.Workspace) error
	FindCustomerByIDFn         func(ctx context.Context, accountID, id int64) (*partnerd.Workspace, error)
	FindCustomerByExternalIDFn func(ctx context.Context, accountID int64, externalID string) (*partnerd.Workspace, error)
	FindCustomerIDFn           func(ctx context.Context, accountID, id int64, externalID string) (int64, error)
	FindCustomersFn            func(ctx context.Context, accountID int64, p partnerd.Page) ([]*partnerd.Workspace, int, error)
	UpdateCustomerFn           func(ctx context.Context, accountID, id int64, apply func(*partnerd.Workspace) error) (*partnerd.Workspace, error)
	DeleteCustomerFn           func(ctx context.Context, accountID, id int64) error
	ProvisionEnvironmentsFn    func(ctx context.Context, accountID, id int64) (*partnerd.Workspace, error)
	FindEnvironmentIDFn        func(ctx context.Context, accountID, id int64, envType string) (int64, error)
	FindUsageFn                func(ctx context.Context, accountID int64, since time.Time) ([]*partnerd.Usage, error)
}

func (s *WorkspaceService) CreateAccount(ctx context.Context, a *partnerd.NewAccount) (*partnerd.Workspace, *partnerd.DevAPIClient, error) {
	return s.CreateAccountFn(ctx, a)
}

func (s *WorkspaceService) CountAccounts(ctx context.Context) (int, error) {
	return s.CountAccountsFn(ctx)
}

func (s *WorkspaceService) FindWorkspaceByID(ctx context.Context, id int64) (*partnerd.Workspace, error) {
	return s.FindWorkspaceByIDFn(ctx, id)
}

func (s *WorkspaceService) CreateCustomer(ctx context.Context, accountID int64, w *partnerd.Workspace) error {
	return s.CreateCustomerFn(ctx, accountID, w)
}

func (s *WorkspaceService) FindCustomerByID(ctx context.Context, accountID, id int64) (*partnerd.Workspace, error) {
	return s.FindCustomerByIDFn(ctx, accountID, id)
}

func (s *WorkspaceService) FindCustomerByExternalID(ctx context.Context, accountID int64, externalID string) (*partnerd.Workspace, error) {
	return s.FindCustomerByExternalIDFn(ctx, accountID, externalID)
}

func (s *WorkspaceService) FindCustomerID(ctx context.Context, accountID, id int64, externalID string) (int64, error) {
	return s.FindCustomerIDFn(ctx, accountID, id, externalID)
}

func (s *WorkspaceService) FindCustomers(ctx context.Context, accountID int64, p partnerd.Page) ([]*partnerd.Workspace, int, error) {
	return s.FindCustomersFn(ctx, accountID, p)
}

func (s *WorkspaceService) UpdateCustomer(ctx context.Context, accountID, id int64, apply func(*partnerd.Workspace) error) (*partnerd.Workspace, error) {
	return s.UpdateCustomerFn(ctx, accountID, id, apply)
}

func (s *WorkspaceService) DeleteCustomer(ctx context.Context, accountID, id int64) error {
	return s.DeleteCustomerFn(ctx, accountID, id)
}

func (s *WorkspaceService) ProvisionEnvironments(ctx context.Context, accountID, id int64) (*partnerd.Workspace, error) {
	return s.ProvisionEnvironmentsFn(ctx, accountID, id)
}

func (s *WorkspaceService) FindEnvironmentID(ctx context.Context, accountID, id int64, envType string) (int64, error) {
	return s.FindEnvironmentIDFn(ctx, accountID, id, envType)
}

func (s *WorkspaceService) FindUsage(ctx context.Context, accountID int64, since time.Time) ([]*partnerd.Usage, error) {
	return s.FindUsageFn(ctx, accountID, since)
}
