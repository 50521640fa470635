package http

import "net/http"

// meJSON is the Me object of objects.md: the caller's own workspace.
type meJSON struct {
	ID                 int64    `json:"id"`
	Name               string   `json:"name"`
	Email              string   `json:"email"`
	PlanID             string   `json:"plan_id"`
	RootFolderID       int64    `json:"root_folder_id"`
	RecipesCount       int      `json:"recipes_count"`
	ActiveRecipesCount int      `json:"active_recipes_count"`
	CreatedAt          jsonTime `json:"created_at"`
}

// handleMe handles GET /api/users/me, which real clients call to log in.
// The email is the workspace's notification email.
func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.Workspaces.FindWorkspaceByID(r.Context(), workspaceID(r))
	if err != nil {
		return err
	}
	return ok(w, meJSON{
		ID: ws.ID, Name: ws.Name, Email: ws.NotificationEmail, PlanID: ws.PlanID,
		RootFolderID: ws.RootFolderID, RecipesCount: ws.RecipeCount, ActiveRecipesCount: ws.ActiveRecipeCount,
		CreatedAt: jsonTime(ws.CreatedAt),
	})
}
