package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/partnerd/partnerd"
)

// keepSupersededVersion copies the recipe's code and config, which are
// still those of its current version, onto that version's row before a
// new version supersedes it; callers add a version before they write the
// recipe's new code.
func keepSupersededVersion(ctx context.Context, tx conn, recipeID int64) error {
	_, err := tx.exec(ctx, `UPDATE recipe_versions SET code = (SELECT code FROM recipes WHERE id = ?),
		config = (SELECT config FROM recipes WHERE id = ?)
		WHERE recipe_id = ? AND code IS NULL AND version_no = (SELECT version_no FROM recipes WHERE id = ?)`,
		recipeID, recipeID, recipeID, recipeID)
	return err
}

// recipeVersionSelect reads a version with its code and config: the
// current version's are the recipe's.
const recipeVersionSelect = `SELECT v.id, v.recipe_id, v.version_no, v.comment, v.author_name, v.author_email, v.created_at, v.updated_at,
	CASE WHEN v.version_no = r.version_no THEN r.code ELSE v.code END,
	CASE WHEN v.version_no = r.version_no THEN r.config ELSE v.config END
	FROM recipe_versions v JOIN recipes r ON r.id = v.recipe_id
	WHERE r.workspace_id = ? AND v.recipe_id = ? AND v.id = ?`

// FindRecipeVersion returns one version of a recipe of the workspace.
func (db *DB) FindRecipeVersion(ctx context.Context, workspaceID, recipeID, versionID int64) (*partnerd.RecipeVersion, error) {
	if _, err := db.recipeState(ctx, db.reader(), workspaceID, recipeID, ""); err != nil {
		return nil, err
	}
	return scanRecipeVersion(db.reader().queryRow(ctx, recipeVersionSelect, workspaceID, recipeID, versionID))
}

// CommentRecipeVersion sets the comment of a version of a recipe of the
// workspace; a blank comment clears it.
func (db *DB) CommentRecipeVersion(ctx context.Context, workspaceID, recipeID, versionID int64, comment *string) (*partnerd.RecipeVersion, error) {
	if comment != nil && len([]rune(*comment)) > partnerd.MaxVersionComment {
		return nil, partnerd.FieldError("comment", "is too long (maximum is 1000 characters)")
	}
	if comment != nil && *comment == "" {
		comment = nil
	}
	var v *partnerd.RecipeVersion
	err := db.inTx(ctx, func(tx conn) error {
		if _, err := db.recipeState(ctx, tx, workspaceID, recipeID, db.dialect.forUpdate); err != nil {
			return err
		}
		if err := changedOne(tx.exec(ctx, `UPDATE recipe_versions SET comment = ?, updated_at = ? WHERE recipe_id = ? AND id = ?`,
			nullString(comment), db.now(), recipeID, versionID)); err != nil {
			return err
		}
		var err error
		v, err = scanRecipeVersion(tx.queryRow(ctx, recipeVersionSelect, workspaceID, recipeID, versionID))
		return err
	})
	return v, err
}

// scanRecipeVersion reads a row of recipeVersionSelect.
func scanRecipeVersion(row *sql.Row) (*partnerd.RecipeVersion, error) {
	var v partnerd.RecipeVersion
	var comment, code, config sql.NullString
	var created, updated int64
	err := row.Scan(&v.ID, &v.RecipeID, &v.VersionNo, &comment, &v.AuthorName, &v.AuthorEmail, &created, &updated, &code, &config)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	v.Comment, v.Code = stringPtr(comment), stringPtr(code)
	v.CreatedAt, v.UpdatedAt = fromMS(created), fromMS(updated)
	if config.Valid {
		if err := json.Unmarshal([]byte(config.String), &v.Config); err != nil {
			return nil, err
		}
	}
	return &v, nil
}
