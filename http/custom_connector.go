package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd"
)

// customConnectorJSON is the CustomConnector object of objects.md. Code is
// the current source, on every answer about one connector and never in lists.
type customConnectorJSON struct {
	ID                        int64                 `json:"id"`
	Name                      string                `json:"name"`
	Title                     string                `json:"title"`
	Description               *string               `json:"description"`
	LatestReleasedVersion     *int                  `json:"latest_released_version"`
	LatestReleasedVersionNote *string               `json:"latest_released_version_note"`
	OEMSharedVersion          *int                  `json:"oem_shared_version"`
	OEMSharedAt               *jsonTime             `json:"oem_shared_at"`
	ReleasedVersions          []releasedVersionJSON `json:"released_versions"`
	Code                      *string               `json:"code,omitempty"`
}

type releasedVersionJSON struct {
	Version     int      `json:"version"`
	VersionNote *string  `json:"version_note"`
	CreatedAt   jsonTime `json:"created_at"`
	ReleasedAt  jsonTime `json:"released_at"`
	Code        string   `json:"code"`
}

func newCustomConnectorJSON(c *partnerd.CustomConnector, withCode bool) customConnectorJSON {
	out := customConnectorJSON{ID: c.ID, Name: c.Name, Title: c.Title, Description: c.Description,
		OEMSharedVersion: c.OEMSharedVersion, OEMSharedAt: timePtr(c.OEMSharedAt), ReleasedVersions: []releasedVersionJSON{}}
	if v := c.LatestVersion(); v != nil {
		out.LatestReleasedVersion, out.LatestReleasedVersionNote = &v.Version, v.Note
	}
	for _, v := range c.ReleasedVersions {
		out.ReleasedVersions = append(out.ReleasedVersions, releasedVersionJSON{Version: v.Version, VersionNote: v.Note,
			CreatedAt: jsonTime(v.CreatedAt), ReleasedAt: jsonTime(v.ReleasedAt), Code: v.Code})
	}
	if withCode {
		out.Code = &c.Code
	}
	return out
}

// customConnectorInput is the body of a custom connector create or update.
// Code is kept as sent; the other strings are trimmed.
type customConnectorInput struct {
	Name        optional[string] `json:"name"`
	Title       optional[string] `json:"title"`
	Code        optional[string] `json:"code"`
	Description optional[string] `json:"description"`
	Note        optional[string] `json:"note"`
}

// apply copies the given fields but the name onto c. A null title or code
// is left blank for validation to report.
func (in *customConnectorInput) apply(c *partnerd.CustomConnector) {
	if in.Title.Set {
		c.Title = strings.TrimSpace(in.Title.Value)
	}
	if in.Code.Set {
		c.Code = in.Code.Value
	}
	in.Description.applyTo(&c.Description)
	in.Note.applyTo(&c.Note)
}

// handleCustomConnectorList handles GET /api/custom_connectors, filtered by
// part of the title and by oem_shared.
func (s *Server) handleCustomConnectorList(w http.ResponseWriter, r *http.Request) error {
	var f partnerd.CustomConnectorFilter
	if title := r.URL.Query().Get("title"); title != "" {
		f.Title = &title
	}
	if shared, given, err := queryBool(r, "oem_shared"); err != nil {
		return err
	} else if given {
		f.OEMShared = &shared
	}
	list, err := s.Connectors.FindCustomConnectors(r.Context(), callerOf(r).AccountID, f)
	if err != nil {
		return err
	}
	out := make([]customConnectorJSON, len(list))
	for i, c := range list {
		out[i] = newCustomConnectorJSON(c, false)
	}
	return ok(w, resultOf[[]customConnectorJSON]{out})
}

// handleCustomConnectorGet handles GET /api/custom_connectors/{id}.
func (s *Server) handleCustomConnectorGet(w http.ResponseWriter, r *http.Request) error {
	c, err := s.findCustomConnector(r)
	if err != nil {
		return err
	}
	return ok(w, newCustomConnectorJSON(c, true))
}

// handleCustomConnectorCode handles GET /api/custom_connectors/{id}/code.
func (s *Server) handleCustomConnectorCode(w http.ResponseWriter, r *http.Request) error {
	c, err := s.findCustomConnector(r)
	if err != nil {
		return err
	}
	type code struct {
		Code string `json:"code"`
	}
	return ok(w, struct {
		Data code `json:"data"`
	}{code{c.Code}})
}

func (s *Server) findCustomConnector(r *http.Request) (*partnerd.CustomConnector, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.Connectors.FindCustomConnectorByID(r.Context(), callerOf(r).AccountID, id)
}

// handleCustomConnectorCreate handles POST /api/custom_connectors.
func (s *Server) handleCustomConnectorCreate(w http.ResponseWriter, r *http.Request) error {
	var in customConnectorInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	c := &partnerd.CustomConnector{Name: strings.TrimSpace(in.Name.Value)}
	in.apply(c)
	if err := s.Connectors.CreateCustomConnector(r.Context(), callerOf(r).AccountID, c); err != nil {
		return err
	}
	return ok(w, newCustomConnectorJSON(c, true))
}

// handleCustomConnectorUpdate handles PUT /api/custom_connectors/{id}: the
// title, code, description and note; a name in the body is ignored.
func (s *Server) handleCustomConnectorUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in customConnectorInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	c, err := s.Connectors.UpdateCustomConnector(r.Context(), callerOf(r).AccountID, id, func(c *partnerd.CustomConnector) error {
		in.apply(c)
		return nil
	})
	if err != nil {
		return err
	}
	return ok(w, newCustomConnectorJSON(c, true))
}

// releaseInput is the body of a release: the version's note, which
// defaults to the connector's.
type releaseInput struct {
	Note optional[string] `json:"note"`
}

// handleCustomConnectorRelease handles POST /api/custom_connectors/{id}/release.
func (s *Server) handleCustomConnectorRelease(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in releaseInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	var note *string // absent or null: the connector's note
	in.Note.applyTo(&note)
	c, err := s.Connectors.ReleaseCustomConnector(r.Context(), callerOf(r).AccountID, id, note)
	if err != nil {
		return err
	}
	return ok(w, newCustomConnectorJSON(c, true))
}

// handleCustomConnectorShare handles POST /api/custom_connectors/{id}/oem_share/{version}
// and its alias share_oem_version/{version}.
func (s *Server) handleCustomConnectorShare(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || version <= 0 {
		return partnerd.ErrNotFound()
	}
	c, err := s.Connectors.ShareCustomConnector(r.Context(), callerOf(r).AccountID, id, version)
	if err != nil {
		return err
	}
	return ok(w, newCustomConnectorJSON(c, true))
}

// handleCustomConnectorSuppress handles DELETE /api/custom_connectors/{id}/suppress_oem_version.
func (s *Server) handleCustomConnectorSuppress(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.Connectors.SuppressCustomConnector(r.Context(), callerOf(r).AccountID, id)
	if err != nil {
		return err
	}
	return ok(w, newCustomConnectorJSON(c, true))
}
