package client

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// Connector is a connector of the catalogue that an account's customers
// see: a connector of the platform, or a custom connector the account
// shares. Name is the provider id that connections and recipe steps carry.
type Connector struct {
	Name               string                `json:"name"`
	Title              string                `json:"title"`
	Description        *string               `json:"description"`
	Categories         []string              `json:"categories"`
	RequiresConnection bool                  `json:"requires_connection"`
	OAuth              bool                  `json:"oauth"`
	Deprecated         bool                  `json:"deprecated"`
	Secondary          bool                  `json:"secondary"`
	Triggers           []ConnectorOperation  `json:"triggers"`
	Actions            []ConnectorOperation  `json:"actions"`
	InputFields        []ConnectorInputField `json:"input_fields"`
}

// ConnectorOperation is a trigger or an action of a connector.
type ConnectorOperation struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// ConnectorInputField is a field of a connector's connection.
type ConnectorInputField struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Type     string `json:"type"`
	Optional bool   `json:"optional"`
}

// ConnectorsByName returns the connectors of the given provider ids, such
// as "salesforce" (GET /api/integrations?applications=…). Unknown names are
// left out; with no names, every connector is returned.
func (c *Client) ConnectorsByName(ctx context.Context, names ...string) ([]Connector, error) {
	var q url.Values
	if len(names) > 0 {
		q = url.Values{"applications": {strings.Join(names, ",")}}
	}
	var out struct {
		Items []Connector `json:"items"`
	}
	if err := c.do(ctx, http.MethodGet, "/api/integrations", q, nil, &out); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// Connectors returns one page of the whole catalogue in ascending name and
// the catalogue's size (GET /api/integrations/all); at most 100 per page.
func (c *Client) Connectors(ctx context.Context, opts ListOptions) ([]Connector, int, error) {
	var out struct {
		Items []Connector `json:"items"`
		Count int         `json:"count"`
	}
	if err := c.do(ctx, http.MethodGet, "/api/integrations/all", opts.values(), nil, &out); err != nil {
		return nil, 0, err
	}
	return out.Items, out.Count, nil
}

// AllConnectors iterates over the whole catalogue in ascending name,
// perPage a page (0, or more than 100, is 100, the route's maximum). It
// stops after the first short page; an error ends the iteration after it
// is yielded.
func (c *Client) AllConnectors(ctx context.Context, perPage int) iter.Seq2[Connector, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *Connector) ([]Connector, error) {
		list, _, err := c.Connectors(ctx, p)
		return list, err
	})
}
