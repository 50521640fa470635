package http

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// connectionJSON is the Connection object of objects.md, in its field order.
type connectionJSON struct {
	ID                   int64     `json:"id"`
	Name                 string    `json:"name"`
	Provider             string    `json:"provider"`
	Application          string    `json:"application"`
	Description          *string   `json:"description"`
	AuthorizedAt         *jsonTime `json:"authorized_at"`
	AuthorizationStatus  *string   `json:"authorization_status"`
	AuthorizationError   *string   `json:"authorization_error"`
	ExternalID           *string   `json:"external_id"`
	FolderID             int64     `json:"folder_id"`
	ParentID             *int64    `json:"parent_id"`
	ConnectionLostAt     *jsonTime `json:"connection_lost_at"`
	ConnectionLostReason *string   `json:"connection_lost_reason"`
	OnPremGroupID        *int64    `json:"on_prem_group_id"`
	CreatedAt            jsonTime  `json:"created_at"`
	UpdatedAt            jsonTime  `json:"updated_at"`
}

func toConnectionJSON(c *partnerd.Connection) connectionJSON {
	return connectionJSON{
		ID: c.ID, Name: c.Name, Provider: c.Provider, Application: c.Provider, Description: c.Description,
		AuthorizedAt: timePtr(c.AuthorizedAt), AuthorizationStatus: c.AuthorizationStatus,
		AuthorizationError: c.AuthorizationError, ExternalID: c.ExternalID, FolderID: c.FolderID,
		ParentID: c.ParentID, ConnectionLostAt: timePtr(c.ConnectionLostAt),
		ConnectionLostReason: c.ConnectionLostReason, OnPremGroupID: c.OnPremGroupID,
		CreatedAt: jsonTime(c.CreatedAt), UpdatedAt: jsonTime(c.UpdatedAt),
	}
}

// connectionInput is the body of a connection create or update; every
// field is optional on update.
type connectionInput struct {
	Provider        optional[string]                     `json:"provider"`
	Name            optional[string]                     `json:"name"`
	FolderID        optional[flexInt]                    `json:"folder_id"`
	ParentID        optional[flexInt]                    `json:"parent_id"`
	ExternalID      optional[string]                     `json:"external_id"`
	Input           optional[map[string]json.RawMessage] `json:"input"`
	ShellConnection optional[flexBool]                   `json:"shell_connection"`
	OnPremGroupID   optional[flexInt]                    `json:"on_prem_group_id"`
}

// input returns the input fields, numbers kept exactly as they came; a
// field whose value is null is nil. It is nil when no input was given.
func (in *connectionInput) input() partnerd.ConnectionInput {
	if !in.Input.Set || in.Input.Null {
		return nil
	}
	out := make(partnerd.ConnectionInput, len(in.Input.Value))
	for k, raw := range in.Input.Value {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		dec.Decode(&v) // raw is one JSON value, already checked
		out[k] = v
	}
	return out
}

// update returns the changes of a PUT body: null clears parent_id,
// external_id and on_prem_group_id, and is ignored elsewhere.
func (in *connectionInput) update() partnerd.ConnectionUpdate {
	upd := partnerd.ConnectionUpdate{FolderID: optionalID(in.FolderID), Input: in.input()}
	var zero int64
	if in.Name.Set {
		upd.Name = &in.Name.Value
	}
	if upd.ParentID = optionalID(in.ParentID); in.ParentID.Null {
		upd.ParentID = &zero
	}
	if upd.OnPremGroupID = optionalID(in.OnPremGroupID); in.OnPremGroupID.Null {
		upd.OnPremGroupID = &zero
	}
	if in.ExternalID.Set {
		upd.ExternalID = &in.ExternalID.Value
	}
	if in.ShellConnection.Set && !in.ShellConnection.Null {
		shell := bool(in.ShellConnection.Value)
		upd.Shell = &shell
	}
	return upd
}

// findConnector returns a connector of the catalogue of the caller's
// account; one that is not there is a 400 naming provider.
func (s *Server) findConnector(r *http.Request, provider string) (*partnerd.Connector, error) {
	connector, err := s.Connectors.FindConnector(r.Context(), workspaceID(r), provider)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return nil, partnerd.FieldError("provider", "is not a connector of the catalogue")
	}
	return connector, err
}

// handleConnectionList handles GET E/connections and /api/connections.
// include_runtime_connections is read and checked, and changes nothing:
// partnerd has no runtime user connections, so every connection is listed
// either way.
func (s *Server) handleConnectionList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, 100)
	if err != nil {
		return err
	}
	f := partnerd.ConnectionFilter{Page: page}
	q := r.URL.Query()
	if v := q.Get("provider"); v != "" {
		f.Provider = &v
	}
	if v := q.Get("external_id"); v != "" {
		f.ExternalID = &v
	}
	if id, given, err := queryInt(r, "folder_id"); err != nil {
		return err
	} else if given {
		f.FolderID = &id
	}
	if id, given, err := queryInt(r, "parent_id"); err != nil {
		return err
	} else if given {
		f.ParentID = &id
	}
	if _, _, err := queryBool(r, "include_runtime_connections"); err != nil {
		return err
	}
	list, _, err := s.Connections.FindConnections(r.Context(), workspaceID(r), f)
	if err != nil {
		return err
	}
	out := make([]connectionJSON, len(list))
	for i, c := range list {
		out[i] = toConnectionJSON(c)
	}
	return ok(w, enveloped(r, out))
}

// handleConnectionCreate handles POST E/connections and /api/connections:
// a connection of a catalogue connector, authorized when its input holds
// every field the connector requires and it is not a shell_connection.
func (s *Server) handleConnectionCreate(w http.ResponseWriter, r *http.Request) error {
	var in connectionInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	provider := strings.TrimSpace(in.Provider.Value)
	if provider == "" {
		return partnerd.FieldError("provider", "can't be blank")
	}
	connector, err := s.findConnector(r, provider)
	if err != nil {
		return err
	}
	c := &partnerd.Connection{Provider: connector.Name, Name: strings.TrimSpace(in.Name.Value),
		ParentID: optionalID(in.ParentID), OnPremGroupID: optionalID(in.OnPremGroupID), ExternalID: in.ExternalID.ptr()}
	if c.Name == "" {
		c.Name = connector.Title
	}
	if id := optionalID(in.FolderID); id != nil {
		if c.FolderID = *id; c.FolderID == 0 {
			return partnerd.FieldError("folder_id", "is invalid")
		}
	}
	if c.ExternalID != nil && *c.ExternalID == "" {
		c.ExternalID = nil
	}
	c.Input = partnerd.ConnectionInput{}
	for k, v := range in.input() {
		if v != nil {
			c.Input[k] = v
		}
	}
	c.Authorize(connector, bool(in.ShellConnection.Value), s.Now.Now())
	if err := s.Connections.CreateConnection(r.Context(), workspaceID(r), c); err != nil {
		return err
	}
	return ok(w, toConnectionJSON(c))
}

// handleConnectionUpdate handles PUT E/connections/{connection_id} and
// /api/connections/{connection_id}. A body with input or shell_connection
// decides the authorization again, with the input merged into the stored one.
func (s *Server) handleConnectionUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "connection_id")
	if err != nil {
		return err
	}
	var in connectionInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	current, err := s.Connections.FindConnectionByID(ctx, workspaceID(r), id)
	if err != nil {
		return err
	}
	if in.Provider.Set && strings.TrimSpace(in.Provider.Value) != current.Provider {
		return partnerd.FieldError("provider", "can't be changed")
	}
	upd := in.update()
	var connector *partnerd.Connector
	if upd.Reauthorizes() {
		if connector, err = s.findConnector(r, current.Provider); err != nil {
			return err
		}
	}
	now := s.Now.Now()
	c, err := s.Connections.UpdateConnection(ctx, workspaceID(r), id, func(c *partnerd.Connection) error {
		upd.Apply(c, connector, now)
		return nil
	})
	if err != nil {
		return err
	}
	return ok(w, toConnectionJSON(c))
}

// handleConnectionDisconnect handles POST E/connections/{connection_id}/disconnect
// and /api/connections/{connection_id}/disconnect. The input stays.
func (s *Server) handleConnectionDisconnect(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "connection_id")
	if err != nil {
		return err
	}
	_, err = s.Connections.UpdateConnection(r.Context(), workspaceID(r), id, func(c *partnerd.Connection) error {
		c.Disconnect()
		return nil
	})
	if err != nil {
		return err
	}
	return ok(w, success{true})
}

// handleConnectionDelete handles DELETE E/connections/{connection_id} and
// /api/connections/{connection_id}.
func (s *Server) handleConnectionDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "connection_id")
	if err != nil {
		return err
	}
	if err := s.Connections.DeleteConnection(r.Context(), workspaceID(r), id); err != nil {
		return err
	}
	return ok(w, success{true})
}

// testAuthorizationInput is the body of the test helper that authorizes a
// connection.
type testAuthorizationInput struct {
	Status string           `json:"status"`
	Error  optional[string] `json:"error"`
}

// handleTestConnectionAuthorization handles PUT /_partnerd/connections/{id}/authorization:
// it simulates the end user authorizing a connection of the account's
// admin workspace or of one of its customers, with status "success" or
// "failed" (with the error, if any, as authorization_error).
func (s *Server) handleTestConnectionAuthorization(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in testAuthorizationInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	c, err := s.Connections.FindConnectionInAccount(r.Context(), callerOf(r).AccountID, id)
	if err != nil {
		return err
	}
	status := strings.TrimSpace(in.Status)
	if status != partnerd.AuthorizationSuccess && status != partnerd.AuthorizationFailed {
		return partnerd.FieldError("status", "must be success or failed")
	}
	var reason *string
	if text := strings.TrimSpace(in.Error.Value); text != "" {
		reason = &text
	}
	now := s.Now.Now()
	c, err = s.Connections.UpdateConnection(r.Context(), c.WorkspaceID, id, func(c *partnerd.Connection) error {
		if status == partnerd.AuthorizationSuccess {
			c.MarkAuthorized(now)
		} else {
			c.MarkFailed(reason)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return ok(w, toConnectionJSON(c))
}
