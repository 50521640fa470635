package mock

import (
	"context"

	"github.com/partnerd/partnerd"
)

var _ partnerd.RecipeService = (*RecipeService)(nil)

// RecipeService calls its function fields; a nil field panics.
type RecipeService struct {
	CreateRecipeFn         func(ctx context.Context, workspaceID int64, r *partnerd.Recipe) error
	FindRecipeByIDFn       func(ctx context.Context, workspaceID, id int64) (*partnerd.Recipe, error)
	FindRecipesFn          func(ctx context.Context, workspaceID int64, f partnerd.RecipeFilter) ([]*partnerd.Recipe, int, error)
	FindRecipeStampsFn     func(ctx context.Context, workspaceID int64, f partnerd.RecipeFilter) ([]partnerd.RecipeStamp, error)
	FindRecipeStampFn      func(ctx context.Context, workspaceID, id int64) (partnerd.RecipeStamp, error)
	FindRecipesByIDFn      func(ctx context.Context, workspaceID int64, ids []int64, excludeCode bool) ([]*partnerd.Recipe, error)
	UpdateRecipeFn         func(ctx context.Context, workspaceID, id int64, apply func(*partnerd.Recipe) error) (*partnerd.Recipe, error)
	DeleteRecipeFn         func(ctx context.Context, workspaceID, id int64) error
	StartRecipeFn          func(ctx context.Context, workspaceID, id int64) (*partnerd.StartErrors, error)
	StopRecipeFn           func(ctx context.Context, workspaceID, id int64) error
	ResetRecipeTriggerFn   func(ctx context.Context, workspaceID, id int64) error
	CopyRecipeFn           func(ctx context.Context, workspaceID, id int64, folderID *int64) (*partnerd.Recipe, error)
	FindRecipeVersionsFn   func(ctx context.Context, workspaceID, recipeID int64, p partnerd.Page) ([]*partnerd.RecipeVersion, int, error)
	FindRecipeVersionFn    func(ctx context.Context, workspaceID, recipeID, versionID int64) (*partnerd.RecipeVersion, error)
	CommentRecipeVersionFn func(ctx context.Context, workspaceID, recipeID, versionID int64, comment *string) (*partnerd.RecipeVersion, error)
	FindJobsFn             func(ctx context.Context, workspaceID, recipeID int64, f partnerd.JobFilter) (*partnerd.Jobs, error)
	RecordJobsFn           func(ctx context.Context, accountID, recipeID int64, j *partnerd.NewJobs) ([]*partnerd.Job, error)
	SearchPublicRecipesFn  func(ctx context.Context, accountID int64, f partnerd.PublicRecipeFilter) ([]*partnerd.Recipe, error)
}

func (s *RecipeService) CreateRecipe(ctx context.Context, workspaceID int64, r *partnerd.Recipe) error {
	return s.CreateRecipeFn(ctx, workspaceID, r)
}

func (s *RecipeService) FindRecipeByID(ctx context.Context, workspaceID, id int64) (*partnerd.Recipe, error) {
	return s.FindRecipeByIDFn(ctx, workspaceID, id)
}

func (s *RecipeService) FindRecipes(ctx context.Context, workspaceID int64, f partnerd.RecipeFilter) ([]*partnerd.Recipe, int, error) {
	return s.FindRecipesFn(ctx, workspaceID, f)
}

func (s *RecipeService) FindRecipeStamps(ctx context.Context, workspaceID int64, f partnerd.RecipeFilter) ([]partnerd.RecipeStamp, error) {
	return s.FindRecipeStampsFn(ctx, workspaceID, f)
}

func (s *RecipeService) FindRecipeStamp(ctx context.Context, workspaceID, id int64) (partnerd.RecipeStamp, error) {
	return s.FindRecipeStampFn(ctx, workspaceID, id)
}

func (s *RecipeService) FindRecipesByID(ctx context.Context, workspaceID int64, ids []int64, excludeCode bool) ([]*partnerd.Recipe, error) {
	return s.FindRecipesByIDFn(ctx, workspaceID, ids, excludeCode)
}

func (s *RecipeService) UpdateRecipe(ctx context.Context, workspaceID, id int64, apply func(*partnerd.Recipe) error) (*partnerd.Recipe, error) {
	return s.UpdateRecipeFn(ctx, workspaceID, id, apply)
}

func (s *RecipeService) DeleteRecipe(ctx context.Context, workspaceID, id int64) error {
	return s.DeleteRecipeFn(ctx, workspaceID, id)
}

func (s *RecipeService) StartRecipe(ctx context.Context, workspaceID, id int64) (*partnerd.StartErrors, error) {
	return s.StartRecipeFn(ctx, workspaceID, id)
}

func (s *RecipeService) StopRecipe(ctx context.Context, workspaceID, id int64) error {
	return s.StopRecipeFn(ctx, workspaceID, id)
}

func (s *RecipeService) ResetRecipeTrigger(ctx context.Context, workspaceID, id int64) error {
	return s.ResetRecipeTriggerFn(ctx, workspaceID, id)
}

func (s *RecipeService) CopyRecipe(ctx context.Context, workspaceID, id int64, folderID *int64) (*partnerd.Recipe, error) {
	return s.CopyRecipeFn(ctx, workspaceID, id, folderID)
}

func (s *RecipeService) FindRecipeVersions(ctx context.Context, workspaceID, recipeID int64, p partnerd.Page) ([]*partnerd.RecipeVersion, int, error) {
	return s.FindRecipeVersionsFn(ctx, workspaceID, recipeID, p)
}

func (s *RecipeService) FindRecipeVersion(ctx context.Context, workspaceID, recipeID, versionID int64) (*partnerd.RecipeVersion, error) {
	return s.FindRecipeVersionFn(ctx, workspaceID, recipeID, versionID)
}

func (s *RecipeService) CommentRecipeVersion(ctx context.Context, workspaceID, recipeID, versionID int64, comment *string) (*partnerd.RecipeVersion, error) {
	return s.CommentRecipeVersionFn(ctx, workspaceID, recipeID, versionID, comment)
}

func (s *RecipeService) FindJobs(ctx context.Context, workspaceID, recipeID int64, f partnerd.JobFilter) (*partnerd.Jobs, error) {
	return s.FindJobsFn(ctx, workspaceID, recipeID, f)
}

func (s *RecipeService) RecordJobs(ctx context.Context, accountID, recipeID int64, j *partnerd.NewJobs) ([]*partnerd.Job, error) {
	return s.RecordJobsFn(ctx, accountID, recipeID, j)
}

func (s *RecipeService) SearchPublicRecipes(ctx context.Context, accountID int64, f partnerd.PublicRecipeFilter) ([]*partnerd.Recipe, error) {
	return s.SearchPublicRecipesFn(ctx, accountID, f)
}
