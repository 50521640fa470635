package http

import (
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// recipeVersionDetailJSON is a RecipeVersion with the code and config the
// version left the recipe with (null for versions that kept none).
type recipeVersionDetailJSON struct {
	recipeVersionJSON
	RecipeID int64                   `json:"recipe_id"`
	Code     *string                 `json:"code"`
	Config   []partnerd.RecipeConfig `json:"config"`
}

func toRecipeVersionJSON(v *partnerd.RecipeVersion) recipeVersionJSON {
	return recipeVersionJSON{ID: v.ID, VersionNo: v.VersionNo, Comment: v.Comment, AuthorName: v.AuthorName,
		AuthorEmail: v.AuthorEmail, CreatedAt: jsonTime(v.CreatedAt), UpdatedAt: jsonTime(v.UpdatedAt)}
}

func toRecipeVersionDetailJSON(v *partnerd.RecipeVersion) recipeVersionDetailJSON {
	return recipeVersionDetailJSON{recipeVersionJSON: toRecipeVersionJSON(v), RecipeID: v.RecipeID, Code: v.Code, Config: v.Config}
}

// recipeVersionOf reads {recipe_id} and {version_id}.
func recipeVersionOf(r *http.Request) (recipeID, versionID int64, err error) {
	if recipeID, err = pathID(r, "recipe_id"); err != nil {
		return 0, 0, err
	}
	versionID, err = pathID(r, "version_id")
	return recipeID, versionID, err
}

// handleRecipeVersionGet handles GET E/recipes/{recipe_id}/versions/{version_id}
// and /api/recipes/{recipe_id}/versions/{version_id}.
func (s *Server) handleRecipeVersionGet(w http.ResponseWriter, r *http.Request) error {
	recipeID, versionID, err := recipeVersionOf(r)
	if err != nil {
		return err
	}
	v, err := s.Recipes.FindRecipeVersion(r.Context(), workspaceID(r), recipeID, versionID)
	if err != nil {
		return err
	}
	return ok(w, toRecipeVersionDetailJSON(v))
}

// recipeVersionInput is the body of a version's comment update.
type recipeVersionInput struct {
	Comment optional[string] `json:"comment"`
}

// handleRecipeVersionComment handles PATCH and PUT of
// E/recipes/{recipe_id}/versions/{version_id} and of
// /api/recipes/{recipe_id}/versions/{version_id}: comment (null or blank
// clears it), on a running recipe too, as a comment changes no code.
func (s *Server) handleRecipeVersionComment(w http.ResponseWriter, r *http.Request) error {
	recipeID, versionID, err := recipeVersionOf(r)
	if err != nil {
		return err
	}
	if _, err := s.Recipes.FindRecipeVersion(r.Context(), workspaceID(r), recipeID, versionID); err != nil {
		return err
	}
	var in recipeVersionInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if !in.Comment.Set {
		return partnerd.FieldError("comment", "can't be blank")
	}
	comment := in.Comment.ptr()
	if comment != nil {
		trimmed := strings.TrimSpace(*comment)
		comment = &trimmed
	}
	v, err := s.Recipes.CommentRecipeVersion(r.Context(), workspaceID(r), recipeID, versionID, comment)
	if err != nil {
		return err
	}
	return ok(w, toRecipeVersionDetailJSON(v))
}
