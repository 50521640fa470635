package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

// Ensure the service is implemented.
var _ partnerd.WorkspaceService = (*DB)(nil)

const workspaceColumns = `w.id, COALESCE(w.account_id, w.id), w.external_id, w.name, w.notification_email,
	w.admin_notification_emails, w.error_notification_emails, w.plan_id, w.trial, w.in_trial,
	w.origin_url, w.frame_ancestors, w.whitelisted_apps, w.time_zone, w.team_name, w.auth_settings,
	w.full_embedding, w.active_connection_limit, w.created_at, w.updated_at,
	COALESCE(w.environment_type, ''), COALESCE(w.environment_of, 0),
	(SELECT f.id FROM folders f WHERE f.workspace_id = w.id AND f.parent_id IS NULL)`

// workspaceSelect returns the columns of a workspace with its counts: its
// recipes, running recipes, authorized connections, and the tasks of the
// current billing period (the calendar month of the store's clock).
func (db *DB) workspaceSelect() string {
	now := db.Now.Now().Local()
	period := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location())
	return workspaceColumns + `,
	(SELECT COUNT(*) FROM recipes r WHERE r.workspace_id = w.id),
	(SELECT COUNT(*) FROM recipes r WHERE r.workspace_id = w.id AND r.running = TRUE),
	(SELECT COUNT(*) FROM connections c WHERE c.workspace_id = w.id AND c.authorization_status = 'success'),
	(SELECT COALESCE(SUM(j.task_count), 0) FROM recipe_jobs j WHERE j.workspace_id = w.id AND j.started_at >= ` +
		strconv.FormatInt(toMS(period), 10) + `)`
}

func scanWorkspace(row interface{ Scan(...any) error }) (*partnerd.Workspace, error) {
	var w partnerd.Workspace
	var externalID, adminEmails, errorEmails, originURL, frameAncestors sql.NullString
	var limit, rootFolder sql.NullInt64
	var created, updated int64
	err := row.Scan(&w.ID, &w.AccountID, &externalID, &w.Name, &w.NotificationEmail,
		&adminEmails, &errorEmails, &w.PlanID, &w.Trial, &w.InTrial,
		&originURL, &frameAncestors, jsonColumn{&w.WhitelistedApps}, &w.TimeZone, &w.TeamName, jsonColumn{&w.AuthSettings},
		&w.FullEmbedding, &limit, &created, &updated, &w.EnvironmentType, &w.EnvironmentOf, &rootFolder,
		&w.RecipeCount, &w.ActiveRecipeCount, &w.ActiveConnectionCount, &w.TaskCount)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	w.ExternalID, w.AdminNotificationEmails, w.ErrorNotificationEmails = stringPtr(externalID), stringPtr(adminEmails), stringPtr(errorEmails)
	w.OriginURL, w.FrameAncestors = stringPtr(originURL), stringPtr(frameAncestors)
	if limit.Valid {
		n := int(limit.Int64)
		w.ActiveConnectionLimit = &n
	}
	if w.WhitelistedApps == nil {
		w.WhitelistedApps = []string{}
	}
	w.RootFolderID = rootFolder.Int64
	w.CreatedAt, w.UpdatedAt = fromMS(created), fromMS(updated)
	return &w, nil
}

// CreateAccount creates an admin workspace with its owner as its first
// member and its first Admin client.
func (db *DB) CreateAccount(ctx context.Context, a *partnerd.NewAccount) (*partnerd.Workspace, *partnerd.DevAPIClient, error) {
	if a.Name == "" || !partnerd.ValidEmail(a.Email) {
		return nil, nil, partnerd.Errorf(partnerd.EINVALID, "An account needs a name and a valid email")
	}
	now := db.now()
	var id int64
	var client *partnerd.DevAPIClient
	err := db.inTx(ctx, func(tx conn) error {
		err := tx.queryRow(ctx, `INSERT INTO workspaces (owner_email, api_key_hash, name, notification_email,
			plan_id, time_zone, team_name, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			strings.ToLower(a.Email), a.APIKeyHash, a.Name, a.Email, partnerd.DefaultPlanID, partnerd.DefaultTimeZone, a.Name, now, now).Scan(&id)
		if err != nil {
			return err
		}
		roleID, err := initWorkspace(ctx, tx, id, now)
		if err != nil {
			return err
		}
		// The owner is the admin workspace's first member, as in Workato.
		if _, err := tx.exec(ctx, `INSERT INTO members (workspace_id, grant_type, role_name, name, email, time_zone, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, partnerd.GrantTypeTeamMember, partnerd.AdminRoleName, a.Name, strings.ToLower(a.Email),
			partnerd.DefaultTimeZone, now, now); err != nil {
			return err
		}
		client = &partnerd.DevAPIClient{Name: a.ClientName, RoleID: roleID, AllFolders: true, TokenHash: a.TokenHash}
		return insertDevAPIClient(ctx, tx, id, client, now)
	})
	if err != nil {
		return nil, nil, err
	}
	w, err := db.FindWorkspaceByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	created, err := db.FindDevAPIClientByID(ctx, id, client.ID)
	return w, created, err
}

// initWorkspace gives a new workspace its environments, home folder and
// built-in Admin client role, and returns the role's id.
func initWorkspace(ctx context.Context, tx conn, id, now int64) (int64, error) {
	for _, env := range partnerd.EnvironmentTypes {
		if _, err := tx.exec(ctx, `INSERT INTO environments (workspace_id, name, type) VALUES (?, ?, ?)`, id, env[0], env[1]); err != nil {
			return 0, err
		}
	}
	if _, err := tx.exec(ctx, `INSERT INTO folders (workspace_id, name, created_at, updated_at) VALUES (?, 'Home', ?, ?)`, id, now, now); err != nil {
		return 0, err
	}
	var roleID int64
	err := tx.queryRow(ctx, `INSERT INTO client_roles (workspace_id, name, built_in, privileges, created_at, updated_at)
		VALUES (?, ?, TRUE, ?, ?, ?) RETURNING id`, id, partnerd.AdminRoleName, jsonText(partnerd.AdminPrivileges()), now, now).Scan(&roleID)
	return roleID, err
}

// CountAccounts returns the number of admin workspaces.
func (db *DB) CountAccounts(ctx context.Context) (int, error) {
	var n int
	err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM workspaces WHERE account_id IS NULL`).Scan(&n)
	return n, err
}

// FindWorkspaceByID returns any workspace with its environments.
func (db *DB) FindWorkspaceByID(ctx context.Context, id int64) (*partnerd.Workspace, error) {
	w, err := scanWorkspace(db.reader().queryRow(ctx, `SELECT `+db.workspaceSelect()+` FROM workspaces w WHERE w.id = ?`, id))
	if err != nil {
		return nil, err
	}
	return w, db.attachEnvironments(ctx, []*partnerd.Workspace{w})
}

// CreateCustomer creates a customer workspace of the account.
func (db *DB) CreateCustomer(ctx context.Context, accountID int64, w *partnerd.Workspace) error {
	if err := w.Validate(); err != nil {
		return err
	}
	now := db.now()
	err := db.inTx(ctx, func(tx conn) error {
		err := tx.queryRow(ctx, `INSERT INTO workspaces (account_id, external_id, name, notification_email,
			admin_notification_emails, error_notification_emails, plan_id, trial, in_trial, origin_url,
			frame_ancestors, whitelisted_apps, time_zone, team_name, auth_settings, full_embedding,
			active_connection_limit, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			append([]any{accountID}, customerValues(w, now)...)...).Scan(&w.ID)
		if err != nil {
			return err
		}
		if _, err = initWorkspace(ctx, tx, w.ID, now); err != nil || w.EnvironmentType != partnerd.EnvironmentDev {
			return err
		}
		return provisionEnvironments(ctx, tx, w.ID, now)
	})
	if err != nil {
		return err
	}
	created, err := db.FindCustomerByID(ctx, accountID, w.ID)
	if err == nil {
		*w = *created
	}
	return err
}

// customerValues lists the writable columns of a customer, from external_id
// to updated_at, in the order of the insert.
func customerValues(w *partnerd.Workspace, now int64) []any {
	var authSettings any
	if w.AuthSettings != nil {
		authSettings = jsonText(w.AuthSettings)
	}
	var limit any
	if w.ActiveConnectionLimit != nil {
		limit = *w.ActiveConnectionLimit
	}
	apps := w.WhitelistedApps
	if apps == nil {
		apps = []string{}
	}
	created := now
	if !w.CreatedAt.IsZero() {
		created = toMS(w.CreatedAt)
	}
	return []any{nullString(w.ExternalID), w.Name, w.NotificationEmail,
		nullString(w.AdminNotificationEmails), nullString(w.ErrorNotificationEmails), w.PlanID, w.Trial, w.InTrial,
		nullString(w.OriginURL), nullString(w.FrameAncestors), jsonText(apps), w.TimeZone, w.TeamName,
		authSettings, w.FullEmbedding, limit, created, now}
}

// FindCustomerByID returns a customer workspace of the account.
func (db *DB) FindCustomerByID(ctx context.Context, accountID, id int64) (*partnerd.Workspace, error) {
	return db.findCustomer(ctx, `w.account_id = ? AND w.id = ?`, accountID, id)
}

// FindCustomerByExternalID returns a customer workspace of the account.
func (db *DB) FindCustomerByExternalID(ctx context.Context, accountID int64, externalID string) (*partnerd.Workspace, error) {
	return db.findCustomer(ctx, `w.account_id = ? AND w.external_id = ?`, accountID, externalID)
}

// FindCustomerID returns the id of a customer workspace of the account.
func (db *DB) FindCustomerID(ctx context.Context, accountID, id int64, externalID string) (int64, error) {
	return cached(db, customerKey{accountID, id, externalID}, func() (int64, error) {
		return db.findCustomerID(ctx, accountID, id, externalID)
	})
}

// customerKey keys the id of a customer in the read cache.
type customerKey struct {
	accountID, id int64
	externalID    string
}

func (db *DB) findCustomerID(ctx context.Context, accountID, id int64, externalID string) (int64, error) {
	where, arg := `id = ?`, any(id)
	if id == 0 {
		where, arg = `external_id = ?`, externalID
	}
	var found int64
	err := db.reader().queryRow(ctx, `SELECT id FROM workspaces WHERE account_id = ? AND `+where, accountID, arg).Scan(&found)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, partnerd.ErrNotFound()
	}
	return found, err
}

func (db *DB) findCustomer(ctx context.Context, where string, args ...any) (*partnerd.Workspace, error) {
	w, err := scanWorkspace(db.reader().queryRow(ctx, `SELECT `+db.workspaceSelect()+` FROM workspaces w WHERE `+where, args...))
	if err != nil {
		return nil, err
	}
	return w, db.attachEnvironments(ctx, []*partnerd.Workspace{w})
}

// FindCustomers returns a page of the account's customers.
func (db *DB) FindCustomers(ctx context.Context, accountID int64, p partnerd.Page) ([]*partnerd.Workspace, int, error) {
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM workspaces WHERE account_id = ? AND environment_of IS NULL`, accountID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT `+db.workspaceSelect()+` FROM workspaces w
		WHERE w.account_id = ? AND w.environment_of IS NULL ORDER BY w.id LIMIT ? OFFSET ?`, accountID, p.PerPage, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.Workspace{}
	for rows.Next() {
		w, err := scanWorkspace(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, w)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return list, total, db.attachEnvironments(ctx, list)
}

// attachEnvironments loads the environments of the workspaces in one
// query each: an admin workspace's environment rows, and a customer's
// environment workspaces (none when it has no environments provisioned).
func (db *DB) attachEnvironments(ctx context.Context, list []*partnerd.Workspace) error {
	admins := []*partnerd.Workspace{}
	for _, w := range list {
		w.Environments = nil
		if w.IsAdmin() {
			admins = append(admins, w)
		} else {
			w.Environments = []*partnerd.Environment{}
		}
	}
	if err := db.attachEnvironmentRows(ctx, admins); err != nil {
		return err
	}
	return db.attachEnvironmentWorkspaces(ctx, list)
}

// attachEnvironmentRows loads the environment rows of admin workspaces.
func (db *DB) attachEnvironmentRows(ctx context.Context, list []*partnerd.Workspace) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*partnerd.Workspace, len(list))
	ids := make([]any, len(list))
	for i, w := range list {
		byID[w.ID], ids[i] = w, w.ID
	}
	rows, err := db.reader().query(ctx, `SELECT workspace_id, id, name, type FROM environments
		WHERE workspace_id IN (`+placeholders(len(ids))+`) ORDER BY id`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var wsID int64
		var env partnerd.Environment
		if err := rows.Scan(&wsID, &env.ID, &env.Name, &env.Type); err != nil {
			return err
		}
		byID[wsID].Environments = append(byID[wsID].Environments, &env)
	}
	return rows.Err()
}

// UpdateCustomer applies changes to a customer in one transaction.
func (db *DB) UpdateCustomer(ctx context.Context, accountID, id int64, apply func(*partnerd.Workspace) error) (*partnerd.Workspace, error) {
	err := db.inTx(ctx, func(tx conn) error {
		w, err := scanWorkspace(tx.queryRow(ctx, `SELECT `+db.workspaceSelect()+` FROM workspaces w
			WHERE w.account_id = ? AND w.id = ?`+db.dialect.forUpdate, accountID, id))
		if err != nil {
			return err
		}
		if err := apply(w); err != nil {
			return err
		}
		if err := w.Validate(); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE workspaces SET external_id = ?, name = ?, notification_email = ?,
			admin_notification_emails = ?, error_notification_emails = ?, plan_id = ?, trial = ?, in_trial = ?,
			origin_url = ?, frame_ancestors = ?, whitelisted_apps = ?, time_zone = ?, team_name = ?,
			auth_settings = ?, full_embedding = ?, active_connection_limit = ?, created_at = ?, updated_at = ?
			WHERE account_id = ? AND id = ?`, append(customerValues(w, db.now()), accountID, id)...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.FindCustomerByID(ctx, accountID, id)
}

// DeleteCustomer deletes a customer workspace and, by cascade, everything in it.
func (db *DB) DeleteCustomer(ctx context.Context, accountID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `DELETE FROM workspaces WHERE account_id = ? AND id = ? AND environment_of IS NULL`, accountID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return partnerd.ErrNotFound()
		}
		return nil
	})
}

// FindUsage returns every customer of the account with its monthly task
// counts from since on. Task counts come from recorded jobs; a month without
// any is absent and callers fill it with zero.
func (db *DB) FindUsage(ctx context.Context, accountID int64, since time.Time) ([]*partnerd.Usage, error) {
	rows, err := db.reader().query(ctx, `SELECT id, external_id, name FROM workspaces WHERE account_id = ? AND environment_of IS NULL ORDER BY id`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*partnerd.Usage{}
	for rows.Next() {
		var u partnerd.Usage
		var externalID sql.NullString
		if err := rows.Scan(&u.CustomerID, &externalID, &u.Name); err != nil {
			return nil, err
		}
		u.ExternalID = stringPtr(externalID)
		list = append(list, &u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	months, err := db.usageMonths(ctx, accountID, since)
	if err != nil {
		return nil, err
	}
	for _, u := range list {
		u.Months = months[u.CustomerID]
	}
	return list, nil
}
