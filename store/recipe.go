package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd"
)

var _ partnerd.RecipeService = (*DB)(nil)

// Recipes live in folders: a folder with one is not empty.
var _ = folderContent("recipes", "folder_id")

// A connection that a running recipe of its workspace names in its config
// cannot be deleted.
var _ = connectionUser(`SELECT COUNT(*) FROM recipe_connections rc JOIN recipes r ON r.id = rc.recipe_id
	WHERE r.workspace_id = ? AND rc.connection_id = ? AND r.running = TRUE`)

// recipeColumns are the columns scanRecipe reads; code is left empty when
// excludeCode is set, so that large recipes are not read for nothing. The
// code's size in bytes is read either way: octet_length reads it from the
// value's header on both databases, never the value itself.
func recipeColumns(excludeCode bool) string {
	code := "r.code"
	if excludeCode {
		code = "''"
	}
	return `r.id, r.workspace_id, r.name, r.description, r.folder_id, f.project_id, ` + code + `, r.config,
	r.trigger_application, r.action_applications, r.private, r.running, r.stopped_at, r.stop_cause, r.copy_count,
	r.version_no, r.author_name, v.author_name, v.author_email, v.comment, r.job_succeeded_count,
	r.job_failed_count, r.lifetime_task_count, r.last_run_at, r.created_at, r.updated_at, r.revision,
	octet_length(r.code), r.webhook_token, r.concurrency`
}

// recipeFrom joins a recipe with its folder (for the project) and its
// current version (for the version's author).
const recipeFrom = ` FROM recipes r JOIN folders f ON f.id = r.folder_id
	JOIN recipe_versions v ON v.recipe_id = r.id AND v.version_no = r.version_no`

func scanRecipe(row interface{ Scan(...any) error }) (*partnerd.Recipe, error) {
	var r partnerd.Recipe
	var description, trigger, stopCause, comment, webhookToken sql.NullString
	var projectID, stoppedAt, lastRunAt sql.NullInt64
	var created, updated int64
	err := row.Scan(&r.ID, &r.WorkspaceID, &r.Name, &description, &r.FolderID, &projectID, &r.Code, jsonColumn{&r.Config},
		&trigger, jsonColumn{&r.ActionApplications}, &r.Private, &r.Running, &stoppedAt, &stopCause, &r.CopyCount,
		&r.VersionNo, &r.AuthorName, &r.VersionAuthorName, &r.VersionAuthorEmail, &comment, &r.JobSucceededCount,
		&r.JobFailedCount, &r.LifetimeTaskCount, &lastRunAt, &created, &updated, &r.Revision, &r.CodeSize, &webhookToken, &r.Concurrency)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	r.Description, r.TriggerApplication, r.StopCause, r.VersionComment = stringPtr(description), stringPtr(trigger), stringPtr(stopCause), stringPtr(comment)
	r.ProjectID, r.StoppedAt, r.LastRunAt = int64Ptr(projectID), nullTime(stoppedAt), nullTime(lastRunAt)
	r.CreatedAt, r.UpdatedAt, r.WebhookToken = fromMS(created), fromMS(updated), webhookToken.String
	if r.Config == nil {
		r.Config = []partnerd.RecipeConfig{}
	}
	if r.ActionApplications == nil {
		r.ActionApplications = []string{}
	}
	return &r, nil
}

// findRecipe reads a recipe of the workspace within the caller's scope, on
// tx or the reader.
func (db *DB) findRecipe(ctx context.Context, c conn, workspaceID, id int64) (*partnerd.Recipe, error) {
	return db.findRecipeColumns(ctx, c, workspaceID, id, false)
}

// findRecipeWritten reads back a recipe just written with code, without
// reading the code again.
func (db *DB) findRecipeWritten(ctx context.Context, workspaceID, id int64, code string) (*partnerd.Recipe, error) {
	r, err := db.findRecipeColumns(ctx, db.reader(), workspaceID, id, true)
	if err == nil {
		r.Code = code
	}
	return r, err
}

func (db *DB) findRecipeColumns(ctx context.Context, c conn, workspaceID, id int64, excludeCode bool) (*partnerd.Recipe, error) {
	scope, args := folderScope(ctx, workspaceID, "r.folder_id")
	return scanRecipe(c.queryRow(ctx, `SELECT `+recipeColumns(excludeCode)+recipeFrom+`
		WHERE r.workspace_id = ? AND r.id = ?`+scope, append([]any{workspaceID, id}, args...)...))
}

// addRecipeVersion records version n of a recipe, written by the
// workspace: its name and notification email are the author.
func addRecipeVersion(ctx context.Context, tx conn, workspaceID, recipeID int64, n int, now int64) error {
	var name, email string
	err := tx.queryRow(ctx, `SELECT name, notification_email FROM workspaces WHERE id = ?`, workspaceID).Scan(&name, &email)
	if errors.Is(err, sql.ErrNoRows) {
		return partnerd.ErrNotFound()
	} else if err != nil {
		return err
	}
	if err := keepSupersededVersion(ctx, tx, recipeID); err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO recipe_versions (recipe_id, version_no, author_name, author_email, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, recipeID, n, name, email, now, now)
	return err
}

// setRecipeLinks records the applications of a recipe's code and the
// connections of its config, for the filters and for connection deletes.
func setRecipeLinks(ctx context.Context, tx conn, r *partnerd.Recipe) error {
	if _, err := tx.exec(ctx, `DELETE FROM recipe_applications WHERE recipe_id = ?`, r.ID); err != nil {
		return err
	}
	for _, name := range r.Applications() {
		if _, err := tx.exec(ctx, `INSERT INTO recipe_applications (recipe_id, name) VALUES (?, ?)`, r.ID, name); err != nil {
			return err
		}
	}
	if _, err := tx.exec(ctx, `DELETE FROM recipe_connections WHERE recipe_id = ?`, r.ID); err != nil {
		return err
	}
	for _, id := range r.ConnectionIDs() {
		if _, err := tx.exec(ctx, `INSERT INTO recipe_connections (recipe_id, connection_id) VALUES (?, ?)`, r.ID, id); err != nil {
			return err
		}
	}
	return nil
}

// connectionsPerQuery bounds the ids of one statement of
// checkRecipeConnections, well below either database's limit.
const connectionsPerQuery = 500

// checkRecipeConnections checks that every connection the config names is
// a connection of the workspace within the caller's scope. Each entry that
// names another is EINVALID on "config", an id of another workspace as one
// that does not exist, so that neither can be told from the other.
func checkRecipeConnections(ctx context.Context, c conn, workspaceID int64, r *partnerd.Recipe) error {
	found := map[int64]bool{}
	scope, scopeArgs := folderScope(ctx, workspaceID, "c.folder_id")
	for ids := range slices.Chunk(r.ConnectionIDs(), connectionsPerQuery) {
		args := []any{workspaceID}
		for _, id := range ids {
			args = append(args, id)
		}
		rows, err := c.query(ctx, `SELECT c.id FROM connections c WHERE c.workspace_id = ? AND c.id IN (`+
			placeholders(len(ids))+`)`+scope, append(args, scopeArgs...)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			found[id] = true
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	v := partnerd.Validation{}
	for i, entry := range r.Config {
		if entry.AccountID != nil && !found[*entry.AccountID] {
			v.Add("config", "entry "+strconv.Itoa(i+1)+" has an invalid account_id")
		}
	}
	return v.Err()
}

// insertRecipe stores a new recipe, stopped, as version 1; the workspace
// is its author.
func insertRecipe(ctx context.Context, tx conn, workspaceID int64, r *partnerd.Recipe, now int64) error {
	if err := checkRecipeConnections(ctx, tx, workspaceID, r); err != nil {
		return err
	}
	r.WebhookToken, r.Concurrency = partnerd.NewWebhookToken(), max(r.Concurrency, 1)
	err := tx.queryRow(ctx, `INSERT INTO recipes (workspace_id, folder_id, name, description, code, config,
		trigger_application, action_applications, private, author_name, created_at, updated_at, revision, webhook_token, concurrency)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT name FROM workspaces WHERE id = ?), ?, ?, ?, ?, ?) RETURNING id`,
		workspaceID, r.FolderID, r.Name, nullString(r.Description), r.Code, jsonText(r.Config),
		nullString(r.TriggerApplication), jsonText(r.ActionApplications), r.Private, workspaceID, now, now,
		newRevision(), r.WebhookToken, r.Concurrency).Scan(&r.ID)
	if err != nil {
		return err
	}
	if err := addRecipeVersion(ctx, tx, workspaceID, r.ID, 1, now); err != nil {
		return err
	}
	return setRecipeLinks(ctx, tx, r)
}

// CreateRecipe stores a stopped recipe as version 1.
func (db *DB) CreateRecipe(ctx context.Context, workspaceID int64, r *partnerd.Recipe) error {
	if err := r.Validate(); err != nil {
		return err
	}
	err := db.inTx(ctx, func(tx conn) error {
		folderID, err := db.contentFolder(ctx, tx, workspaceID, r.FolderID)
		if err != nil {
			return err
		}
		r.FolderID = folderID
		return insertRecipe(ctx, tx, workspaceID, r, db.now())
	})
	if err != nil {
		return err
	}
	created, err := db.findRecipeWritten(ctx, workspaceID, r.ID, r.Code)
	if err == nil {
		*r = *created
	}
	return err
}

// FindRecipeByID returns a recipe of the workspace.
func (db *DB) FindRecipeByID(ctx context.Context, workspaceID, id int64) (*partnerd.Recipe, error) {
	return db.findRecipe(ctx, db.reader(), workspaceID, id)
}

// FindRecipes returns a page of the workspace's recipes in descending id.
func (db *DB) FindRecipes(ctx context.Context, workspaceID int64, flt partnerd.RecipeFilter) ([]*partnerd.Recipe, int, error) {
	cond, args := recipeWhere(ctx, workspaceID, flt)
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM recipes r WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	list, err := db.queryRecipes(ctx, `SELECT `+recipeColumns(flt.ExcludeCode)+recipeFrom+` WHERE `+cond+
		` ORDER BY r.id DESC LIMIT ? OFFSET ?`, append(args, flt.Page.PerPage, flt.Page.Offset())...)
	return list, total, err
}

// recipeWhere returns the condition on recipes r of a filter, the
// caller's folder scope included, and its arguments.
func recipeWhere(ctx context.Context, workspaceID int64, flt partnerd.RecipeFilter) (string, []any) {
	where := []string{"r.workspace_id = ?"}
	args := []any{workspaceID}
	add := func(cond string, values ...any) {
		where = append(where, cond)
		args = append(args, values...)
	}
	if flt.FolderID != nil {
		add("r.folder_id = ?", *flt.FolderID)
	}
	if flt.Running != nil {
		add("r.running = ?", *flt.Running)
	}
	if flt.SinceID != nil {
		add("r.id < ?", *flt.SinceID)
	}
	if flt.StoppedAfter != nil {
		add("r.stopped_at > ?", toMS(*flt.StoppedAfter))
	}
	if flt.StopCause != nil {
		add("r.stop_cause = ?", *flt.StopCause)
	}
	if flt.UpdatedAfter != nil {
		add("r.updated_at > ?", toMS(*flt.UpdatedAfter))
	}
	if names := uniqueNames(flt.ApplicationsAny); len(names) > 0 {
		add(`EXISTS (SELECT 1 FROM recipe_applications a WHERE a.recipe_id = r.id AND a.name IN (`+placeholders(len(names))+`))`, anys(names)...)
	}
	if names := uniqueNames(flt.ApplicationsAll); len(names) > 0 {
		add(`(SELECT COUNT(*) FROM recipe_applications a WHERE a.recipe_id = r.id AND a.name IN (`+placeholders(len(names))+`)) = ?`,
			append(anys(names), len(names))...)
	}
	scope, scopeArgs := folderScope(ctx, workspaceID, "r.folder_id")
	return strings.Join(where, " AND ") + scope, append(args, scopeArgs...)
}

// queryRecipes runs a query of recipeColumns on the reader.
func (db *DB) queryRecipes(ctx context.Context, query string, args ...any) ([]*partnerd.Recipe, error) {
	rows, err := db.reader().query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*partnerd.Recipe{}
	for rows.Next() {
		r, err := scanRecipe(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, r)
	}
	return list, rows.Err()
}

// uniqueNames returns the names that are not blank, each once.
func uniqueNames(list []string) []string {
	var out []string
	for _, s := range list {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// anys returns the strings as query arguments.
func anys(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

// UpdateRecipe applies changes to a stopped recipe in one transaction.
func (db *DB) UpdateRecipe(ctx context.Context, workspaceID, id int64, apply func(*partnerd.Recipe) error) (*partnerd.Recipe, error) {
	var written string
	err := db.inTx(ctx, func(tx conn) error {
		if running, err := db.recipeState(ctx, tx, workspaceID, id, db.dialect.forUpdate); err != nil {
			return err
		} else if running {
			return partnerd.ErrRecipeRunning()
		}
		r, err := db.findRecipe(ctx, tx, workspaceID, id)
		if err != nil {
			return err
		}
		code, config, folderID := r.Code, jsonText(r.Config), r.FolderID
		if err := apply(r); err != nil {
			return err
		}
		if err := r.Validate(); err != nil {
			return err
		}
		if r.FolderID != folderID {
			if r.FolderID, err = db.contentFolder(ctx, tx, workspaceID, r.FolderID); err != nil {
				return err
			}
		}
		now, version := db.now(), r.VersionNo
		if jsonText(r.Config) != config {
			if err := checkRecipeConnections(ctx, tx, workspaceID, r); err != nil {
				return err
			}
		}
		changed := r.Code != code || jsonText(r.Config) != config
		if changed {
			version++
			if err := addRecipeVersion(ctx, tx, workspaceID, id, version, now); err != nil {
				return err
			}
			if err := setRecipeLinks(ctx, tx, r); err != nil {
				return err
			}
		}
		_, err = tx.exec(ctx, `UPDATE recipes SET folder_id = ?, name = ?, description = ?, code = ?, config = ?,
			trigger_application = ?, action_applications = ?, private = ?, version_no = ?, updated_at = ?, revision = ?
			WHERE workspace_id = ? AND id = ?`,
			r.FolderID, r.Name, nullString(r.Description), r.Code, jsonText(r.Config), nullString(r.TriggerApplication),
			jsonText(r.ActionApplications), r.Private, version, now, newRevision(), workspaceID, id)
		written = r.Code
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.findRecipeWritten(ctx, workspaceID, id, written)
}

// DeleteRecipe deletes a stopped recipe; its jobs stay for usage, and
// those still queued fail, as they can no longer run.
func (db *DB) DeleteRecipe(ctx context.Context, workspaceID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		if running, err := db.recipeState(ctx, tx, workspaceID, id, db.dialect.forUpdate); err != nil {
			return err
		} else if running {
			return partnerd.ErrRecipeRunningDelete()
		}
		if err := failQueuedJobs(ctx, tx, id, db.now(), "Recipe was deleted before the job ran"); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `DELETE FROM recipes WHERE workspace_id = ? AND id = ?`, workspaceID, id)
		return err
	})
}
