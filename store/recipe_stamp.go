package store

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"

	"github.com/partnerd/partnerd"
)

// newRevision returns a recipe revision: random, so that a value once
// used never names another state, even after a snapshot is restored.
func newRevision() int64 { return rand.Int64() }

// recipeStampFrom reads a recipe's stamp from the index on (workspace_id,
// id, revision, folder_id) and its folder, never from the recipe's row.
const recipeStampFrom = `SELECT r.id, r.revision, f.project_id FROM recipes r JOIN folders f ON f.id = r.folder_id`

func scanRecipeStamp(row interface{ Scan(...any) error }) (partnerd.RecipeStamp, error) {
	var s partnerd.RecipeStamp
	var projectID sql.NullInt64
	if err := row.Scan(&s.ID, &s.Revision, &projectID); err != nil {
		return s, err
	}
	s.ProjectID = int64Ptr(projectID)
	return s, nil
}

// FindRecipeStamps returns the stamps of a page of the workspace's recipes.
func (db *DB) FindRecipeStamps(ctx context.Context, workspaceID int64, flt partnerd.RecipeFilter) ([]partnerd.RecipeStamp, error) {
	cond, args := recipeWhere(ctx, workspaceID, flt)
	rows, err := db.reader().query(ctx, recipeStampFrom+` WHERE `+cond+` ORDER BY r.id DESC LIMIT ? OFFSET ?`,
		append(args, flt.Page.PerPage, flt.Page.Offset())...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := make([]partnerd.RecipeStamp, 0, flt.Page.PerPage)
	for rows.Next() {
		s, err := scanRecipeStamp(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}
	return list, rows.Err()
}

// FindRecipeStamp returns the stamp of a recipe of the workspace within
// the caller's scope.
func (db *DB) FindRecipeStamp(ctx context.Context, workspaceID, id int64) (partnerd.RecipeStamp, error) {
	scope, args := folderScope(ctx, workspaceID, "r.folder_id")
	s, err := scanRecipeStamp(db.reader().queryRow(ctx, recipeStampFrom+` WHERE r.workspace_id = ? AND r.id = ?`+scope,
		append([]any{workspaceID, id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return s, partnerd.ErrNotFound()
	}
	return s, err
}

// FindRecipesByID returns the recipes of ids of the workspace within the
// caller's scope.
func (db *DB) FindRecipesByID(ctx context.Context, workspaceID int64, ids []int64, excludeCode bool) ([]*partnerd.Recipe, error) {
	if len(ids) == 0 {
		return []*partnerd.Recipe{}, nil
	}
	scope, scopeArgs := folderScope(ctx, workspaceID, "r.folder_id")
	args := []any{workspaceID}
	for _, id := range ids {
		args = append(args, id)
	}
	return db.queryRecipes(ctx, `SELECT `+recipeColumns(excludeCode)+recipeFrom+` WHERE r.workspace_id = ? AND r.id IN (`+
		placeholders(len(ids))+`)`+scope, append(args, scopeArgs...)...)
}
