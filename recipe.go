package partnerd

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Recipe is a workspace's recipe: Workato's recipe tree (Code, JSON text
// whose root is the trigger) and the connections its applications use
// (Config). It is stopped when created; each change of its code or config
// is a new version.
type Recipe struct {
	ID          int64
	WorkspaceID int64
	Name        string
	Description *string
	FolderID    int64 // zero on create puts the recipe in the home folder
	ProjectID   *int64
	Code        string // the recipe tree as compact JSON text
	CodeSize    int64  // the length of Code in bytes, read even when Code is left out
	Config      []RecipeConfig
	Private     bool // a private recipe is not found by the public search

	// TriggerApplication and ActionApplications are derived from Code by
	// Validate: the trigger's provider, and those of the steps beneath it
	// depth-first, each once.
	TriggerApplication *string
	ActionApplications []string

	Running            bool
	StoppedAt          *time.Time
	StopCause          *string
	CopyCount          int
	VersionNo          int
	AuthorName         string
	VersionAuthorName  string
	VersionAuthorEmail string
	VersionComment     *string
	JobSucceededCount  int
	JobFailedCount     int
	LifetimeTaskCount  int
	LastRunAt          *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time

	// Revision changes, to a value never used before, with every change
	// of the fields above but ProjectID, which moves with the folder.
	Revision int64

	// Concurrency is how many jobs of the recipe run at once: 1 unless a
	// package set more, up to MaxRecipeConcurrency.
	Concurrency int

	// WebhookToken is the random part of the recipe's webhook URL, set
	// by the store when the recipe is created and kept after.
	WebhookToken string
}

// RecipeStamp names one state of a recipe as the API shows it: while the
// stamp stands, so does the recipe's encoding.
type RecipeStamp struct {
	ID        int64
	Revision  int64
	ProjectID *int64
}

// Stamp returns the recipe's stamp.
func (r *Recipe) Stamp() RecipeStamp {
	return RecipeStamp{ID: r.ID, Revision: r.Revision, ProjectID: r.ProjectID}
}

// RecipeConfig is an entry of a recipe's config: the connection
// (AccountID) that the steps of one application (Provider) use.
type RecipeConfig struct {
	Keyword        string `json:"keyword"` // "application"
	Name           string `json:"name"`    // the provider again
	Provider       string `json:"provider"`
	SkipValidation bool   `json:"skip_validation"`
	AccountID      *int64 `json:"account_id"`
}

// Applications returns the trigger's application and the actions', each once.
func (r *Recipe) Applications() []string {
	var apps []string
	if r.TriggerApplication != nil {
		apps = append(apps, *r.TriggerApplication)
	}
	return appendNew(apps, r.ActionApplications...)
}

// appendNew appends each name that list does not hold yet.
func appendNew(list []string, names ...string) []string {
	for _, n := range names {
		if !slices.Contains(list, n) {
			list = append(list, n)
		}
	}
	return list
}

// Validate checks a recipe before it is stored: a name, code that is a
// recipe tree, and a provider in every config entry. It fills in the
// entries' keyword and name when they are blank, and derives
// TriggerApplication and ActionApplications from the code.
func (r *Recipe) Validate() error {
	v := Validation{}
	v.Required("name", r.Name, 255)
	if strings.TrimSpace(r.Code) == "" {
		v.Add("code", "can't be blank")
	} else if root, err := ParseRecipeCode(r.Code); err != nil {
		v.Add("code", err.Error())
	} else {
		r.TriggerApplication, r.ActionApplications = root.applications()
	}
	for i := range r.Config {
		c := &r.Config[i]
		c.Provider = strings.TrimSpace(c.Provider)
		if c.Provider == "" {
			v.Add("config", "entry "+strconv.Itoa(i+1)+" has no provider")
		}
		if c.Keyword == "" {
			c.Keyword = "application"
		}
		if c.Name == "" {
			c.Name = c.Provider
		}
	}
	if r.Config == nil {
		r.Config = []RecipeConfig{}
	}
	return v.Err()
}

// ConnectionIDs returns the connections that the config names, each once.
func (r *Recipe) ConnectionIDs() []int64 {
	var ids []int64
	seen := map[int64]bool{}
	for _, c := range r.Config {
		if c.AccountID != nil && !seen[*c.AccountID] {
			seen[*c.AccountID] = true
			ids = append(ids, *c.AccountID)
		}
	}
	return ids
}

// ErrRecipeRunning is the refusal to change a running recipe, which
// Workato answers with HTTP 200.
func ErrRecipeRunning() *Error {
	const m = "can't modify running recipe"
	return &Error{Code: ESTATE, Message: m, Fields: map[string][]string{"running": {m}}}
}

// ErrRecipeRunningDelete is the refusal to delete a running recipe, which
// Workato answers with HTTP 200.
func ErrRecipeRunningDelete() *Error {
	const m = "Can't change the recipe state: invalid state running"
	return &Error{Code: ESTATE, Message: m, Fields: map[string][]string{"running": {m}}}
}

// MaxRecipeConcurrency is the most jobs of one recipe that run at once, as
// Workato's recipe limits say.
const MaxRecipeConcurrency = 30

// ErrRecipeRunningReset is the refusal to reset the trigger of a running
// recipe: Workato resets only a stopped recipe's trigger.
func ErrRecipeRunningReset() *Error {
	return &Error{Code: ESTATE, Message: "Recipe must be stopped to reset its trigger"}
}

// RecipeFilter selects recipes; nil and empty fields select every value.
// Lists come in descending id.
type RecipeFilter struct {
	FolderID        *int64 // the recipes directly in that folder
	Running         *bool
	SinceID         *int64 // ids lower than it
	StoppedAfter    *time.Time
	StopCause       *string
	UpdatedAfter    *time.Time
	ApplicationsAll []string // recipes that use every one of them
	ApplicationsAny []string // recipes that use at least one of them
	ExcludeCode     bool     // leave Code empty
	Page            Page
}

// PublicRecipeFilter selects public recipes.
type PublicRecipeFilter struct {
	Term         string   // part of the name or description, in any case
	Applications []string // recipes that use every one of them
	Page         Page
}

// RecipeVersion is one version of a recipe's code and config.
type RecipeVersion struct {
	ID          int64
	RecipeID    int64
	VersionNo   int
	Comment     *string
	AuthorName  string
	AuthorEmail string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Code and Config are the recipe as this version left it; nil for a
	// version superseded before versions kept their code.
	Code   *string
	Config []RecipeConfig
}

// MaxVersionComment is the longest comment a recipe version takes.
const MaxVersionComment = 1000

// RecipeService keeps the recipes of a workspace. Every method answers
// ENOTFOUND for recipes outside the caller's folder scope
// (Caller.FolderLimit), as if they did not exist.
type RecipeService interface {
	// CreateRecipe stores a stopped recipe as version 1 in r.FolderID
	// (home when zero), private as r.Private says (the API creates private
	// ones): EINVALID, also for a folder_id that is not a folder of the
	// workspace within the caller's scope.
	CreateRecipe(ctx context.Context, workspaceID int64, r *Recipe) error
	// FindRecipeByID returns a recipe, or ENOTFOUND.
	FindRecipeByID(ctx context.Context, workspaceID, id int64) (*Recipe, error)
	// FindRecipes returns a page of recipes in descending id and their total.
	FindRecipes(ctx context.Context, workspaceID int64, f RecipeFilter) ([]*Recipe, int, error)
	// FindRecipeStamps returns the stamps of the page FindRecipes returns,
	// without reading the recipes.
	FindRecipeStamps(ctx context.Context, workspaceID int64, f RecipeFilter) ([]RecipeStamp, error)
	// FindRecipeStamp returns a recipe's stamp, or ENOTFOUND.
	FindRecipeStamp(ctx context.Context, workspaceID, id int64) (RecipeStamp, error)
	// FindRecipesByID returns the workspace's recipes of ids that the
	// caller may see, in no order; the others are left out.
	FindRecipesByID(ctx context.Context, workspaceID int64, ids []int64, excludeCode bool) ([]*Recipe, error)
	// UpdateRecipe applies changes to the name, description, code, config,
	// folder and private flag in one transaction; a change of code or
	// config adds a version: ENOTFOUND, EINVALID, and ErrRecipeRunning
	// (ESTATE) while the recipe runs. apply must not call the store.
	UpdateRecipe(ctx context.Context, workspaceID, id int64, apply func(*Recipe) error) (*Recipe, error)
	// DeleteRecipe deletes a recipe with its versions; its recorded jobs
	// stay for the usage report: ENOTFOUND, and ErrRecipeRunningDelete
	// (ESTATE) while it runs.
	DeleteRecipe(ctx context.Context, workspaceID, id int64) error
	// StartRecipe starts a recipe that passes ValidateStart, with the
	// account's connector catalogue and the workspace's connections; it
	// returns the problems, and changes nothing, when it does not. Starting
	// a running recipe does nothing. ENOTFOUND.
	StartRecipe(ctx context.Context, workspaceID, id int64) (*StartErrors, error)
	// StopRecipe stops a recipe; stopping a stopped one does nothing. ENOTFOUND.
	StopRecipe(ctx context.Context, workspaceID, id int64) error
	// ResetRecipeTrigger resets a stopped recipe's trigger: its webhook
	// token changes, so that its old webhook URL takes no more events, and
	// its schedule starts afresh at its next start: ENOTFOUND, and
	// ErrRecipeRunningReset (ESTATE) while it runs.
	ResetRecipeTrigger(ctx context.Context, workspaceID, id int64) error
	// CopyRecipe copies a recipe, stopped and as version 1, into folderID
	// (the original's folder when nil) and counts the copy on the
	// original: ENOTFOUND, EINVALID for a folder out of reach.
	CopyRecipe(ctx context.Context, workspaceID, id int64, folderID *int64) (*Recipe, error)
	// FindRecipeVersions returns a page of a recipe's versions, newest
	// first, and their total: ENOTFOUND.
	FindRecipeVersions(ctx context.Context, workspaceID, recipeID int64, p Page) ([]*RecipeVersion, int, error)
	// FindRecipeVersion returns one version of a recipe with its code and
	// config: ENOTFOUND for the recipe or the version.
	FindRecipeVersion(ctx context.Context, workspaceID, recipeID, versionID int64) (*RecipeVersion, error)
	// CommentRecipeVersion sets (nil clears) the comment of a version of a
	// recipe, running or not, and returns the version: ENOTFOUND, EINVALID
	// for a comment longer than MaxVersionComment.
	CommentRecipeVersion(ctx context.Context, workspaceID, recipeID, versionID int64, comment *string) (*RecipeVersion, error)

	// FindJobs returns a recipe's recorded jobs, newest first: ENOTFOUND.
	FindJobs(ctx context.Context, workspaceID, recipeID int64, f JobFilter) (*Jobs, error)
	// RecordJobs records jobs of a recipe of the account's admin workspace
	// or of any of its customers, as a runtime would, and counts them in
	// the recipe's statistics: ENOTFOUND, EINVALID.
	RecordJobs(ctx context.Context, accountID, recipeID int64, j *NewJobs) ([]*Job, error)

	// SearchPublicRecipes returns a page of the recipes that are not
	// private in the account's admin workspace and its customers, in
	// descending id.
	SearchPublicRecipes(ctx context.Context, accountID int64, f PublicRecipeFilter) ([]*Recipe, error)
}
