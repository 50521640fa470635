package http

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/partnerd/partnerd"
)

// connectorJSON is the Connector object of objects.md. Pick lists are
// served by the connections' pick_list route, not here.
type connectorJSON struct {
	Name               string           `json:"name"`
	Title              string           `json:"title"`
	Description        *string          `json:"description"`
	Categories         []string         `json:"categories"`
	RequiresConnection bool             `json:"requires_connection"`
	OAuth              bool             `json:"oauth"`
	Deprecated         bool             `json:"deprecated"`
	Secondary          bool             `json:"secondary"`
	Triggers           []operationJSON  `json:"triggers"`
	Actions            []operationJSON  `json:"actions"`
	InputFields        []inputFieldJSON `json:"input_fields"`
}

type operationJSON struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

type inputFieldJSON struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Type     string `json:"type"`
	Optional bool   `json:"optional"`
}

func newConnectorJSON(c *partnerd.Connector) connectorJSON {
	out := connectorJSON{Name: c.Name, Title: c.Title, Description: c.Description, Categories: c.Categories,
		RequiresConnection: c.RequiresConnection, OAuth: c.OAuth, Deprecated: c.Deprecated, Secondary: c.Secondary,
		Triggers: newOperationsJSON(c.Triggers), Actions: newOperationsJSON(c.Actions), InputFields: []inputFieldJSON{}}
	if out.Categories == nil {
		out.Categories = []string{}
	}
	for _, f := range c.InputFields {
		out.InputFields = append(out.InputFields, inputFieldJSON(f))
	}
	return out
}

func newOperationsJSON(ops []partnerd.Operation) []operationJSON {
	out := make([]operationJSON, len(ops))
	for i, op := range ops {
		out[i] = operationJSON(op)
	}
	return out
}

// connectorPage is the envelope of /api/integrations/all.
type connectorPage struct {
	Items   []connectorJSON `json:"items"`
	Count   int             `json:"count"`
	Page    int             `json:"page"`
	PerPage int             `json:"per_page"`
}

// applicationList is the applications filter: a string of comma-separated
// names or an array of them.
type applicationList []string

// UnmarshalJSON implements json.Unmarshaler.
func (l *applicationList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	var one string
	var many []string
	switch {
	case bytes.Equal(b, []byte("null")):
		return nil
	case json.Unmarshal(b, &one) == nil:
		*l = splitNames(*l, one)
	case json.Unmarshal(b, &many) == nil:
		for _, s := range many {
			*l = splitNames(*l, s)
		}
	default:
		return partnerd.FieldError("applications", "must be a string or an array of strings")
	}
	return nil
}

// splitNames appends the comma-separated names of s, trimmed, lower-case and
// not empty.
func splitNames(names []string, s string) []string {
	for name := range strings.SplitSeq(s, ",") {
		if name = strings.ToLower(strings.TrimSpace(name)); name != "" {
			names = append(names, name)
		}
	}
	return names
}

// applicationsOf reads the applications filter from the query (applications
// or applications[], each comma-separated) and from the body. It reports
// false when neither gives one.
func applicationsOf(r *http.Request) ([]string, bool, error) {
	var in struct {
		Applications *applicationList `json:"applications"`
	}
	if err := decodeBody(r, &in); err != nil {
		return nil, false, err
	}
	var names []string
	given := in.Applications != nil
	if given {
		names = *in.Applications
	}
	q := r.URL.Query()
	for _, key := range []string{"applications", "applications[]"} {
		if values, ok := q[key]; ok {
			given = true
			for _, v := range values {
				names = splitNames(names, v)
			}
		}
	}
	return names, given, nil
}

// handleConnectorList handles GET /api/integrations: the connectors of the
// caller's account named by applications, or all of them without a filter.
func (s *Server) handleConnectorList(w http.ResponseWriter, r *http.Request) error {
	names, filtered, err := applicationsOf(r)
	if err != nil {
		return err
	}
	list, err := s.Connectors.FindConnectors(r.Context(), workspaceID(r))
	if err != nil {
		return err
	}
	out := []connectorJSON{}
	for _, c := range list {
		if !filtered || slices.Contains(names, c.Name) {
			out = append(out, newConnectorJSON(c))
		}
	}
	return ok(w, itemsOf[connectorJSON]{out})
}

// handleConnectorListAll handles GET /api/integrations/all: one page of the
// whole catalogue, at most 100 per page.
func (s *Server) handleConnectorListAll(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, 100)
	if err != nil {
		return err
	}
	list, err := s.Connectors.FindConnectors(r.Context(), workspaceID(r))
	if err != nil {
		return err
	}
	out := []connectorJSON{}
	if from := page.Offset(); from < len(list) {
		for _, c := range list[from:min(len(list), from+page.PerPage)] {
			out = append(out, newConnectorJSON(c))
		}
	}
	return ok(w, connectorPage{Items: out, Count: len(list), Page: page.Page, PerPage: page.PerPage})
}
