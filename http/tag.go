package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd"
)

// tagJSON is a tag as Workato's v2 tag API answers it; the counts are
// partnerd's reading of "usage": the recipes and connections that carry it.
type tagJSON struct {
	Handle          string        `json:"handle"`
	Title           string        `json:"title"`
	Description     string        `json:"description"`
	Color           string        `json:"color"`
	Author          tagAuthorJSON `json:"author"`
	AssignmentCount int           `json:"assignment_count"`
	RecipeCount     int           `json:"recipe_count"`
	ConnectionCount int           `json:"connection_count"`
	CreatedAt       jsonTime      `json:"created_at"`
	UpdatedAt       jsonTime      `json:"updated_at"`
	LastAssignedAt  *jsonTime     `json:"last_assigned_at"`
}

type tagAuthorJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func newTagJSON(t *partnerd.Tag) tagJSON {
	return tagJSON{Handle: t.Handle, Title: t.Title, Description: t.Description, Color: t.Color,
		Author:          tagAuthorJSON{ID: t.AuthorID, Name: t.AuthorName},
		AssignmentCount: t.RecipeCount + t.ConnectionCount, RecipeCount: t.RecipeCount, ConnectionCount: t.ConnectionCount,
		CreatedAt: jsonTime(t.CreatedAt), UpdatedAt: jsonTime(t.UpdatedAt), LastAssignedAt: timePtr(t.LastAssignedAt)}
}

// errNoTags answers the tag routes of a server without a TagService.
var errNoTags = partnerd.ErrNotFound().WithDetail("this server keeps no tags")

// handleTagList handles GET E2/tags and /api/tags: {data:[Tag], count,
// page, per_page}, by title unless sort_by[] says otherwise.
func (s *Server) handleTagList(w http.ResponseWriter, r *http.Request) error {
	if s.Tags == nil {
		return errNoTags
	}
	f, err := tagFilterOf(r.URL.Query())
	if err != nil {
		return err
	}
	list, count, err := s.Tags.FindTags(r.Context(), workspaceID(r), f)
	if err != nil {
		return err
	}
	out := dataPage[tagJSON]{Data: make([]tagJSON, 0, len(list)), Count: count, Page: f.Page.Page, PerPage: f.Page.PerPage}
	for _, t := range list {
		out.Data = append(out.Data, newTagJSON(t))
	}
	return ok(w, out)
}

// tagFilterOf reads the query of a tag list: page, per_page (at most 100),
// q[title_or_description_cont], q[handle_in][], q[author_id_eq],
// q[recipe_id_eq], q[connection_id_eq], q[only_assigned], sort_by[] and
// sort_direction[] (asc or desc, paired by position).
func tagFilterOf(q url.Values) (partnerd.TagFilter, error) {
	var f partnerd.TagFilter
	v := partnerd.Validation{}
	page, err := pageOfQuery(q, partnerd.MaxTagsPerPage)
	if err != nil {
		return f, err
	}
	f.Page = page
	f.Query = strings.TrimSpace(q.Get("q[title_or_description_cont]"))
	if !partnerd.ValidText(f.Query) {
		v.Add("q[title_or_description_cont]", "is invalid")
	}
	f.Handles = listParam(q, "q[handle_in]")
	for name, dst := range map[string]**int64{"q[author_id_eq]": &f.AuthorID, "q[recipe_id_eq]": &f.RecipeID, "q[connection_id_eq]": &f.ConnectionID} {
		if s := strings.TrimSpace(q.Get(name)); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				v.Add(name, "must be a number")
				continue
			}
			*dst = &n
		}
	}
	if s := q.Get("q[only_assigned]"); s != "" {
		b, ok := parseBool(s)
		if !ok {
			v.Add("q[only_assigned]", "must be true or false")
		}
		f.OnlyAssigned = b
	}
	directions := listParam(q, "sort_direction")
	for i, field := range listParam(q, "sort_by") {
		sort := partnerd.TagSort{Field: field}
		if i < len(directions) {
			switch strings.ToLower(directions[i]) {
			case "asc":
			case "desc":
				sort.Desc = true
			default:
				v.Add("sort_direction", "must be asc or desc")
			}
		}
		f.Sort = append(f.Sort, sort)
	}
	return f, v.Err()
}

// pageOfQuery reads page and per_page as pageOf does.
func pageOfQuery(q url.Values, maxPerPage int) (partnerd.Page, error) {
	r := &http.Request{URL: &url.URL{RawQuery: q.Encode()}}
	return pageOf(r, maxPerPage)
}

// tagBody is a tag create or update.
type tagBody struct {
	Title       optional[string] `json:"title"`
	Description optional[string] `json:"description"`
	Color       optional[string] `json:"color"`
}

// handleTagCreate handles POST E2/tags and /api/tags: the new Tag, its
// author the calling client.
func (s *Server) handleTagCreate(w http.ResponseWriter, r *http.Request) error {
	if s.Tags == nil {
		return errNoTags
	}
	var in tagBody
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	_, authorID, authorName := callerActor(callerOf(r))
	t := &partnerd.Tag{Title: strings.TrimSpace(in.Title.Value), Description: in.Description.Value, Color: in.Color.Value,
		AuthorID: authorID, AuthorName: authorName}
	if err := s.Tags.CreateTag(r.Context(), workspaceID(r), t); err != nil {
		return err
	}
	return ok(w, newTagJSON(t))
}

// handleTagUpdate handles PUT E2/tags/{handle} and /api/tags/{handle}: the
// fields given change; the Tag.
func (s *Server) handleTagUpdate(w http.ResponseWriter, r *http.Request) error {
	if s.Tags == nil {
		return errNoTags
	}
	var in tagBody
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	var upd partnerd.TagUpdate
	in.Title.applyTo(&upd.Title)
	in.Description.applyTo(&upd.Description)
	in.Color.applyTo(&upd.Color)
	if upd.Title != nil {
		title := strings.TrimSpace(*upd.Title)
		upd.Title = &title
	}
	t, err := s.Tags.UpdateTag(r.Context(), workspaceID(r), r.PathValue("handle"), upd)
	if err != nil {
		return err
	}
	return ok(w, newTagJSON(t))
}

// handleTagDelete handles DELETE E2/tags/{handle} and /api/tags/{handle}:
// the tag and its assignments go; {success:true}.
func (s *Server) handleTagDelete(w http.ResponseWriter, r *http.Request) error {
	if s.Tags == nil {
		return errNoTags
	}
	handle := r.PathValue("handle")
	if t, err := s.Tags.FindTagByHandle(r.Context(), workspaceID(r), handle); err == nil {
		noteResourceName(r, t.Title)
	}
	if err := s.Tags.DeleteTag(r.Context(), workspaceID(r), handle); err != nil {
		return err
	}
	return ok(w, success{true})
}

// tagAssignmentBody is a tag assignment.
type tagAssignmentBody struct {
	AddTags       []string `json:"add_tags"`
	RemoveTags    []string `json:"remove_tags"`
	RecipeIDs     flexInts `json:"recipe_ids"`
	ConnectionIDs flexInts `json:"connection_ids"`
}

// handleTagAssign handles POST E2/tags_assignments and
// /api/tags_assignments: all or none; Workato answers 200 with no
// content, partnerd with {} so that every answer is JSON.
func (s *Server) handleTagAssign(w http.ResponseWriter, r *http.Request) error {
	if s.Tags == nil {
		return errNoTags
	}
	var in tagAssignmentBody
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	a := partnerd.TagAssignment{Add: in.AddTags, Remove: in.RemoveTags, RecipeIDs: in.RecipeIDs.ids(), ConnectionIDs: in.ConnectionIDs.ids()}
	if err := s.Tags.AssignTags(r.Context(), workspaceID(r), a); err != nil {
		return err
	}
	return ok(w, struct{}{})
}
