package store

import (
	"context"
	"crypto/cipher"
	"database/sql"
	"errors"
	"slices"

	"github.com/partnerd/partnerd"
)

const apiProfileColumns = `p.id, p.workspace_id, p.api_client_id,
	(SELECT NOT a.is_legacy FROM api_clients a WHERE a.id = p.api_client_id), p.name, p.active, p.active_since, p.ip_allow_list, p.ip_deny_list,
	p.token_hash, p.oauth_client_id, p.oauth_secret_hash, p.created_at, p.updated_at, `

// selectAPIProfiles is the query of access profiles.
var selectAPIProfiles = `SELECT ` + apiProfileColumns + aliased("p.", apiAuthColumns) + ` FROM api_access_profiles p`

func scanAPIProfile(row interface{ Scan(...any) error }) (*partnerd.AccessProfile, *authScan, error) {
	var p partnerd.AccessProfile
	var activeSince sql.NullInt64
	var tokenHash, oauthID, oauthHash sql.NullString
	var created, updated int64
	var auth authScan
	err := row.Scan(append([]any{&p.ID, &p.WorkspaceID, &p.ClientID, &p.Inherited, &p.Name, &p.Active, &activeSince,
		jsonColumn{&p.IPAllowList}, jsonColumn{&p.IPDenyList}, &tokenHash, &oauthID, &oauthHash,
		&created, &updated}, auth.dest(&p.Auth)...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, nil, err
	}
	auth.fill()
	p.ActiveSince = nullTime(activeSince)
	p.TokenHash, p.OAuthClientID, p.OAuthSecretHash = tokenHash.String, oauthID.String, oauthHash.String
	p.CreatedAt, p.UpdatedAt = fromMS(created), fromMS(updated)
	if p.IPAllowList == nil {
		p.IPAllowList = []string{}
	}
	if p.IPDenyList == nil {
		p.IPDenyList = []string{}
	}
	return &p, &auth, nil
}

// queryAPIProfiles reads access profiles with their collection ids.
func (db *DB) queryAPIProfiles(ctx context.Context, c conn, query string, args ...any) ([]*partnerd.AccessProfile, []*authScan, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	list, auths := []*partnerd.AccessProfile{}, []*authScan{}
	var ids []int64
	for rows.Next() {
		p, auth, err := scanAPIProfile(rows)
		if err != nil {
			return nil, nil, err
		}
		list, auths, ids = append(list, p), append(auths, auth), append(ids, p.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	links, err := collectionLinks(ctx, c, "api_access_profile_collections", "api_access_profile_id", ids)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range list {
		if p.CollectionIDs = links[p.ID]; p.CollectionIDs == nil {
			p.CollectionIDs = []int64{}
		}
	}
	return list, auths, nil
}

// findAPIProfile reads one profile; suffix ends the statement (a row lock).
func (db *DB) findAPIProfile(ctx context.Context, c conn, workspaceID, id int64, suffix string) (*partnerd.AccessProfile, *authScan, error) {
	list, auths, err := db.queryAPIProfiles(ctx, c, selectAPIProfiles+` WHERE p.workspace_id = ? AND p.id = ?`+suffix, workspaceID, id)
	if err != nil {
		return nil, nil, err
	}
	if len(list) == 0 {
		return nil, nil, partnerd.ErrNotFound()
	}
	return list[0], auths[0], nil
}

// apiProfileWrites are the columns that a profile's insert and update
// write, with profileArgs.
const apiProfileWrites = `name, active, active_since, ip_allow_list, ip_deny_list, token_hash, oauth_client_id,
	oauth_secret_hash, updated_at, ` + apiAuthColumns

// profileArgs returns the values of apiProfileWrites.
func profileArgs(p *partnerd.AccessProfile, now int64, aead cipher.AEAD) []any {
	var activeSince any
	if p.ActiveSince != nil {
		activeSince = toMS(*p.ActiveSince)
	}
	return append([]any{p.Name, p.Active, activeSince, jsonText(p.IPAllowList), jsonText(p.IPDenyList),
		emptyNull(p.TokenHash), emptyNull(p.OAuthClientID), emptyNull(p.OAuthSecretHash), now}, authArgs(&p.Auth, aead)...)
}

// emptyNull returns nil for "" and s otherwise.
func emptyNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateAccessProfile stores a profile of one of the workspace's clients:
// an API key (Inherited) of a v2 client, with the client's auth type, or a
// profile of a legacy client with settings of its own.
func (db *DB) CreateAccessProfile(ctx context.Context, workspaceID int64, p *partnerd.AccessProfile) error {
	aead, err := db.aead(ctx)
	if err != nil {
		return err
	}
	now := db.now()
	err = db.inTx(ctx, func(tx conn) error {
		var legacy bool
		var authType string
		err := tx.queryRow(ctx, `SELECT is_legacy, auth_type FROM api_clients WHERE workspace_id = ? AND id = ?`,
			workspaceID, p.ClientID).Scan(&legacy, &authType)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := p.Validate(); err != nil {
				return err
			}
			return partnerd.FieldError("api_client_id", "is invalid")
		case err != nil:
			return err
		case legacy && p.Inherited:
			return partnerd.FieldError("api_client_id", "is a legacy client, whose credentials are access profiles")
		case !legacy && !p.Inherited:
			return partnerd.FieldError("api_client_id", "is a v2 client, whose credentials are API keys")
		case p.Inherited:
			p.Auth.Type = authType
		}
		if err := p.Validate(); err != nil {
			return err
		}
		ids, err := checkAPICollectionIDs(ctx, tx, workspaceID, p.CollectionIDs)
		if err != nil {
			return err
		}
		args := append([]any{workspaceID, p.ClientID, now}, profileArgs(p, now, aead)...)
		err = tx.queryRow(ctx, `INSERT INTO api_access_profiles (workspace_id, api_client_id, created_at, `+apiProfileWrites+`)
			VALUES (`+placeholders(len(args))+`) RETURNING id`, args...).Scan(&p.ID)
		if err != nil {
			return err
		}
		return setCollectionLinks(ctx, tx, "api_access_profile_collections", "api_access_profile_id", p.ID, ids)
	})
	if err != nil {
		return err
	}
	created, err := db.FindAccessProfileByID(ctx, workspaceID, p.ID)
	if err != nil {
		return err
	}
	created.Token, created.OAuthClientSecret = p.Token, p.OAuthClientSecret
	*p = *created
	return nil
}

// FindAccessProfileByID returns a profile of the workspace.
func (db *DB) FindAccessProfileByID(ctx context.Context, workspaceID, id int64) (*partnerd.AccessProfile, error) {
	p, _, err := db.findAPIProfile(ctx, db.reader(), workspaceID, id, "")
	return p, err
}

// FindAccessProfiles returns a page of the workspace's profiles.
func (db *DB) FindAccessProfiles(ctx context.Context, workspaceID int64, f partnerd.AccessProfileFilter) ([]*partnerd.AccessProfile, int, error) {
	where := ` WHERE p.workspace_id = ?`
	args := []any{workspaceID}
	if f.ClientID != 0 {
		where += ` AND p.api_client_id = ?`
		args = append(args, f.ClientID)
	}
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM api_access_profiles p`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	list, _, err := db.queryAPIProfiles(ctx, db.reader(), selectAPIProfiles+where+` ORDER BY p.id LIMIT ? OFFSET ?`,
		append(args, f.Page.PerPage, f.Page.Offset())...)
	return list, total, err
}

// UpdateAccessProfile applies changes to a profile, its secrets included;
// the plain secrets that apply issues are kept on the answer only.
func (db *DB) UpdateAccessProfile(ctx context.Context, workspaceID, id int64, apply func(*partnerd.AccessProfile) error) (*partnerd.AccessProfile, error) {
	aead, err := db.aead(ctx)
	if err != nil {
		return nil, err
	}
	var changed *partnerd.AccessProfile
	err = db.inTx(ctx, func(tx conn) error {
		p, auth, err := db.findAPIProfile(ctx, tx, workspaceID, id, db.dialect.forUpdate)
		if err != nil {
			return err
		}
		if err := auth.open(aead); err != nil {
			return err
		}
		before, clientID := slices.Clone(p.CollectionIDs), p.ClientID
		if err := apply(p); err != nil {
			return err
		}
		if p.ClientID != clientID {
			return partnerd.FieldError("api_client_id", "can't be changed")
		}
		if err := p.Validate(); err != nil {
			return err
		}
		changed = p
		_, err = tx.exec(ctx, `UPDATE api_access_profiles SET `+assignments(apiProfileWrites)+` WHERE id = ?`,
			append(profileArgs(p, db.now(), aead), p.ID)...)
		if err != nil || slices.Equal(before, p.CollectionIDs) {
			return err
		}
		ids, err := checkAPICollectionIDs(ctx, tx, workspaceID, p.CollectionIDs)
		if err != nil {
			return err
		}
		return setCollectionLinks(ctx, tx, "api_access_profile_collections", "api_access_profile_id", p.ID, ids)
	})
	if err != nil {
		return nil, err
	}
	p, err := db.FindAccessProfileByID(ctx, workspaceID, id)
	if err != nil {
		return nil, err
	}
	p.Token, p.OAuthClientSecret = changed.Token, changed.OAuthClientSecret
	return p, nil
}

// DeleteAccessProfile deletes a profile of the workspace.
func (db *DB) DeleteAccessProfile(ctx context.Context, workspaceID, id int64) error {
	return db.deleteWorkspaceRow(ctx, "api_access_profiles", workspaceID, id)
}
