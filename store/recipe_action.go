package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/partnerd/partnerd"
)

// recipeState reads whether a recipe of the workspace within the caller's
// scope runs; suffix ends the statement (a row lock inside a transaction).
func (db *DB) recipeState(ctx context.Context, c conn, workspaceID, id int64, suffix string) (running bool, err error) {
	scope, args := folderScope(ctx, workspaceID, "r.folder_id")
	err = c.queryRow(ctx, `SELECT r.running FROM recipes r WHERE r.workspace_id = ? AND r.id = ?`+scope+suffix,
		append([]any{workspaceID, id}, args...)...).Scan(&running)
	if errors.Is(err, sql.ErrNoRows) {
		return false, partnerd.ErrNotFound()
	}
	return running, err
}

// startAttempts bounds the validations of a recipe whose code keeps
// changing while it starts.
const startAttempts = 5

// StartRecipe validates a stopped recipe and starts it. The connector
// catalogue and the connections are read outside the transaction, which
// then starts the recipe only if its version is still the one validated.
func (db *DB) StartRecipe(ctx context.Context, workspaceID, id int64) (*partnerd.StartErrors, error) {
	for range startAttempts {
		r, err := db.FindRecipeByID(ctx, workspaceID, id)
		if err != nil || r.Running {
			return nil, err
		}
		problems, err := db.startProblems(ctx, r)
		if err != nil || problems != nil {
			return problems, err
		}
		var started int64
		err = db.inTx(ctx, func(tx conn) error {
			res, err := tx.exec(ctx, `UPDATE recipes SET running = TRUE, stopped_at = NULL, stop_cause = NULL, updated_at = ?, revision = ?
				WHERE workspace_id = ? AND id = ? AND running = FALSE AND version_no = ?`, db.now(), newRevision(), workspaceID, id, r.VersionNo)
			if err == nil {
				started, err = res.RowsAffected()
			}
			if err == nil && started == 1 {
				err = db.scheduleRecipe(ctx, tx, r)
			}
			return err
		})
		if err != nil || started == 1 {
			return nil, err
		}
	}
	return nil, partnerd.Errorf(partnerd.ECONFLICT, "The recipe changed while it was starting; try again")
}

// startProblems runs ValidateStart with the catalogue of the workspace
// and the workspace's connections within the caller's folders: a
// connection outside them is one that does not exist.
func (db *DB) startProblems(ctx context.Context, r *partnerd.Recipe) (*partnerd.StartErrors, error) {
	var lookupErr error
	connectors := map[string]*partnerd.Connector{}
	connector := func(provider string) (requiresConnection, ok bool) {
		c, seen := connectors[provider]
		if !seen {
			var err error
			c, err = db.FindConnector(ctx, r.WorkspaceID, provider)
			if code := partnerd.ErrorCode(err); code != "" && code != partnerd.ENOTFOUND {
				lookupErr = err
			}
			connectors[provider] = c
		}
		return c != nil && c.RequiresConnection, c != nil
	}
	connection := func(id int64) (provider string, authorized, ok bool) {
		var status sql.NullString
		scope, args := folderScope(ctx, r.WorkspaceID, "c.folder_id")
		err := db.reader().queryRow(ctx, `SELECT c.provider, c.authorization_status FROM connections c
			WHERE c.workspace_id = ? AND c.id = ?`+scope, append([]any{r.WorkspaceID, id}, args...)...).Scan(&provider, &status)
		if err != nil {
			if !errors.Is(err, sql.ErrNoRows) {
				lookupErr = err
			}
			return "", false, false
		}
		return provider, status.String == partnerd.AuthorizationSuccess, true
	}
	problems := r.ValidateStart(connector, connection)
	if db.CheckCode != nil {
		problems = problems.AddCode(db.CheckCode(r.Code))
	}
	if lookupErr != nil {
		return nil, lookupErr
	}
	return problems, nil
}

// StopRecipe stops a running recipe; a stopped one stays as it is.
func (db *DB) StopRecipe(ctx context.Context, workspaceID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		running, err := db.recipeState(ctx, tx, workspaceID, id, db.dialect.forUpdate)
		if err != nil || !running {
			return err
		}
		now := db.now()
		_, err = tx.exec(ctx, `UPDATE recipes SET running = FALSE, stopped_at = ?, updated_at = ?, revision = ? WHERE workspace_id = ? AND id = ?`,
			now, now, newRevision(), workspaceID, id)
		if err == nil {
			_, err = tx.exec(ctx, `DELETE FROM recipe_schedules WHERE recipe_id = ?`, id)
		}
		return err
	})
}

// CopyRecipe copies a recipe, stopped and private, as version 1 named
// "<name> (copy)", and counts the copy on the original.
func (db *DB) CopyRecipe(ctx context.Context, workspaceID, id int64, folderID *int64) (*partnerd.Recipe, error) {
	var c *partnerd.Recipe
	err := db.inTx(ctx, func(tx conn) error {
		if _, err := db.recipeState(ctx, tx, workspaceID, id, db.dialect.forUpdate); err != nil {
			return err
		}
		orig, err := db.findRecipe(ctx, tx, workspaceID, id)
		if err != nil {
			return err
		}
		c = &partnerd.Recipe{Name: orig.Name + " (copy)", Description: orig.Description, FolderID: orig.FolderID, Concurrency: orig.Concurrency,
			Code: orig.Code, Config: orig.Config, Private: true,
			TriggerApplication: orig.TriggerApplication, ActionApplications: orig.ActionApplications}
		if folderID != nil {
			if c.FolderID, err = db.contentFolder(ctx, tx, workspaceID, *folderID); err != nil {
				return err
			}
		}
		if err := insertRecipe(ctx, tx, workspaceID, c, db.now()); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE recipes SET copy_count = copy_count + 1, revision = ? WHERE id = ?`, newRevision(), orig.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.FindRecipeByID(ctx, workspaceID, c.ID)
}

// FindRecipeVersions returns a page of a recipe's versions, newest first.
func (db *DB) FindRecipeVersions(ctx context.Context, workspaceID, recipeID int64, pg partnerd.Page) ([]*partnerd.RecipeVersion, int, error) {
	if _, err := db.recipeState(ctx, db.reader(), workspaceID, recipeID, ""); err != nil {
		return nil, 0, err
	}
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM recipe_versions WHERE recipe_id = ?`, recipeID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT id, recipe_id, version_no, comment, author_name, author_email, created_at, updated_at
		FROM recipe_versions WHERE recipe_id = ? ORDER BY version_no DESC LIMIT ? OFFSET ?`, recipeID, pg.PerPage, pg.Offset())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.RecipeVersion{}
	for rows.Next() {
		var v partnerd.RecipeVersion
		var comment sql.NullString
		var created, updated int64
		if err := rows.Scan(&v.ID, &v.RecipeID, &v.VersionNo, &comment, &v.AuthorName, &v.AuthorEmail, &created, &updated); err != nil {
			return nil, 0, err
		}
		v.Comment = stringPtr(comment)
		v.CreatedAt, v.UpdatedAt = fromMS(created), fromMS(updated)
		list = append(list, &v)
	}
	return list, total, rows.Err()
}
