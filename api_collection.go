package partnerd

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// APIGatewayURL is the base of the URLs of API collections and endpoints
// when the server's public URL is not known.
const APIGatewayURL = "https://apim.partnerd.local"

// DefaultAPIVersion is the version of a collection that names none.
const DefaultAPIVersion = "1.0"

// APIMethods lists the methods an API endpoint may have.
var APIMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// APICollection is a group of API endpoints published together. It lives
// in a project (ProjectID) and through it in the project's top folder
// (FolderID), which puts it under the folder scope of behaviors §2; a
// collection without a project lives in the home folder.
type APICollection struct {
	ID          int64
	WorkspaceID int64
	Name        string
	ProjectID   *int64
	FolderID    int64 // set by the store from ProjectID
	Version     string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Validate checks a collection before it is stored and fills in its
// default version.
func (c *APICollection) Validate() error {
	v := Validation{}
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		v.Add("name", "can't be blank")
	} else if len(c.Name) > 255 {
		v.Add("name", "is too long (maximum is 255 characters)")
	}
	if c.Version = strings.TrimSpace(c.Version); c.Version == "" {
		c.Version = DefaultAPIVersion
	} else if len(c.Version) > 40 {
		v.Add("version", "is too long (maximum is 40 characters)")
	}
	return v.Err()
}

// BasePath returns the path of the collection on the gateway:
// "/ws<workspace id>/<slug of the name>-v<major version>".
func (c *APICollection) BasePath() string {
	return APICollectionBasePath(c.WorkspaceID, c.Name, c.Version)
}

// URL returns the collection's address on the gateway whose base is base
// (the public URL and APIGatewayPath).
func (c *APICollection) URL(base string) string { return base + c.BasePath() }

// SpecURL returns the address of the collection's OpenAPI document.
func (c *APICollection) SpecURL(base string) string { return c.URL(base) + "/openapi.json" }

// APICollectionBasePath returns the gateway path of a collection; see
// APICollection.BasePath.
func APICollectionBasePath(workspaceID int64, name, version string) string {
	major, _, _ := strings.Cut(version, ".")
	major = slug(major)
	if major == "" {
		major = "1"
	}
	name = slug(name)
	if name == "" {
		name = "collection"
	}
	return "/ws" + strconv.FormatInt(workspaceID, 10) + "/" + name + "-v" + major
}

// slug returns s in lower case with every run of characters other than
// ASCII letters and digits turned into one "-", trimmed of "-".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// APIEndpoint is one operation of a collection: a method and a path that
// call a recipe (FlowID). An endpoint may be active only while its recipe
// runs.
type APIEndpoint struct {
	ID           int64
	WorkspaceID  int64
	CollectionID int64
	FlowID       *int64 // the recipe; nil until one is assigned
	Name         string
	Method       string
	Path         string // relative to the collection: "users/:id"
	Active       bool
	// ValidateRequest checks each call's body against the request schema
	// of the recipe's trigger (Workato's validate_request).
	ValidateRequest bool
	// CollectionPath is the collection's BasePath, set by the store.
	CollectionPath string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// BasePath returns the endpoint's path on the gateway.
func (e *APIEndpoint) BasePath() string { return e.CollectionPath + "/" + e.Path }

// URL returns the endpoint's address on the gateway whose base is base.
func (e *APIEndpoint) URL(base string) string { return base + e.BasePath() }

// APIEndpointFilter selects endpoints; a zero CollectionID selects those of
// every collection. Lists come in ascending id.
type APIEndpointFilter struct {
	CollectionID int64
	Page         Page
}

// ErrEndpointRecipe is the refusal to enable an endpoint that has no
// recipe, or whose recipe does not run.
func ErrEndpointRecipe(hasRecipe bool) *Error {
	problem := "the endpoint has no recipe"
	if hasRecipe {
		problem = "the endpoint's recipe is not running"
	}
	return &Error{Code: ESTATE, Message: "Validation failed", Fields: map[string][]string{"flow_id": {problem}}}
}

// Validate checks an endpoint before it is stored. Endpoints come from the
// operations of an OpenAPI document, so problems name openapi_spec.
func (e *APIEndpoint) Validate() error {
	path := e.Path
	if len(path) > 100 {
		path = path[:100] + "…"
	}
	op := "operation " + e.Method + " /" + path
	v := Validation{}
	if !slices.Contains(APIMethods, e.Method) {
		v.Add("openapi_spec", op+": the method must be one of "+strings.Join(APIMethods, ", "))
	}
	if strings.TrimSpace(e.Name) == "" {
		v.Add("openapi_spec", op+": the name can't be blank")
	} else if len(e.Name) > 255 {
		v.Add("openapi_spec", op+": the name is too long (maximum is 255 characters)")
	}
	if len(e.Path) > 1024 {
		v.Add("openapi_spec", op+": the path is too long (maximum is 1024 characters)")
	}
	return v.Err()
}
