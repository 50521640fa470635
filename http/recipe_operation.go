package http

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

// recipeConnectInput is the body of PUT …/recipes/{recipe_id}/connect:
// the application (adapter_name, or provider as partnerd's config names
// it) and the connection that its steps use from now on.
type recipeConnectInput struct {
	AdapterName  optional[string]  `json:"adapter_name"`
	Provider     optional[string]  `json:"provider"`
	ConnectionID optional[flexInt] `json:"connection_id"`
}

// validate returns the application and the connection id a body names.
func (in *recipeConnectInput) validate() (string, int64, error) {
	v := partnerd.Validation{}
	adapter := strings.TrimSpace(in.AdapterName.Value)
	if adapter == "" {
		adapter = strings.TrimSpace(in.Provider.Value)
	}
	if adapter == "" {
		v.Add("adapter_name", "can't be blank")
	}
	if !in.ConnectionID.Set || in.ConnectionID.Null {
		v.Add("connection_id", "can't be blank")
	}
	return adapter, int64(in.ConnectionID.Value), v.Err()
}

// handleRecipeConnect handles PUT E/recipes/{recipe_id}/connect and
// /api/recipes/{recipe_id}/connect: the config entry of adapter_name of a
// stopped recipe takes connection_id, a connection of the same workspace
// and provider. A running recipe is refused (400), and a connection that
// is missing, foreign or of another provider is the same 400.
func (s *Server) handleRecipeConnect(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	ctx, ws := r.Context(), workspaceID(r)
	recipe, err := s.Recipes.FindRecipeByID(ctx, ws, id)
	if err != nil {
		return err
	}
	var in recipeConnectInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	adapter, connectionID, err := in.validate()
	if err != nil {
		return err
	}
	if recipe.Running {
		return partnerd.ErrRecipeRunning()
	}
	c, err := s.Connections.FindConnectionByID(ctx, ws, connectionID)
	var perr *partnerd.Error
	if errors.As(err, &perr) && perr.Code == partnerd.ENOTFOUND || err == nil && c.Provider != adapter {
		return partnerd.FieldError("connection_id", "is not a connection of "+adapter+" in the workspace")
	} else if err != nil {
		return err
	}
	_, err = s.Recipes.UpdateRecipe(ctx, ws, id, func(rec *partnerd.Recipe) error {
		found := false
		for i := range rec.Config {
			if rec.Config[i].Provider == adapter {
				rec.Config[i].AccountID, found = &c.ID, true
			}
		}
		if !found {
			return partnerd.FieldError("adapter_name", "is not an application of the recipe")
		}
		return nil
	})
	if err != nil {
		return err
	}
	return ok(w, success{true})
}

// errNotPolling refuses poll_now for a recipe whose trigger does not
// poll: webhooks, API endpoints and recipe functions take their events
// as they come.
func errNotPolling() *partnerd.Error {
	return partnerd.Errorf(partnerd.EINVALID, "Recipe trigger does not support polling")
}

// handleRecipePollNow handles POST E/recipes/{recipe_id}/poll_now and
// /api/recipes/{recipe_id}/poll_now: a running scheduled recipe gets one
// event now, through the job queue, as its schedule would give it; its
// schedule keeps its times. A stopped recipe and a trigger that does not
// poll are refused (400).
func (s *Server) handleRecipePollNow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	ctx, ws := r.Context(), workspaceID(r)
	recipe, err := s.Recipes.FindRecipeByID(ctx, ws, id)
	if err != nil {
		return err
	} else if !recipe.Running {
		return partnerd.ErrRecipeStopped()
	}
	schedule, scheduled, err := partnerd.ParseSchedule(recipe.Code)
	if err != nil || !scheduled {
		return errNotPolling()
	}
	out, err := json.Marshal(map[string]string{"scheduled_time": s.Now.Now().In(schedule.Location).Format(time.RFC3339)})
	if err != nil {
		return err
	}
	if _, err := s.Jobs.EnqueueJob(ctx, ws, id, &partnerd.TriggerEvent{Output: out}); err != nil {
		return err
	}
	return ok(w, success{true})
}
