package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/partnerd/partnerd"
)

// devAPIClientJSON is the DevApiClient object of seed 002, in its field
// order. folder_ids appears only when all_folders is false and
// ip_allow_list only when it is set, as in the seed's samples.
type devAPIClientJSON struct {
	ID                  int64     `json:"id"`
	Name                string    `json:"name"`
	APIPrivilegeGroupID int64     `json:"api_privilege_group_id"`
	CreatedAt           jsonTime  `json:"created_at"`
	UpdatedAt           jsonTime  `json:"updated_at"`
	AllFolders          bool      `json:"all_folders"`
	FolderIDs           *[]int64  `json:"folder_ids,omitempty"`
	EnvironmentName     string    `json:"environment_name"`
	EnvironmentID       int64     `json:"environment_id"`
	Environment         string    `json:"environment"`
	IPAllowList         string    `json:"ip_allow_list,omitempty"`
	Token               tokenJSON `json:"token"`
	User                *userJSON `json:"user,omitempty"`
}

// tokenJSON is a client's token: its UTC stamp, and its value only in the
// answers of create and regenerate.
type tokenJSON struct {
	UpdatedAt utcTime `json:"updated_at"`
	Value     string  `json:"value,omitempty"`
}

// userJSON is the workspace a client belongs to.
type userJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// newDevAPIClientJSON renders a client; c.Token, when set, is the token value
// shown once, and ws, when given, the workspace shown as its user.
func newDevAPIClientJSON(c *partnerd.DevAPIClient, ws *partnerd.Workspace) devAPIClientJSON {
	out := devAPIClientJSON{
		ID: c.ID, Name: c.Name, APIPrivilegeGroupID: c.RoleID,
		CreatedAt: jsonTime(c.CreatedAt), UpdatedAt: jsonTime(c.UpdatedAt),
		AllFolders: c.AllFolders, IPAllowList: c.IPAllowList,
		Token: tokenJSON{UpdatedAt: utcTime(c.TokenUpdatedAt), Value: c.Token},
	}
	if !c.AllFolders {
		ids := c.FolderIDs
		if ids == nil {
			ids = []int64{}
		}
		out.FolderIDs = &ids
	}
	if env := c.Environment; env != nil {
		out.EnvironmentName, out.EnvironmentID, out.Environment = env.Name, env.ID, env.Type
	}
	if ws != nil {
		out.User = &userJSON{ID: ws.ID, Name: ws.Name}
	}
	return out
}

// devAPIClientListJSON is the envelope of the client list.
type devAPIClientListJSON struct {
	Count int                `json:"count"`
	Items []devAPIClientJSON `json:"items"`
}

// devAPIClientInput is the body of a client create or update.
type devAPIClientInput struct {
	Name            optional[string]      `json:"name"`
	RoleID          optional[flexInt]     `json:"api_privilege_group_id"`
	AllFolders      optional[flexBool]    `json:"all_folders"`
	FolderIDs       optional[flexInts]    `json:"folder_ids"`
	EnvironmentName optional[string]      `json:"environment_name"`
	Environment     optional[string]      `json:"environment"`
	IPAllowList     optional[ipAllowList] `json:"ip_allow_list"`
}

// ipAllowList is an allow list that arrives as a comma-separated string or
// as an array of strings.
type ipAllowList []string

// UnmarshalJSON implements json.Unmarshaler.
func (l *ipAllowList) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*l = ipAllowList{s}
		return nil
	}
	var list []string
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("[")) && json.Unmarshal(b, &list) == nil {
		*l = list
		return nil
	}
	return partnerd.FieldError("ip_allow_list", "must be a string or an array of strings")
}

// normalizeIPAllowList checks an allow list and returns it as the
// comma-separated string it is stored as: single addresses bare, ranges
// as masked CIDRs, without duplicates.
func normalizeIPAllowList(l ipAllowList) (string, error) {
	prefixes, err := partnerd.ParseIPAllowList(strings.Join(l, ","))
	if err != nil {
		return "", err
	}
	var items []string
	for _, p := range prefixes {
		item := p.String()
		if p.IsSingleIP() {
			item = p.Addr().String()
		}
		if !slices.Contains(items, item) {
			items = append(items, item)
		}
	}
	return strings.Join(items, ","), nil
}

// parseEnvironment reads an environment by full or short name, in any case,
// and returns its type (DEV, TEST or PROD).
func parseEnvironment(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, env := range partnerd.EnvironmentTypes {
		if strings.EqualFold(s, env[0]) || strings.EqualFold(s, env[1]) {
			return env[1], true
		}
	}
	return "", false
}

// apply copies the given fields onto c and checks the result. Absent fields
// keep their values; an explicit "" or null clears ip_allow_list.
func (in *devAPIClientInput) apply(c *partnerd.DevAPIClient, create bool) error {
	v := partnerd.Validation{}
	if in.Name.Set || create {
		c.Name = strings.TrimSpace(in.Name.Value)
		if c.Name == "" {
			v.Add("name", "can't be blank")
		} else if len(c.Name) > 255 {
			v.Add("name", "is too long (maximum is 255 characters)")
		}
	}
	if in.RoleID.Set && !in.RoleID.Null {
		c.RoleID = int64(in.RoleID.Value)
		if c.RoleID <= 0 {
			v.Add("api_privilege_group_id", "is invalid")
		}
	}
	if !in.AllFolders.Set || in.AllFolders.Null {
		v.Add("all_folders", "can't be blank")
	} else {
		c.AllFolders = bool(in.AllFolders.Value)
	}
	if in.FolderIDs.Set {
		c.FolderIDs = in.FolderIDs.Value.ids()
	}
	if c.AllFolders {
		c.FolderIDs = []int64{}
	} else if _, missing := v["all_folders"]; !missing {
		if len(c.FolderIDs) == 0 {
			v.Add("folder_ids", "can't be blank when all_folders is false")
		}
		for _, id := range c.FolderIDs {
			if id <= 0 {
				v.Add("folder_ids", "is invalid")
				break
			}
		}
	}
	field, name := "environment_name", in.EnvironmentName
	if !name.Set || name.Null {
		field, name = "environment", in.Environment
	}
	if name.Set && !name.Null {
		if typ, ok := parseEnvironment(name.Value); ok {
			c.Environment = &partnerd.Environment{Type: typ}
		} else {
			v.Add(field, "is invalid")
		}
	} else if create {
		c.Environment = &partnerd.Environment{Type: "DEV"}
	}
	if in.IPAllowList.Set {
		list, err := normalizeIPAllowList(in.IPAllowList.Value)
		var perr *partnerd.Error
		if errors.As(err, &perr) && perr.Code == partnerd.EINVALID {
			for _, problem := range perr.Fields["ip_allow_list"] {
				v.Add("ip_allow_list", problem)
			}
		} else if err != nil {
			return err
		}
		c.IPAllowList = list
	}
	return v.Err()
}

// checkClientRole checks that roleID names a role of the workspace that
// grants no more than the caller's own privileges: a client cannot mint,
// take over or remove a token stronger than itself.
func (s *Server) checkClientRole(r *http.Request, roleID int64) error {
	role, err := s.DevAPIClients.FindClientRoleByID(r.Context(), workspaceID(r), roleID)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return partnerd.FieldError("api_privilege_group_id", "is invalid")
	} else if err != nil {
		return err
	}
	if !callerOf(r).Privileges.Includes(role.Privileges) {
		return partnerd.Errorf(partnerd.EFORBIDDEN, "Forbidden")
	}
	return nil
}

// findManagedClient returns a client of the request's workspace that the
// caller may change: its role grants no more than the caller's.
func (s *Server) findManagedClient(r *http.Request) (*partnerd.DevAPIClient, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	c, err := s.DevAPIClients.FindDevAPIClientByID(r.Context(), workspaceID(r), id)
	if err != nil {
		return nil, err
	}
	if err := s.checkClientRole(r, c.RoleID); partnerd.ErrorCode(err) == partnerd.EINVALID {
		return nil, partnerd.Errorf(partnerd.EFORBIDDEN, "Forbidden")
	} else if err != nil {
		return nil, err
	}
	return c, nil
}

// defaultClientRole returns the id of the workspace's built-in Admin role.
func (s *Server) defaultClientRole(r *http.Request) (int64, error) {
	roles, _, err := s.DevAPIClients.FindClientRoles(r.Context(), workspaceID(r), partnerd.Page{Page: 1, PerPage: 100})
	if err != nil {
		return 0, err
	}
	for _, role := range roles {
		if role.BuiltIn && role.Name == partnerd.AdminRoleName {
			return role.ID, nil
		}
	}
	return 0, partnerd.FieldError("api_privilege_group_id", "can't be blank")
}

// workspaceOf returns the workspace the request acts on.
func (s *Server) workspaceOf(r *http.Request) (*partnerd.Workspace, error) {
	if isCustomer(r) {
		return s.Workspaces.FindCustomerByID(r.Context(), callerOf(r).AccountID, workspaceID(r))
	}
	return s.Workspaces.FindWorkspaceByID(r.Context(), workspaceID(r))
}

// handleDevAPIClientList handles GET /api/developer_api_clients and its E2 form.
func (s *Server) handleDevAPIClientList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, 100)
	if err != nil {
		return err
	}
	list, total, err := s.DevAPIClients.FindDevAPIClients(r.Context(), workspaceID(r), page)
	if err != nil {
		return err
	}
	items := make([]devAPIClientJSON, len(list))
	for i, c := range list {
		items[i] = newDevAPIClientJSON(c, nil)
	}
	return ok(w, resultOf[devAPIClientListJSON]{devAPIClientListJSON{Count: total, Items: items}})
}

// handleDevAPIClientCreate handles POST /api/developer_api_clients and its
// E2 form. The answer carries the token, the only time it is shown.
func (s *Server) handleDevAPIClientCreate(w http.ResponseWriter, r *http.Request) error {
	var in devAPIClientInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	c := &partnerd.DevAPIClient{}
	if err := in.apply(c, true); err != nil {
		return err
	}
	if c.RoleID == 0 {
		id, err := s.defaultClientRole(r)
		if err != nil {
			return err
		}
		c.RoleID = id
	}
	if err := s.checkClientRole(r, c.RoleID); err != nil {
		return err
	}
	c.Token, c.TokenHash = partnerd.NewToken()
	if err := s.DevAPIClients.CreateDevAPIClient(r.Context(), workspaceID(r), c); err != nil {
		return err
	}
	return ok(w, resultOf[devAPIClientJSON]{newDevAPIClientJSON(c, nil)})
}

// handleDevAPIClientGet handles GET /api/developer_api_clients/{id} and its E2 form.
func (s *Server) handleDevAPIClientGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.DevAPIClients.FindDevAPIClientByID(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	ws, err := s.workspaceOf(r)
	if err != nil {
		return err
	}
	return ok(w, resultOf[devAPIClientJSON]{newDevAPIClientJSON(c, ws)})
}

// handleDevAPIClientUpdate handles PUT /api/developer_api_clients/{id} and its E2 form.
func (s *Server) handleDevAPIClientUpdate(w http.ResponseWriter, r *http.Request) error {
	current, err := s.findManagedClient(r)
	if err != nil {
		return err
	}
	var in devAPIClientInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if in.RoleID.Set && !in.RoleID.Null && int64(in.RoleID.Value) != current.RoleID {
		if err := s.checkClientRole(r, int64(in.RoleID.Value)); err != nil {
			return err
		}
	}
	c, err := s.DevAPIClients.UpdateDevAPIClient(r.Context(), workspaceID(r), current.ID,
		func(c *partnerd.DevAPIClient) error { return in.apply(c, false) })
	if err != nil {
		return err
	}
	ws, err := s.workspaceOf(r)
	if err != nil {
		return err
	}
	return ok(w, resultOf[devAPIClientJSON]{newDevAPIClientJSON(c, ws)})
}

// handleDevAPIClientDelete handles DELETE /api/developer_api_clients/{id}
// and its E2 form. A client cannot delete itself.
func (s *Server) handleDevAPIClientDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if caller := callerOf(r); caller.ClientID == id && caller.WorkspaceID == workspaceID(r) {
		return partnerd.Errorf(partnerd.EINVALID, "A developer API client cannot delete itself")
	}
	c, err := s.findManagedClient(r)
	if err != nil {
		return err
	}
	if err := s.DevAPIClients.DeleteDevAPIClient(r.Context(), workspaceID(r), c.ID); err != nil {
		return err
	}
	return ok(w, resultOf[string]{"success"})
}

// handleDevAPIClientRegenerate handles POST
// /api/developer_api_clients/{id}/regenerate and its E2 form: the old
// token fails from now on and the answer carries the new one.
func (s *Server) handleDevAPIClientRegenerate(w http.ResponseWriter, r *http.Request) error {
	current, err := s.findManagedClient(r)
	if err != nil {
		return err
	}
	token, hash := partnerd.NewToken()
	c, err := s.DevAPIClients.RegenerateDevAPIClientToken(r.Context(), workspaceID(r), current.ID, hash)
	if err != nil {
		return err
	}
	c.Token = token
	return ok(w, resultOf[devAPIClientJSON]{newDevAPIClientJSON(c, nil)})
}
