package partnerd

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of tags (Workato's).
const (
	MaxTagTitleLength       = 30  // characters
	MaxTagDescriptionLength = 150 // characters
	MaxTagsPerPage          = 100
	MaxTagAssignmentIDs     = 1000 // recipes and connections of one assignment, each
)

// TagColors are the colors a tag may have; the first is the default.
var TagColors = []string{"blue", "violet", "green", "red", "orange", "gold", "indigo", "brown", "teal", "plum", "slate", "neutral"}

// Tag is a label of a workspace that recipes and connections carry. Its
// handle names it on the wire.
type Tag struct {
	ID              int64
	WorkspaceID     int64
	Handle          string
	Title           string
	Description     string
	Color           string
	AuthorID        int64 // the API client that created it; 0 for the legacy key
	AuthorName      string
	RecipeCount     int // recipes that carry it
	ConnectionCount int // connections that carry it
	CreatedAt       time.Time
	UpdatedAt       time.Time
	LastAssignedAt  *time.Time
}

// Validate checks a new tag's title, description and color.
func (t *Tag) Validate() error {
	v := Validation{}
	validateTagText(v, "title", t.Title, true, MaxTagTitleLength)
	validateTagText(v, "description", t.Description, false, MaxTagDescriptionLength)
	if !slices.Contains(TagColors, t.Color) {
		v.Add("color", "must be one of "+strings.Join(TagColors, ", "))
	}
	return v.Err()
}

func validateTagText(v Validation, field, s string, required bool, max int) {
	switch {
	case !ValidText(s):
		v.Add(field, "is invalid")
	case required && strings.TrimSpace(s) == "":
		v.Add(field, "can't be blank")
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "is too long (maximum is "+strconv.Itoa(max)+" characters)")
	}
}

// TagUpdate changes the fields it sets.
type TagUpdate struct {
	Title       *string
	Description *string
	Color       *string
}

// Tag sort fields (sort_by[]).
const (
	TagSortTitle           = "title"
	TagSortAssignmentCount = "assignment_count"
	TagSortUpdatedAt       = "updated_at"
	TagSortLastAssignedAt  = "last_assigned_at"
)

// TagSort is one key of a tag list's order.
type TagSort struct {
	Field string
	Desc  bool
}

// TagFilter selects tags of a workspace. Zero values select everything;
// without Sort, tags come by title.
type TagFilter struct {
	Query        string // in the title or the description, without regard to case
	Handles      []string
	AuthorID     *int64
	RecipeID     *int64 // only the tags the recipe carries
	ConnectionID *int64 // only the tags the connection carries
	OnlyAssigned bool   // only tags carried by something
	Sort         []TagSort
	Page         Page
}

// TagAssignment adds tags to and removes tags from recipes and connections.
type TagAssignment struct {
	Add           []string // handles
	Remove        []string // handles
	RecipeIDs     []int64
	ConnectionIDs []int64
}

// Validate checks that the assignment names some tag and some asset.
func (a *TagAssignment) Validate() error {
	v := Validation{}
	if len(a.Add) == 0 && len(a.Remove) == 0 {
		v.Add("add_tags", "add_tags or remove_tags must name a tag")
	}
	if len(a.RecipeIDs) == 0 && len(a.ConnectionIDs) == 0 {
		v.Add("recipe_ids", "recipe_ids or connection_ids must name an asset")
	}
	if len(a.RecipeIDs) > MaxTagAssignmentIDs {
		v.Add("recipe_ids", "names more than "+strconv.Itoa(MaxTagAssignmentIDs)+" recipes")
	}
	if len(a.ConnectionIDs) > MaxTagAssignmentIDs {
		v.Add("connection_ids", "names more than "+strconv.Itoa(MaxTagAssignmentIDs)+" connections")
	}
	return v.Err()
}

// TagService keeps the tags of each workspace and what carries them.
type TagService interface {
	// FindTags returns a page of the workspace's tags and how many the
	// filter matches; EINVALID for an unknown sort field.
	FindTags(ctx context.Context, workspaceID int64, f TagFilter) ([]*Tag, int, error)
	// FindTagByHandle returns one tag; ENOTFOUND.
	FindTagByHandle(ctx context.Context, workspaceID int64, handle string) (*Tag, error)
	// CreateTag creates t, setting its ID, Handle and times; EINVALID
	// (Validate; a blank color is the first of TagColors).
	CreateTag(ctx context.Context, workspaceID int64, t *Tag) error
	// UpdateTag changes the tag's fields; ENOTFOUND, EINVALID.
	UpdateTag(ctx context.Context, workspaceID int64, handle string, upd TagUpdate) (*Tag, error)
	// DeleteTag deletes the tag and its assignments; ENOTFOUND.
	DeleteTag(ctx context.Context, workspaceID int64, handle string) error
	// AssignTags applies an assignment in one transaction, all or none:
	// EINVALID (Validate); ENOTFOUND naming the first handle, recipe or
	// connection the workspace does not hold.
	AssignTags(ctx context.Context, workspaceID int64, a TagAssignment) error
}
