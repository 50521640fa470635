package http

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

// handleRecipeList handles GET E/recipes, {result:[Recipe]}, and
// /api/recipes, {items:[Recipe]}: descending id, with every filter of the
// contract.
func (s *Server) handleRecipeList(w http.ResponseWriter, r *http.Request) error {
	f, err := recipeFilterOf(r)
	if err != nil {
		return err
	}
	stamps, err := s.Recipes.FindRecipeStamps(r.Context(), workspaceID(r), f)
	if err != nil {
		return err
	}
	items, release, err := s.encodedRecipes(r.Context(), workspaceID(r), stamps, !f.ExcludeCode)
	if err != nil {
		return err
	}
	defer release()
	if isCustomer(r) {
		writeList(w, "result", items)
	} else {
		writeList(w, "items", items)
	}
	return nil
}

// recipeFilterOf reads the query of a recipe list.
func recipeFilterOf(r *http.Request) (partnerd.RecipeFilter, error) {
	var f partnerd.RecipeFilter
	var err error
	if f.Page, err = pageOf(r, 100); err != nil {
		return f, err
	}
	q := r.URL.Query()
	f.ApplicationsAll = commaList(q.Get("adapter_names_all"))
	f.ApplicationsAny = commaList(q.Get("adapter_names_any"))
	if s := strings.TrimSpace(q.Get("stop_cause")); s != "" {
		f.StopCause = &s
	}
	for _, p := range []struct {
		name string
		dst  **int64
	}{{"folder_id", &f.FolderID}, {"since_id", &f.SinceID}} {
		if n, given, err := queryInt(r, p.name); err != nil {
			return f, err
		} else if given {
			*p.dst = &n
		}
	}
	for _, name := range []string{"active", "running"} {
		if v, given, err := queryBool(r, name); err != nil {
			return f, err
		} else if given {
			f.Running = &v
		}
	}
	for _, p := range []struct {
		name string
		dst  **time.Time
	}{{"stopped_after", &f.StoppedAfter}, {"updated_after", &f.UpdatedAfter}} {
		if t, given, err := queryTime(r, p.name); err != nil {
			return f, err
		} else if given {
			*p.dst = &t
		}
	}
	f.ExcludeCode, _, err = queryBool(r, "exclude_code")
	return f, err
}

// commaList splits a comma-separated query value, dropping blanks.
func commaList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// timeLayouts are the ISO 8601 forms a time query accepts; a time without
// an offset is in the server's zone.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"}

// queryTime reads an ISO 8601 time query parameter; absent is ok=false. A
// space stands for the + of an offset that the client did not escape.
func queryTime(r *http.Request, name string) (t time.Time, ok bool, err error) {
	s := strings.ReplaceAll(strings.TrimSpace(r.URL.Query().Get(name)), " ", "+")
	if s == "" {
		return time.Time{}, false, nil
	}
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, true, nil
		}
	}
	return time.Time{}, false, partnerd.FieldError(name, "must be an ISO 8601 time, such as 2024-09-25T13:09:31Z")
}

// handleRecipeGet handles GET E/recipes/{recipe_id} and /api/recipes/{recipe_id}.
func (s *Server) handleRecipeGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	stamp, err := s.Recipes.FindRecipeStamp(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	items, release, err := s.encodedRecipes(r.Context(), workspaceID(r), []partnerd.RecipeStamp{stamp}, true)
	if err != nil {
		return err
	}
	defer release()
	if len(items) == 0 {
		return partnerd.ErrNotFound() // Deleted since its stamp was read.
	}
	writePart(w, items[0])
	return nil
}

// createdRecipeJSON answers a recipe create.
type createdRecipeJSON struct {
	Success bool  `json:"success"`
	ID      int64 `json:"id"`
}

// handleRecipeCreate handles POST E/recipes and /api/recipes: a private,
// stopped recipe, flat or wrapped in "recipe".
func (s *Server) handleRecipeCreate(w http.ResponseWriter, r *http.Request) error {
	change, err := decodeRecipeBody(r)
	if err != nil {
		return err
	}
	rec := &partnerd.Recipe{Private: true}
	change.apply(rec)
	if err := s.Recipes.CreateRecipe(r.Context(), workspaceID(r), rec); err != nil {
		return err
	}
	return ok(w, createdRecipeJSON{Success: true, ID: rec.ID})
}

// decodeRecipeBody reads the body of a recipe create or update.
func decodeRecipeBody(r *http.Request) (*recipeChange, error) {
	var in recipeBody
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	return in.change()
}

// handleRecipeUpdate handles PUT E/recipes/{recipe_id} and
// /api/recipes/{recipe_id}; a running recipe refuses with HTTP 200.
func (s *Server) handleRecipeUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	change, err := decodeRecipeBody(r)
	if err != nil {
		return err
	}
	_, err = s.Recipes.UpdateRecipe(r.Context(), workspaceID(r), id, func(rec *partnerd.Recipe) error {
		change.apply(rec)
		return nil
	})
	if err != nil {
		return refused(w, err)
	}
	return ok(w, success{true})
}

// handleRecipeDelete handles DELETE E/recipes/{recipe_id} and
// /api/recipes/{recipe_id}; a running recipe refuses with HTTP 200.
func (s *Server) handleRecipeDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	if err := s.Recipes.DeleteRecipe(r.Context(), workspaceID(r), id); err != nil {
		return refused(w, err)
	}
	return ok(w, success{true})
}

// refused answers a refusal that Workato sends with HTTP 200 (an ESTATE
// error naming its fields) as {"success":false,"errors":…}, and returns
// any other error.
func refused(w http.ResponseWriter, err error) error {
	var perr *partnerd.Error
	if errors.As(err, &perr) && perr.Code == partnerd.ESTATE && len(perr.Fields) > 0 {
		return ok(w, refusalJSON{Success: false, Errors: perr.Fields})
	}
	return err
}
