package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/partnerd/partnerd"
)

var _ partnerd.APIGatewayService = (*DB)(nil)

// FindAPIGatewayEndpoints returns every endpoint of the workspace.
func (db *DB) FindAPIGatewayEndpoints(ctx context.Context, workspaceID int64) ([]*partnerd.APIEndpoint, error) {
	rows, err := db.reader().query(ctx, `SELECT `+apiEndpointColumns+apiEndpointFrom+` WHERE e.workspace_id = ? ORDER BY e.id`, workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*partnerd.APIEndpoint{}
	for rows.Next() {
		e, err := scanAPIEndpoint(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

// FindAPICredentialByToken returns the profile whose token hashes to tokenHash.
func (db *DB) FindAPICredentialByToken(ctx context.Context, workspaceID int64, tokenHash string) (*partnerd.APICredential, error) {
	return db.findAPICredential(ctx, workspaceID, `token_hash = ?`, tokenHash)
}

// FindAPICredentialByOAuthClientID returns the oauth2 profile of a client id.
func (db *DB) FindAPICredentialByOAuthClientID(ctx context.Context, workspaceID int64, clientID string) (*partnerd.APICredential, error) {
	return db.findAPICredential(ctx, workspaceID, `oauth_client_id = ?`, clientID)
}

// FindAPICredentialByID returns a profile with its client.
func (db *DB) FindAPICredentialByID(ctx context.Context, workspaceID, profileID int64) (*partnerd.APICredential, error) {
	return db.findAPICredential(ctx, workspaceID, `id = ?`, profileID)
}

// selectAPICredential reads a profile and its client in one statement.
var selectAPICredential = `SELECT ` + apiProfileColumns + aliased("p.", apiAuthColumns) + `, a.name, a.is_legacy, ` +
	aliased("a.", apiAuthColumns) + `, ap.id, ap.name, ap.rate_limit_interval, ap.rate_limit_requests, ap.quota_interval, ap.quota_requests
	FROM api_access_profiles p JOIN api_clients a ON a.id = p.api_client_id AND a.workspace_id = p.workspace_id
	LEFT JOIN api_policies ap ON ap.id = a.api_policy_id AND ap.workspace_id = a.workspace_id`

// extraScan scans a row into a scanner's destinations and then extra ones.
type extraScan struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (s extraScan) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra...)...) }

// findAPICredential reads the profile of the workspace that where selects,
// its client, and the collections the profile reaches (its own, or its
// client's for a v2 key), with the JWT secrets open: two statements, as
// every gateway call reads one.
func (db *DB) findAPICredential(ctx context.Context, workspaceID int64, where string, arg any) (*partnerd.APICredential, error) {
	c := &partnerd.APIClient{WorkspaceID: workspaceID}
	var cauth authScan
	row := db.reader().queryRow(ctx, selectAPICredential+` WHERE p.workspace_id = ? AND p.`+where, workspaceID, arg)
	var policyID, rateRequests, quotaRequests sql.NullInt64
	var policyName, rateInterval, quotaInterval sql.NullString
	extra := append(append([]any{&c.Name, &c.IsLegacy}, cauth.dest(&c.Auth)...),
		&policyID, &policyName, &rateInterval, &rateRequests, &quotaInterval, &quotaRequests)
	p, pauth, err := scanAPIProfile(extraScan{row, extra})
	if err != nil {
		return nil, err
	}
	var policy *partnerd.APIPolicy
	if policyID.Valid {
		policy = &partnerd.APIPolicy{ID: policyID.Int64, WorkspaceID: workspaceID, Name: policyName.String,
			RateLimitInterval: rateInterval.String, RateLimitRequests: int(rateRequests.Int64),
			QuotaInterval: quotaInterval.String, QuotaRequests: int(quotaRequests.Int64)}
		c.PolicyID, c.PolicyName = &policy.ID, policy.Name
	}
	cauth.fill()
	c.ID = p.ClientID
	if pauth.sealed.Valid || cauth.sealed.Valid {
		aead, err := db.aead(ctx)
		if err != nil {
			return nil, err
		}
		if err := pauth.open(aead); err != nil {
			return nil, err
		}
		if err := cauth.open(aead); err != nil {
			return nil, err
		}
	}
	table, column, owner := "api_access_profile_collections", "api_access_profile_id", p.ID
	if p.Inherited {
		table, column, owner = "api_client_collections", "api_client_id", c.ID
	}
	links, err := collectionLinks(ctx, db.reader(), table, column, []int64{owner})
	if err != nil {
		return nil, err
	}
	ids := links[owner]
	if ids == nil {
		ids = []int64{}
	}
	if p.Inherited {
		c.CollectionIDs, p.CollectionIDs = ids, []int64{}
	} else {
		p.CollectionIDs = ids
	}
	return &partnerd.APICredential{Profile: p, Client: c, Policy: policy}, nil
}

// FindAPIJWTCredentials returns the active jwt profiles of legacy clients.
func (db *DB) FindAPIJWTCredentials(ctx context.Context, workspaceID int64, limit int) ([]*partnerd.APICredential, error) {
	rows, err := db.reader().query(ctx, `SELECT p.id FROM api_access_profiles p JOIN api_clients a ON a.id = p.api_client_id
		WHERE p.workspace_id = ? AND a.workspace_id = ? AND a.is_legacy = TRUE AND p.auth_type = ? AND p.active = TRUE
		ORDER BY p.id LIMIT ?`, workspaceID, workspaceID, partnerd.APIAuthJWT, limit)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	creds := []*partnerd.APICredential{}
	for _, id := range ids {
		cred, err := db.FindAPICredentialByID(ctx, workspaceID, id)
		if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		creds = append(creds, cred)
	}
	return creds, nil
}

// CreateAPIAccessToken stores an access token and drops the expired ones
// of its profile.
func (db *DB) CreateAPIAccessToken(ctx context.Context, workspaceID int64, t *partnerd.APIAccessToken) error {
	t.WorkspaceID, t.CreatedAt = workspaceID, db.Now.Now()
	return db.inTx(ctx, func(tx conn) error {
		var n int
		err := tx.queryRow(ctx, `SELECT COUNT(*) FROM api_access_profiles WHERE workspace_id = ? AND id = ?`, workspaceID, t.ProfileID).Scan(&n)
		if err != nil {
			return err
		}
		if n == 0 {
			return partnerd.ErrNotFound()
		}
		if _, err := tx.exec(ctx, `DELETE FROM api_access_tokens WHERE workspace_id = ? AND api_access_profile_id = ? AND expires_at < ?`,
			workspaceID, t.ProfileID, toMS(t.CreatedAt)); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `INSERT INTO api_access_tokens (token_hash, workspace_id, api_access_profile_id, secret_hash, expires_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, t.TokenHash, workspaceID, t.ProfileID, t.SecretHash, toMS(t.ExpiresAt), toMS(t.CreatedAt))
		return err
	})
}

// FindAPIAccessToken returns an access token by its hash.
func (db *DB) FindAPIAccessToken(ctx context.Context, workspaceID int64, tokenHash string) (*partnerd.APIAccessToken, error) {
	t := partnerd.APIAccessToken{TokenHash: tokenHash, WorkspaceID: workspaceID}
	var expires, created int64
	err := db.reader().queryRow(ctx, `SELECT api_access_profile_id, secret_hash, expires_at, created_at FROM api_access_tokens
		WHERE workspace_id = ? AND token_hash = ?`, workspaceID, tokenHash).Scan(&t.ProfileID, &t.SecretHash, &expires, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	t.ExpiresAt, t.CreatedAt = fromMS(expires), fromMS(created)
	return &t, nil
}
