package mock

import (
	"context"

	"github.com/partnerd/partnerd"
)

var _ partnerd.LookupTableService = (*LookupTableService)(nil)

// LookupTableService calls its function fields; a nil field panics.
type LookupTableService struct {
	CreateLookupTableFn   func(ctx context.Context, workspaceID int64, t *partnerd.LookupTable) error
	FindLookupTableByIDFn func(ctx context.Context, workspaceID, id int64) (*partnerd.LookupTable, error)
	FindLookupTablesFn    func(ctx context.Context, workspaceID int64, p partnerd.Page) ([]*partnerd.LookupTable, int, error)
	DeleteLookupTablesFn  func(ctx context.Context, workspaceID int64, ids []int64) error
	FindLookupRowsFn      func(ctx context.Context, workspaceID, tableID int64, f partnerd.LookupRowFilter) ([]*partnerd.LookupRow, error)
	FindLookupRowByIDFn   func(ctx context.Context, workspaceID, tableID, id int64) (*partnerd.LookupRow, error)
	FindFirstLookupRowFn  func(ctx context.Context, workspaceID, tableID int64, by []partnerd.LookupCondition) (*partnerd.LookupRow, error)
	AddLookupRowFn        func(ctx context.Context, workspaceID, tableID int64, data partnerd.LookupData) (*partnerd.LookupRow, error)
	AddLookupRowsFn       func(ctx context.Context, workspaceID, tableID int64, rows []partnerd.LookupData) error
	UpdateLookupRowFn     func(ctx context.Context, workspaceID, tableID, id int64, data partnerd.LookupData) (*partnerd.LookupRow, error)
	DeleteLookupRowFn     func(ctx context.Context, workspaceID, tableID, id int64) error
}

func (s *LookupTableService) CreateLookupTable(ctx context.Context, workspaceID int64, t *partnerd.LookupTable) error {
	return s.CreateLookupTableFn(ctx, workspaceID, t)
}

func (s *LookupTableService) FindLookupTableByID(ctx context.Context, workspaceID, id int64) (*partnerd.LookupTable, error) {
	return s.FindLookupTableByIDFn(ctx, workspaceID, id)
}

func (s *LookupTableService) FindLookupTables(ctx context.Context, workspaceID int64, p partnerd.Page) ([]*partnerd.LookupTable, int, error) {
	return s.FindLookupTablesFn(ctx, workspaceID, p)
}

func (s *LookupTableService) DeleteLookupTables(ctx context.Context, workspaceID int64, ids []int64) error {
	return s.DeleteLookupTablesFn(ctx, workspaceID, ids)
}

func (s *LookupTableService) FindLookupRows(ctx context.Context, workspaceID, tableID int64, f partnerd.LookupRowFilter) ([]*partnerd.LookupRow, error) {
	return s.FindLookupRowsFn(ctx, workspaceID, tableID, f)
}

func (s *LookupTableService) FindLookupRowByID(ctx context.Context, workspaceID, tableID, id int64) (*partnerd.LookupRow, error) {
	return s.FindLookupRowByIDFn(ctx, workspaceID, tableID, id)
}

func (s *LookupTableService) FindFirstLookupRow(ctx context.Context, workspaceID, tableID int64, by []partnerd.LookupCondition) (*partnerd.LookupRow, error) {
	return s.FindFirstLookupRowFn(ctx, workspaceID, tableID, by)
}

func (s *LookupTableService) AddLookupRow(ctx context.Context, workspaceID, tableID int64, data partnerd.LookupData) (*partnerd.LookupRow, error) {
	return s.AddLookupRowFn(ctx, workspaceID, tableID, data)
}

func (s *LookupTableService) AddLookupRows(ctx context.Context, workspaceID, tableID int64, rows []partnerd.LookupData) error {
	return s.AddLookupRowsFn(ctx, workspaceID, tableID, rows)
}

func (s *LookupTableService) UpdateLookupRow(ctx context.Context, workspaceID, tableID, id int64, data partnerd.LookupData) (*partnerd.LookupRow, error) {
	return s.UpdateLookupRowFn(ctx, workspaceID, tableID, id, data)
}

func (s *LookupTableService) DeleteLookupRow(ctx context.Context, workspaceID, tableID, id int64) error {
	return s.DeleteLookupRowFn(ctx, workspaceID, tableID, id)
}
