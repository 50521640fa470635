package http

import (
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// pickListInput is the body of a pick list request.
type pickListInput struct {
	PickListName   string         `json:"pick_list_name"`
	PickListParams map[string]any `json:"pick_list_params"`
}

// handlePickList handles POST E/connections/{connection_id}/pick_list (also
// without /api, as seed 001 prints it) and /api/connections/{connection_id}/pick_list:
// the [label, value] pairs of the connector's pick list. pick_list_params
// are read and checked, and change nothing: the catalogue's pick lists are
// fixed. The connection must be authorized, as Workato asks the application.
func (s *Server) handlePickList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "connection_id")
	if err != nil {
		return err
	}
	var in pickListInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	c, err := s.Connections.FindConnectionByID(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(in.PickListName)
	if name == "" {
		return partnerd.FieldError("pick_list_name", "can't be blank")
	}
	if !c.IsAuthorized() {
		return partnerd.Errorf(partnerd.ESTATE, "Connection is not authorized")
	}
	var pairs [][2]string
	var found bool
	connector, err := s.Connectors.FindConnector(r.Context(), workspaceID(r), c.Provider)
	switch partnerd.ErrorCode(err) {
	case "":
		pairs, found = connector.PickLists[name]
	case partnerd.ENOTFOUND: // The connector left the catalogue: it has no pick lists.
	default:
		return err
	}
	if !found {
		return partnerd.FieldError("pick_list_name", "is not a pick list of "+c.Provider)
	}
	if pairs == nil {
		pairs = [][2]string{}
	}
	if isCustomer(r) {
		return ok(w, resultOf[[][2]string]{pairs})
	}
	return ok(w, dataOf[[][2]string]{pairs})
}
