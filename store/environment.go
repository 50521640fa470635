package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/partnerd/partnerd"
)

// ProvisionEnvironments makes a customer its DEV environment and creates
// its TEST and PROD workspaces, which copy its settings and start empty.
func (db *DB) ProvisionEnvironments(ctx context.Context, accountID, id int64) (*partnerd.Workspace, error) {
	err := db.inTx(ctx, func(tx conn) error {
		var envType string
		var envOf int64
		err := tx.queryRow(ctx, `SELECT COALESCE(environment_type, ''), COALESCE(environment_of, 0) FROM workspaces
			WHERE account_id = ? AND id = ?`+db.dialect.forUpdate, accountID, id).Scan(&envType, &envOf)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return partnerd.ErrNotFound()
		case err != nil:
			return err
		case envOf != 0:
			return partnerd.Errorf(partnerd.EINVALID, "Environments are provisioned on the Development workspace")
		case envType != "":
			return nil
		}
		return provisionEnvironments(ctx, tx, id, db.now())
	})
	if err != nil {
		return nil, err
	}
	return db.FindCustomerByID(ctx, accountID, id)
}

// provisionEnvironments makes the workspace id its DEV environment and
// creates its TEST and PROD workspaces in tx.
func provisionEnvironments(ctx context.Context, tx conn, id, now int64) error {
	if _, err := tx.exec(ctx, `UPDATE workspaces SET environment_type = ?, updated_at = ? WHERE id = ?`, partnerd.EnvironmentDev, now, id); err != nil {
		return err
	}
	for _, envType := range []string{partnerd.EnvironmentTest, partnerd.EnvironmentProd} {
		var envID int64
		err := tx.queryRow(ctx, `INSERT INTO workspaces (account_id, external_id, name, notification_email,
			admin_notification_emails, error_notification_emails, plan_id, trial, in_trial, origin_url,
			frame_ancestors, whitelisted_apps, time_zone, team_name, auth_settings, full_embedding,
			active_connection_limit, environment_type, environment_of, created_at, updated_at)
			SELECT account_id, NULL, name, notification_email, admin_notification_emails, error_notification_emails,
			plan_id, trial, in_trial, origin_url, frame_ancestors, whitelisted_apps, time_zone, team_name,
			auth_settings, full_embedding, active_connection_limit, ?, id, ?, ?
			FROM workspaces WHERE id = ? RETURNING id`, envType, now, now, id).Scan(&envID)
		if err != nil {
			return err
		}
		if _, err := initWorkspace(ctx, tx, envID, now); err != nil {
			return err
		}
	}
	return nil
}

// FindEnvironmentID returns the workspace of an environment of the
// customer that id belongs to.
func (db *DB) FindEnvironmentID(ctx context.Context, accountID, id int64, envType string) (int64, error) {
	return cached(db, environmentKey{accountID, id, envType}, func() (int64, error) {
		var found int64
		err := db.reader().queryRow(ctx, `SELECT e.id FROM workspaces w JOIN workspaces e
			ON e.id = COALESCE(w.environment_of, w.id) OR e.environment_of = COALESCE(w.environment_of, w.id)
			WHERE w.account_id = ? AND w.id = ? AND e.environment_type = ?`, accountID, id, envType).Scan(&found)
		if errors.Is(err, sql.ErrNoRows) {
			if envType == partnerd.EnvironmentDev {
				// A customer without environments is its own development workspace.
				err = db.reader().queryRow(ctx, `SELECT id FROM workspaces
					WHERE account_id = ? AND id = ? AND environment_type IS NULL`, accountID, id).Scan(&found)
			}
			if errors.Is(err, sql.ErrNoRows) {
				return 0, partnerd.ErrNotFound()
			}
		}
		return found, err
	})
}

// environmentKey keys the id of an environment workspace in the read cache.
type environmentKey struct {
	accountID, id int64
	envType       string
}

// attachEnvironmentWorkspaces lists the environment workspaces of each
// provisioned customer of list, DEV, TEST then PROD, by their ids.
func (db *DB) attachEnvironmentWorkspaces(ctx context.Context, list []*partnerd.Workspace) error {
	byBase := map[int64][]*partnerd.Workspace{}
	var bases []any
	for _, w := range list {
		if w.IsAdmin() || w.EnvironmentType == "" {
			continue
		}
		base := w.ID
		if w.EnvironmentOf != 0 {
			base = w.EnvironmentOf
		}
		if byBase[base] == nil {
			bases = append(bases, base)
		}
		byBase[base] = append(byBase[base], w)
	}
	if len(bases) == 0 {
		return nil
	}
	in := placeholders(len(bases))
	rows, err := db.reader().query(ctx, `SELECT COALESCE(environment_of, id), id, environment_type FROM workspaces
		WHERE id IN (`+in+`) OR environment_of IN (`+in+`)`, append(bases, bases...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	found := map[int64]map[string]int64{}
	for rows.Next() {
		var base, id int64
		var envType string
		if err := rows.Scan(&base, &id, &envType); err != nil {
			return err
		}
		if found[base] == nil {
			found[base] = map[string]int64{}
		}
		found[base][envType] = id
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for base, members := range byBase {
		for _, env := range partnerd.EnvironmentTypes {
			id, ok := found[base][env[1]]
			if !ok {
				continue
			}
			for _, w := range members {
				w.Environments = append(w.Environments, &partnerd.Environment{ID: id, Name: env[0], Type: env[1]})
			}
		}
	}
	return nil
}
