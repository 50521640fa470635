package http

import (
	"net/http"

	"github.com/partnerd/partnerd"
)

// meJSON is the Me object of objects.md: the caller's own workspace.
// The billing period and the company fields are those Workato's own API
// description declares required, which its clients read at sign-in.
type meJSON struct {
	ID                        int64    `json:"id"`
	Name                      string   `json:"name"`
	Email                     string   `json:"email"`
	PlanID                    string   `json:"plan_id"`
	RootFolderID              int64    `json:"root_folder_id"`
	RecipesCount              int      `json:"recipes_count"`
	ActiveRecipesCount        int      `json:"active_recipes_count"`
	CompanyName               *string  `json:"company_name"`
	Location                  *string  `json:"location"`
	CurrentBillingPeriodStart jsonTime `json:"current_billing_period_start"`
	CurrentBillingPeriodEnd   jsonTime `json:"current_billing_period_end"`
	CreatedAt                 jsonTime `json:"created_at"`
}

// handleMe handles GET /api/users/me, which real clients call to log in.
// The email is the workspace's notification email.
func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.Workspaces.FindWorkspaceByID(r.Context(), workspaceID(r))
	if err != nil {
		return err
	}
	start, end := partnerd.BillingPeriod(ws.CreatedAt, s.Now.Now())
	return ok(w, meJSON{
		ID: ws.ID, Name: ws.Name, Email: ws.NotificationEmail, PlanID: ws.PlanID,
		RootFolderID: ws.RootFolderID, RecipesCount: ws.RecipeCount, ActiveRecipesCount: ws.ActiveRecipeCount,
		CompanyName: nonEmpty(&ws.TeamName), CurrentBillingPeriodStart: jsonTime(start), CurrentBillingPeriodEnd: jsonTime(end),
		CreatedAt: jsonTime(ws.CreatedAt),
	})
}
