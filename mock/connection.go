package mock

import (
	"context"

	"github.com/partnerd/partnerd"
)

var _ partnerd.ConnectionService = (*ConnectionService)(nil)

// ConnectionService calls its function fields; a nil field panics.
type ConnectionService struct {
	CreateConnectionFn        func(ctx context.Context, workspaceID int64, c *partnerd.Connection) error
	FindConnectionByIDFn      func(ctx context.Context, workspaceID, id int64) (*partnerd.Connection, error)
	FindConnectionWithInputFn func(ctx context.Context, workspaceID, id int64) (*partnerd.Connection, error)
	FindConnectionInAccountFn func(ctx context.Context, accountID, id int64) (*partnerd.Connection, error)
	FindConnectionsFn         func(ctx context.Context, workspaceID int64, f partnerd.ConnectionFilter) ([]*partnerd.Connection, int, error)
	UpdateConnectionFn        func(ctx context.Context, workspaceID, id int64, apply func(*partnerd.Connection) error) (*partnerd.Connection, error)
	DeleteConnectionFn        func(ctx context.Context, workspaceID, id int64) error
}

func (s *ConnectionService) CreateConnection(ctx context.Context, workspaceID int64, c *partnerd.Connection) error {
	return s.CreateConnectionFn(ctx, workspaceID, c)
}

func (s *ConnectionService) FindConnectionByID(ctx context.Context, workspaceID, id int64) (*partnerd.Connection, error) {
	return s.FindConnectionByIDFn(ctx, workspaceID, id)
}

func (s *ConnectionService) FindConnectionWithInput(ctx context.Context, workspaceID, id int64) (*partnerd.Connection, error) {
	return s.FindConnectionWithInputFn(ctx, workspaceID, id)
}

func (s *ConnectionService) FindConnectionInAccount(ctx context.Context, accountID, id int64) (*partnerd.Connection, error) {
	return s.FindConnectionInAccountFn(ctx, accountID, id)
}

func (s *ConnectionService) FindConnections(ctx context.Context, workspaceID int64, f partnerd.ConnectionFilter) ([]*partnerd.Connection, int, error) {
	return s.FindConnectionsFn(ctx, workspaceID, f)
}

func (s *ConnectionService) UpdateConnection(ctx context.Context, workspaceID, id int64, apply func(*partnerd.Connection) error) (*partnerd.Connection, error) {
	return s.UpdateConnectionFn(ctx, workspaceID, id, apply)
}

func (s *ConnectionService) DeleteConnection(ctx context.Context, workspaceID, id int64) error {
	return s.DeleteConnectionFn(ctx, workspaceID, id)
}
