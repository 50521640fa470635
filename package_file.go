package partnerd

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The files of a package. Each asset is one JSON object in a file
// <snake_case_name>.<type>.json, in a directory tree that mirrors the
// folder tree under the exported folder. Assets refer to each other by
// PackageRef, never by ids. Unknown fields are ignored.

// PackageRef is a reference of one asset file to another: the file's name,
// the asset's name (for people; the file decides) and the file's directory.
type PackageRef struct {
	ZipName string `json:"zip_name"`
	Name    string `json:"name"`
	Folder  string `json:"folder"`
}

// Path returns the path in the package of the file it names.
func (r *PackageRef) Path() string { return PackagePath(r.Folder, r.ZipName) }

// RecipeFile is a recipe: Code is the recipe tree as a JSON object, and
// each config entry names its connection. Version is written for
// Workato's readers and not read back; Concurrency (1 when absent) is the
// recipe's. A recipe without
// "private" is private, as the API creates them.
type RecipeFile struct {
	Name        string             `json:"name"`
	Description *string            `json:"description"`
	Version     int                `json:"version"`
	Private     *bool              `json:"private"`
	Concurrency int                `json:"concurrency"`
	Code        json.RawMessage    `json:"code"`
	Config      []RecipeFileConfig `json:"config"`
}

// RecipeFileConfig is an entry of a recipe's config; AccountID names a
// connection file of the package, or is null.
type RecipeFileConfig struct {
	Keyword        string      `json:"keyword"`
	Name           string      `json:"name"`
	Provider       string      `json:"provider"`
	SkipValidation bool        `json:"skip_validation"`
	AccountID      *PackageRef `json:"account_id"`
}

// ConnectionFile is a connection, without credentials: an import creates
// it disconnected.
type ConnectionFile struct {
	Name        string  `json:"name"`
	Provider    string  `json:"provider"`
	Description *string `json:"description"`
}

// LookupTableFile is a lookup table with its rows, each a map from column
// label to value; a column a row leaves out is empty.
type LookupTableFile struct {
	Name   string               `json:"name"`
	Schema []LookupColumnFile   `json:"schema"`
	Rows   []map[string]*string `json:"rows"`
}

// LookupColumnFile is a column of a lookup table file.
type LookupColumnFile struct {
	Label string `json:"label"`
	Type  string `json:"type"`
}

// AccountPropertyFile is an account property.
type AccountPropertyFile struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// APIGroupFile is an API collection.
type APIGroupFile struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// APIEndpointFile is an endpoint of the API collection APIGroup, calling
// the recipe Flow, or none when it is null.
type APIEndpointFile struct {
	Name            string      `json:"name"`
	Method          string      `json:"method"`
	Path            string      `json:"path"`
	APIGroup        *PackageRef `json:"api_group"`
	Flow            *PackageRef `json:"flow"`
	ValidateRequest bool        `json:"validate_request"`
}

// Connection returns the connection of the file, its text trimmed.
func (cf *ConnectionFile) Connection() *Connection {
	return &Connection{Name: strings.TrimSpace(cf.Name), Provider: strings.TrimSpace(cf.Provider), Description: cf.Description}
}

// Collection returns the API collection of the file, its text trimmed.
func (gf *APIGroupFile) Collection() *APICollection {
	return &APICollection{Name: strings.TrimSpace(gf.Name), Version: strings.TrimSpace(gf.Version)}
}

// Endpoint returns the endpoint of the file: its method in upper case, its
// path without a leading "/", and whether it validates requests.
func (ef *APIEndpointFile) Endpoint() *APIEndpoint {
	return &APIEndpoint{Name: strings.TrimSpace(ef.Name), Method: strings.ToUpper(strings.TrimSpace(ef.Method)),
		Path: strings.TrimPrefix(strings.TrimSpace(ef.Path), "/"), ValidateRequest: ef.ValidateRequest}
}

// PackageFile is one asset file of a package: the field of its Type holds
// its content.
type PackageFile struct {
	Path   string // in the package: "Sales/sync_leads.recipe.json"
	Folder string // its directory, "" at the root: "Sales"
	Type   string

	Recipe          *RecipeFile
	Connection      *ConnectionFile
	LookupTable     *LookupTableFile
	AccountProperty *AccountPropertyFile
	APIGroup        *APIGroupFile
	APIEndpoint     *APIEndpointFile
}

// content returns the value of the file's type.
func (f *PackageFile) content() any {
	switch f.Type {
	case AssetRecipe:
		return f.Recipe
	case AssetConnection:
		return f.Connection
	case AssetLookupTable:
		return f.LookupTable
	case AssetAccountProperty:
		return f.AccountProperty
	case AssetAPIGroup:
		return f.APIGroup
	}
	return f.APIEndpoint
}

// decodePackageFile reads the JSON object of a file of the type.
func decodePackageFile(path, folder, typ string, data []byte) (*PackageFile, error) {
	f := &PackageFile{Path: path, Folder: folder, Type: typ}
	switch typ {
	case AssetRecipe:
		f.Recipe = &RecipeFile{}
	case AssetConnection:
		f.Connection = &ConnectionFile{}
	case AssetLookupTable:
		f.LookupTable = &LookupTableFile{}
	case AssetAccountProperty:
		f.AccountProperty = &AccountPropertyFile{}
	case AssetAPIGroup:
		f.APIGroup = &APIGroupFile{}
	default:
		f.APIEndpoint = &APIEndpointFile{}
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return nil, packageFileErrorf(path, "is not a JSON object")
	}
	err := json.Unmarshal(data, f.content())
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return nil, packageFileErrorf(path, typeErr.Field+" must be "+jsonKind(typeErr.Type.Kind().String()))
	case err != nil:
		return nil, packageFileErrorf(path, "is not valid JSON")
	}
	return f, f.validate()
}

func jsonKind(kind string) string {
	if kind == "bool" {
		return "a boolean"
	}
	return kindOf(kind)
}

// validate checks the content of a file as the store would check the
// asset, so that a bad file fails the import before it starts.
func (f *PackageFile) validate() error {
	v := Validation{}
	text := func(field, s string) {
		if !ValidText(s) {
			v.Add(field, "is invalid")
		}
	}
	switch f.Type {
	case AssetRecipe:
		r, err := f.Recipe.recipe()
		if err != nil {
			return PackageFileError(f.Path, err)
		}
		text("name", r.Name)
		if r.Description != nil {
			text("description", *r.Description)
		}
	case AssetConnection:
		c := f.Connection.Connection()
		v.Required("name", c.Name, 255)
		v.Required("provider", c.Provider, 255)
		text("name", c.Name)
		text("provider", c.Provider)
		if c.Description != nil {
			text("description", *c.Description)
		}
	case AssetLookupTable:
		if _, _, err := f.LookupTable.Table(); err != nil {
			return PackageFileError(f.Path, err)
		}
	case AssetAccountProperty:
		p := f.AccountProperty
		if strings.TrimSpace(p.Name) == "" {
			v.Add("name", "can't be blank")
		} else if err := ValidateProperties(map[string]string{p.Name: p.Value}); err != nil {
			return PackageFileError(f.Path, err)
		}
	case AssetAPIGroup:
		c := f.APIGroup.Collection()
		if err := c.Validate(); err != nil {
			return PackageFileError(f.Path, err)
		}
		text("name", c.Name)
		text("version", c.Version)
	case AssetAPIEndpoint:
		e := f.APIEndpoint.Endpoint()
		if f.APIEndpoint.APIGroup == nil {
			v.Add("api_group", "can't be blank")
		}
		v.Required("name", e.Name, 255)
		text("name", e.Name)
		if !slices.Contains(APIMethods, e.Method) {
			v.Add("method", "must be one of "+strings.Join(APIMethods, ", "))
		}
		v.MaxLength("path", e.Path, 1024)
		text("path", e.Path)
	}
	return PackageFileError(f.Path, v.Err())
}

// recipe returns the recipe of the file, validated, with the connections
// of its config left out: Code is compact JSON text. Code may also be a
// string holding the JSON text, as the API gives it.
func (rf *RecipeFile) recipe() (*Recipe, error) {
	r := &Recipe{Name: rf.Name, Description: rf.Description, Private: rf.Private == nil || *rf.Private, Concurrency: max(rf.Concurrency, 1)}
	if rf.Concurrency < 0 || rf.Concurrency > MaxRecipeConcurrency {
		return nil, FieldError("concurrency", "must be between 1 and "+strconv.Itoa(MaxRecipeConcurrency))
	}
	raw := []byte(rf.Code)
	var text string
	if json.Unmarshal(raw, &text) == nil {
		raw = bytes.TrimSpace([]byte(text))
	}
	var code bytes.Buffer
	switch {
	case len(raw) == 0 || bytes.Equal(raw, []byte("null")):
	case raw[0] == '{' && json.Compact(&code, raw) == nil:
		r.Code = code.String()
	default:
		return nil, FieldError("code", "must be an object, the recipe's trigger")
	}
	for _, c := range rf.Config {
		r.Config = append(r.Config, RecipeConfig{Keyword: c.Keyword, Name: c.Name, Provider: c.Provider, SkipValidation: c.SkipValidation})
	}
	return r, r.Validate()
}

// Recipe returns the recipe of the file, validated, each config entry's
// connection set by connection (nil for none).
func (rf *RecipeFile) Recipe(connection func(ref *PackageRef) *int64) (*Recipe, error) {
	r, err := rf.recipe()
	if err != nil {
		return nil, err
	}
	for i, c := range rf.Config {
		if c.AccountID != nil {
			r.Config[i].AccountID = connection(c.AccountID)
		}
	}
	return r, nil
}

// Table returns the lookup table of the file, validated, and its rows'
// cells by column index.
func (lf *LookupTableFile) Table() (*LookupTable, [][]*string, error) {
	t := &LookupTable{Name: strings.TrimSpace(lf.Name)}
	for _, c := range lf.Schema {
		t.Columns = append(t.Columns, LookupColumn{Label: strings.TrimSpace(c.Label), Type: strings.TrimSpace(c.Type)})
	}
	if err := t.Validate(); err != nil {
		return nil, nil, err
	}
	rows := make([][]*string, len(lf.Rows))
	for i, data := range lf.Rows {
		if data == nil {
			data = LookupData{}
		}
		values, _, err := t.Values(data)
		if err != nil {
			return nil, nil, Errorf(EINVALID, "row %d: %s", i+1, describeError(err))
		}
		rows[i] = values
	}
	return t, rows, nil
}

// PackageFileError returns err as an EINVALID error whose message names
// the package file at fault and describes every problem of err; nil and
// internal errors pass unchanged.
func PackageFileError(path string, err error) error {
	var e *Error
	if err == nil || !errors.As(err, &e) {
		return err
	}
	return packageFileErrorf(path, describeError(e))
}

func packageFileErrorf(path, problem string) *Error {
	path = shortPath(path)
	if path == "" || !ValidText(path) {
		path = strconv.QuoteToASCII(path)
	}
	return &Error{Code: EINVALID, Message: path + ": " + problem}
}

// shortPath returns a path cut to its first 200 bytes, for a message.
func shortPath(path string) string {
	if len(path) <= 200 {
		return path
	}
	return strings.ToValidUTF8(path[:200], "") + "…"
}

// describeError returns an error's problems as one sentence: each field
// followed by its problems, or the message when it names no field.
func describeError(err error) string {
	var e *Error
	if !errors.As(err, &e) {
		return "Server error"
	}
	if len(e.Fields) == 0 {
		return e.Message
	}
	fields := make([]string, 0, len(e.Fields))
	for field := range e.Fields {
		fields = append(fields, field)
	}
	sort.Strings(fields)
	var parts []string
	for _, field := range fields {
		for _, p := range e.Fields[field] {
			if field == "base" {
				parts = append(parts, p)
			} else {
				parts = append(parts, field+" "+p)
			}
		}
	}
	return strings.Join(parts, "; ")
}
