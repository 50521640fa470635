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
	query := recipeStampFrom + ` WHERE ` + cond + ` ORDER BY r.id DESC LIMIT ? OFFSET ?`
	args = append(args, flt.Page.PerPage, flt.Page.Offset())
	return cached(db, keyOfQuery(query, args), func() ([]partnerd.RecipeStamp, error) {
		return db.findRecipeStamps(ctx, query, args, flt.Page.PerPage)
	})
}

func (db *DB) findRecipeStamps(ctx context.Context, query string, args []any, perPage int) ([]partnerd.RecipeStamp, error) {
	rows, err := db.reader().query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := make([]partnerd.RecipeStamp, 0, perPage)
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
	scope, scopeArgs := folderScope(ctx, workspaceID, "r.folder_id")
	query := recipeStampFrom + ` WHERE r.workspace_id = ? AND r.id = ?` + scope
	args := append([]any{workspaceID, id}, scopeArgs...)
	return cached(db, keyOfQuery(query, args), func() (partnerd.RecipeStamp, error) {
		s, err := scanRecipeStamp(db.reader().queryRow(ctx, query, args...))
		if errors.Is(err, sql.ErrNoRows) {
			return s, partnerd.ErrNotFound()
		}
		return s, err
	})
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
