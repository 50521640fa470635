package store

import (
	"context"
	"crypto/cipher"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/partnerd/partnerd"
)

// apiAuthColumns are the auth settings that clients and access profiles
// share; jwt_secret is sealed.
const apiAuthColumns = `auth_type, jwt_method, jwt_secret, oidc_issuer, oidc_jwks_uri, access_profile_claim,
	required_claims, allowed_issuers`

// authScan receives apiAuthColumns.
type authScan struct {
	a                                   *partnerd.APIAuth
	method, sealed, issuer, jwks, claim sql.NullString
}

func (s *authScan) dest(a *partnerd.APIAuth) []any {
	s.a = a
	return []any{&a.Type, &s.method, &s.sealed, &s.issuer, &s.jwks, &s.claim,
		jsonColumn{&a.RequiredClaims}, jsonColumn{&a.AllowedIssuers}}
}

// fill sets the scanned settings, all but the sealed JWT secret.
func (s *authScan) fill() {
	a := s.a
	a.JWTMethod, a.OIDCIssuer = stringPtr(s.method), stringPtr(s.issuer)
	a.OIDCJWKSURI, a.AccessProfileClaim = stringPtr(s.jwks), stringPtr(s.claim)
	if a.RequiredClaims == nil {
		a.RequiredClaims = []string{}
	}
	if a.AllowedIssuers == nil {
		a.AllowedIssuers = []string{}
	}
}

// open sets the JWT secret from its sealed form.
func (s *authScan) open(aead cipher.AEAD) error {
	if !s.sealed.Valid {
		return nil
	}
	plain, err := open(aead, s.sealed.String)
	s.a.JWTSecret = partnerd.Secret(plain)
	return err
}

// authArgs returns the values of apiAuthColumns, the JWT secret sealed.
func authArgs(a *partnerd.APIAuth, aead cipher.AEAD) []any {
	var sealed any
	if a.JWTSecret != "" {
		sealed = seal(aead, []byte(a.JWTSecret))
	}
	return []any{a.Type, nullString(a.JWTMethod), sealed, nullString(a.OIDCIssuer), nullString(a.OIDCJWKSURI),
		nullString(a.AccessProfileClaim), jsonText(a.RequiredClaims), jsonText(a.AllowedIssuers)}
}

// checkAPICollectionIDs checks that every id is a collection of the
// workspace within the caller's scope and returns them sorted, each once.
func checkAPICollectionIDs(ctx context.Context, tx conn, workspaceID int64, ids []int64) ([]int64, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) == 0 {
		return []int64{}, nil
	}
	scope, scopeArgs := folderScope(ctx, workspaceID, "c.folder_id")
	args := []any{workspaceID}
	for _, id := range ids {
		args = append(args, id)
	}
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM api_collections c WHERE c.workspace_id = ? AND c.id IN (`+
		placeholders(len(ids))+`)`+scope, append(args, scopeArgs...)...).Scan(&n)
	if err != nil {
		return nil, err
	}
	if n != len(ids) {
		return nil, partnerd.FieldError("api_collection_ids", "is invalid")
	}
	return ids, nil
}

// setCollectionLinks replaces the collections of an owner (a client or a
// profile) in a link table.
func setCollectionLinks(ctx context.Context, tx conn, table, column string, ownerID int64, ids []int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE `+column+` = ?`, ownerID); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.exec(ctx, `INSERT INTO `+table+` (`+column+`, api_collection_id) VALUES (?, ?)`, ownerID, id); err != nil {
			return err
		}
	}
	return nil
}

// collectionLinks returns the collection ids of each owner in a link table,
// in ascending id.
func collectionLinks(ctx context.Context, c conn, table, column string, owners []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(owners) == 0 {
		return out, nil
	}
	args := make([]any, len(owners))
	for i, id := range owners {
		args[i] = id
	}
	rows, err := c.query(ctx, `SELECT `+column+`, api_collection_id FROM `+table+` WHERE `+column+` IN (`+
		placeholders(len(owners))+`) ORDER BY `+column+`, api_collection_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var owner, id int64
		if err := rows.Scan(&owner, &id); err != nil {
			return nil, err
		}
		out[owner] = append(out[owner], id)
	}
	return out, rows.Err()
}

const apiClientColumns = `a.id, a.workspace_id, a.name, a.description, a.is_legacy, a.mtls_enabled, a.created_at, a.updated_at,
	a.api_policy_id, (SELECT ap.name FROM api_policies ap WHERE ap.id = a.api_policy_id),
	(SELECT COUNT(*) FROM api_access_profiles k WHERE k.api_client_id = a.id AND k.active = TRUE),
	(SELECT COUNT(*) FROM api_access_profiles k WHERE k.api_client_id = a.id), `

// scanAPIClient reads apiClientColumns followed by apiAuthColumns.
func scanAPIClient(row interface{ Scan(...any) error }) (*partnerd.APIClient, *authScan, error) {
	var c partnerd.APIClient
	var description sql.NullString
	var created, updated int64
	var policyID sql.NullInt64
	var policyName sql.NullString
	var auth authScan
	err := row.Scan(append([]any{&c.ID, &c.WorkspaceID, &c.Name, &description, &c.IsLegacy, &c.MTLSEnabled,
		&created, &updated, &policyID, &policyName, &c.ActiveKeysCount, &c.TotalKeysCount}, auth.dest(&c.Auth)...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, nil, err
	}
	auth.fill()
	c.Description = stringPtr(description)
	if policyID.Valid {
		c.PolicyID, c.PolicyName = &policyID.Int64, policyName.String
	}
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	return &c, &auth, nil
}

// selectAPIClients is the query of clients; the auth columns follow the
// others, each with its table's alias.
var selectAPIClients = `SELECT ` + apiClientColumns + aliased("a.", apiAuthColumns) + ` FROM api_clients a`

// queryAPIClients reads clients with their collections.
func (db *DB) queryAPIClients(ctx context.Context, c conn, query string, args ...any) ([]*partnerd.APIClient, []*authScan, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	list, auths := []*partnerd.APIClient{}, []*authScan{}
	for rows.Next() {
		client, auth, err := scanAPIClient(rows)
		if err != nil {
			return nil, nil, err
		}
		list, auths = append(list, client), append(auths, auth)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	return list, auths, db.fillAPIClientCollections(ctx, c, list)
}

// fillAPIClientCollections sets the clients' own collection ids and the
// collections they reach (their own and their profiles', those within the
// caller's scope).
func (db *DB) fillAPIClientCollections(ctx context.Context, c conn, clients []*partnerd.APIClient) error {
	if len(clients) == 0 {
		return nil
	}
	ids := make([]int64, len(clients))
	args := make([]any, len(clients))
	for i, cl := range clients {
		ids[i], args[i] = cl.ID, cl.ID
	}
	own, err := collectionLinks(ctx, c, "api_client_collections", "api_client_id", ids)
	if err != nil {
		return err
	}
	workspaceID := clients[0].WorkspaceID
	scope, scopeArgs := folderScope(ctx, workspaceID, "c.folder_id")
	in := placeholders(len(ids))
	rows, err := c.query(ctx, `SELECT x.client_id, c.id, c.name FROM (
		SELECT api_client_id AS client_id, api_collection_id FROM api_client_collections WHERE api_client_id IN (`+in+`)
		UNION SELECT p.api_client_id, pc.api_collection_id FROM api_access_profile_collections pc
			JOIN api_access_profiles p ON p.id = pc.api_access_profile_id WHERE p.api_client_id IN (`+in+`)
		) x JOIN api_collections c ON c.id = x.api_collection_id WHERE c.workspace_id = ?`+scope+` ORDER BY x.client_id, c.id`,
		append(append(append(args, args...), workspaceID), scopeArgs...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	reached := map[int64][]partnerd.APICollectionRef{}
	for rows.Next() {
		var client int64
		var ref partnerd.APICollectionRef
		if err := rows.Scan(&client, &ref.ID, &ref.Name); err != nil {
			return err
		}
		reached[client] = append(reached[client], ref)
	}
	for _, cl := range clients {
		cl.CollectionIDs, cl.Collections = own[cl.ID], reached[cl.ID]
		if cl.CollectionIDs == nil {
			cl.CollectionIDs = []int64{}
		}
		if cl.Collections == nil {
			cl.Collections = []partnerd.APICollectionRef{}
		}
	}
	return rows.Err()
}

// findAPIClient reads one client, locking it inside a transaction.
func (db *DB) findAPIClient(ctx context.Context, c conn, workspaceID, id int64, suffix string) (*partnerd.APIClient, *authScan, error) {
	list, auths, err := db.queryAPIClients(ctx, c, selectAPIClients+` WHERE a.workspace_id = ? AND a.id = ?`+suffix, workspaceID, id)
	if err != nil {
		return nil, nil, err
	}
	if len(list) == 0 {
		return nil, nil, partnerd.ErrNotFound()
	}
	return list[0], auths[0], nil
}

// CreateAPIClient stores a client with its collections.
func (db *DB) CreateAPIClient(ctx context.Context, workspaceID int64, c *partnerd.APIClient) error {
	if err := c.Validate(); err != nil {
		return err
	}
	aead, err := db.aead(ctx)
	if err != nil {
		return err
	}
	now := db.now()
	err = db.inTx(ctx, func(tx conn) error {
		ids, err := checkAPICollectionIDs(ctx, tx, workspaceID, c.CollectionIDs)
		if err != nil {
			return err
		}
		if err := checkAPIPolicyID(ctx, tx, workspaceID, c.PolicyID); err != nil {
			return err
		}
		args := append([]any{workspaceID, c.Name, nullString(c.Description), c.IsLegacy, c.MTLSEnabled, now, now, c.PolicyID}, authArgs(&c.Auth, aead)...)
		err = tx.queryRow(ctx, `INSERT INTO api_clients (workspace_id, name, description, is_legacy, mtls_enabled, created_at, updated_at, api_policy_id, `+
			apiAuthColumns+`) VALUES (`+placeholders(len(args))+`) RETURNING id`, args...).Scan(&c.ID)
		if err != nil {
			return err
		}
		return setCollectionLinks(ctx, tx, "api_client_collections", "api_client_id", c.ID, ids)
	})
	if err != nil {
		return err
	}
	created, err := db.FindAPIClientByID(ctx, workspaceID, c.ID)
	if err == nil {
		*c = *created
	}
	return err
}

// FindAPIClientByID returns a client of the workspace.
func (db *DB) FindAPIClientByID(ctx context.Context, workspaceID, id int64) (*partnerd.APIClient, error) {
	c, _, err := db.findAPIClient(ctx, db.reader(), workspaceID, id, "")
	return c, err
}

// FindAPIClients returns a page of the workspace's clients.
func (db *DB) FindAPIClients(ctx context.Context, workspaceID int64, pg partnerd.Page) ([]*partnerd.APIClient, int, error) {
	var total int
	err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM api_clients WHERE workspace_id = ?`, workspaceID).Scan(&total)
	if err != nil {
		return nil, 0, err
	}
	list, _, err := db.queryAPIClients(ctx, db.reader(), selectAPIClients+` WHERE a.workspace_id = ? ORDER BY a.id LIMIT ? OFFSET ?`,
		workspaceID, pg.PerPage, pg.Offset())
	return list, total, err
}

// UpdateAPIClient applies changes to a client; its auth type stays.
func (db *DB) UpdateAPIClient(ctx context.Context, workspaceID, id int64, apply func(*partnerd.APIClient) error) (*partnerd.APIClient, error) {
	aead, err := db.aead(ctx)
	if err != nil {
		return nil, err
	}
	err = db.inTx(ctx, func(tx conn) error {
		c, auth, err := db.findAPIClient(ctx, tx, workspaceID, id, db.dialect.forUpdate)
		if err != nil {
			return err
		}
		if err := auth.open(aead); err != nil {
			return err
		}
		before, authType := slices.Clone(c.CollectionIDs), c.Auth.Type
		if err := apply(c); err != nil {
			return err
		}
		if c.Auth.Type != authType {
			return partnerd.FieldError("auth_type", "can't be changed")
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if err := checkAPIPolicyID(ctx, tx, workspaceID, c.PolicyID); err != nil {
			return err
		}
		args := append([]any{c.Name, nullString(c.Description), c.MTLSEnabled, db.now(), c.PolicyID}, authArgs(&c.Auth, aead)...)
		_, err = tx.exec(ctx, `UPDATE api_clients SET name = ?, description = ?, mtls_enabled = ?, updated_at = ?, api_policy_id = ?, `+
			assignments(apiAuthColumns)+` WHERE id = ?`, append(args, c.ID)...)
		if err != nil || slices.Equal(before, c.CollectionIDs) {
			return err
		}
		ids, err := checkAPICollectionIDs(ctx, tx, workspaceID, c.CollectionIDs)
		if err != nil {
			return err
		}
		return setCollectionLinks(ctx, tx, "api_client_collections", "api_client_id", c.ID, ids)
	})
	if err != nil {
		return nil, err
	}
	return db.FindAPIClientByID(ctx, workspaceID, id)
}

// DeleteAPIClient deletes a client and, by cascade, its access profiles.
func (db *DB) DeleteAPIClient(ctx context.Context, workspaceID, id int64) error {
	return db.deleteWorkspaceRow(ctx, "api_clients", workspaceID, id)
}

// deleteWorkspaceRow deletes the row of a workspace's table by id, or
// answers ENOTFOUND.
func (db *DB) deleteWorkspaceRow(ctx context.Context, table string, workspaceID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		return changedOne(tx.exec(ctx, `DELETE FROM `+table+` WHERE workspace_id = ? AND id = ?`, workspaceID, id))
	})
}

// aliased returns a list of columns each prefixed with a table's alias.
func aliased(alias, columns string) string {
	parts := strings.Split(columns, ",")
	for i, c := range parts {
		parts[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// assignments returns "c1 = ?, c2 = ?, …" for a list of columns.
func assignments(columns string) string {
	parts := strings.Split(columns, ",")
	for i, c := range parts {
		parts[i] = strings.TrimSpace(c) + " = ?"
	}
	return strings.Join(parts, ", ")
}
