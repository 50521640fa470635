package partnerd

// RecipeService keeps the recipes of a workspace.
type RecipeService interface {
}
