package mock

import (
	"context"

	"github.com/partnerd/partnerd"
)

var (
	_ partnerd.StubService      = (*StubService)(nil)
	_ partnerd.ConnectorCallLog = (*ConnectorCallLog)(nil)
)

// StubService calls its function fields; a nil field panics.
type StubService struct {
	CreateStubFn         func(ctx context.Context, accountID int64, s *partnerd.Stub) error
	FindStubsFn          func(ctx context.Context, accountID int64, f partnerd.StubFilter) ([]*partnerd.Stub, error)
	FindStubByIDFn       func(ctx context.Context, accountID, id int64) (*partnerd.Stub, error)
	DeleteStubFn         func(ctx context.Context, accountID, id int64) error
	DeleteStubsFn        func(ctx context.Context, accountID int64) (int, error)
	FindWorkspaceStubsFn func(ctx context.Context, workspaceID int64, provider, action string) ([]*partnerd.Stub, error)
	HitStubFn            func(ctx context.Context, accountID, id int64) (int, error)
}

func (s *StubService) CreateStub(ctx context.Context, accountID int64, st *partnerd.Stub) error {
	return s.CreateStubFn(ctx, accountID, st)
}

func (s *StubService) FindStubs(ctx context.Context, accountID int64, f partnerd.StubFilter) ([]*partnerd.Stub, error) {
	return s.FindStubsFn(ctx, accountID, f)
}

func (s *StubService) FindStubByID(ctx context.Context, accountID, id int64) (*partnerd.Stub, error) {
	return s.FindStubByIDFn(ctx, accountID, id)
}

func (s *StubService) DeleteStub(ctx context.Context, accountID, id int64) error {
	return s.DeleteStubFn(ctx, accountID, id)
}

func (s *StubService) DeleteStubs(ctx context.Context, accountID int64) (int, error) {
	return s.DeleteStubsFn(ctx, accountID)
}

func (s *StubService) FindWorkspaceStubs(ctx context.Context, workspaceID int64, provider, action string) ([]*partnerd.Stub, error) {
	return s.FindWorkspaceStubsFn(ctx, workspaceID, provider, action)
}

func (s *StubService) HitStub(ctx context.Context, accountID, id int64) (int, error) {
	return s.HitStubFn(ctx, accountID, id)
}

// ConnectorCallLog calls its function fields; a nil field panics.
type ConnectorCallLog struct {
	RecordConnectorCallsFn func(ctx context.Context, workspaceID int64, calls []*partnerd.ConnectorCall) error
	FindConnectorCallsFn   func(ctx context.Context, accountID int64, f partnerd.ConnectorCallFilter) ([]*partnerd.ConnectorCall, int, error)
	DeleteConnectorCallsFn func(ctx context.Context, accountID int64) (int, error)
}

func (l *ConnectorCallLog) RecordConnectorCalls(ctx context.Context, workspaceID int64, calls []*partnerd.ConnectorCall) error {
	return l.RecordConnectorCallsFn(ctx, workspaceID, calls)
}

func (l *ConnectorCallLog) FindConnectorCalls(ctx context.Context, accountID int64, f partnerd.ConnectorCallFilter) ([]*partnerd.ConnectorCall, int, error) {
	return l.FindConnectorCallsFn(ctx, accountID, f)
}

func (l *ConnectorCallLog) DeleteConnectorCalls(ctx context.Context, accountID int64) (int, error) {
	return l.DeleteConnectorCallsFn(ctx, accountID)
}
