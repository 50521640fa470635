package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/partnerd/partnerd"
)

// perPage is the most items a console list shows.
const perPage = 100

// funcs are the helpers the templates use.
var funcs = template.FuncMap{
	"jobref": partnerd.JobRef,
	"time":   func(t time.Time) string { return t.Local().Format("2006-01-02 15:04:05") },
	"ptime": func(t *time.Time) string {
		if t == nil {
			return "—"
		}
		return t.Local().Format("2006-01-02 15:04:05")
	},
	"text": func(s *string) string {
		if s == nil {
			return "—"
		}
		return *s
	},
	"more": func(shown, total int) bool { return total > shown },
	// named returns the name of id in names, or its id when it has none.
	"named": func(names map[int64]string, id int64) string {
		if name, ok := names[id]; ok {
			return name
		}
		return "#" + strconv.FormatInt(id, 10)
	},
}

// view is what every page template gets: the session and the page's data.
type view struct {
	Session *session
	Journal bool
	Data    any
}

// render writes a page with status. A page that fails to render is
// answered by the error page, in the same layout, with a 500.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, page string, s *session, data any) {
	var b bytes.Buffer
	err := c.pages[page].Execute(&b, view{Session: s, Journal: c.readsJournal(s), Data: data})
	if err != nil {
		c.Logger.Error("console template", "page", page, "path", r.URL.Path, "error", err)
		status = http.StatusInternalServerError
		b.Reset()
		err = c.pages["error"].Execute(&b, view{Session: s, Journal: c.readsJournal(s), Data: errorData(status, "Something went wrong; the server's log says what.")})
	}
	if err != nil {
		// Only a broken error template gets here.
		http.Error(w, "Server error", status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// renderError writes an error page; with a session, it keeps the
// console's navigation.
func (c *Console) renderError(w http.ResponseWriter, r *http.Request, s *session, status int, message string) {
	c.render(w, r, status, "error", s, errorData(status, message))
}

func errorData(status int, message string) map[string]any {
	return map[string]any{"Status": status, "Title": http.StatusText(status), "Message": message}
}

// handleHome handles GET /console: the account's customer workspaces.
func (c *Console) handleHome(w http.ResponseWriter, r *http.Request, s *session) error {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	list, total, err := c.Workspaces.FindCustomers(r.Context(), s.Caller.AccountID, partnerd.Page{Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	data := map[string]any{"Customers": list, "Total": total, "Page": page}
	if page > 1 {
		data["Prev"] = page - 1
	}
	if page*perPage < total {
		data["Next"] = page + 1
	}
	c.render(w, r, http.StatusOK, "home", s, data)
	return nil
}

// customerOf returns the customer workspace {id} of the session's account.
func (c *Console) customerOf(r *http.Request, s *session) (*partnerd.Workspace, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, partnerd.ErrNotFound()
	}
	return c.Workspaces.FindCustomerByID(r.Context(), s.Caller.AccountID, id)
}

// recipeOf returns the customer and its recipe {recipe}.
func (c *Console) recipeOf(r *http.Request, s *session) (*partnerd.Workspace, *partnerd.Recipe, error) {
	ws, err := c.customerOf(r, s)
	if err != nil {
		return nil, nil, err
	}
	id, err := strconv.ParseInt(r.PathValue("recipe"), 10, 64)
	if err != nil || id <= 0 {
		return nil, nil, partnerd.ErrNotFound()
	}
	rec, err := c.Recipes.FindRecipeByID(r.Context(), ws.ID, id)
	return ws, rec, err
}

// handleCustomer handles GET /console/customers/{id}: everything in one
// customer workspace.
func (c *Console) handleCustomer(w http.ResponseWriter, r *http.Request, s *session) error {
	ws, err := c.customerOf(r, s)
	if err != nil {
		return err
	}
	v, err := c.customerView(r.Context(), ws)
	if err != nil {
		return err
	}
	c.render(w, r, http.StatusOK, "customer", s, v)
	return nil
}

// handleRecipe handles GET /console/customers/{id}/recipes/{recipe}: a
// recipe and its latest jobs. After a start that was refused
// (?start=refused), it shows what keeps the recipe from starting.
func (c *Console) handleRecipe(w http.ResponseWriter, r *http.Request, s *session) error {
	ws, rec, err := c.recipeOf(r, s)
	if err != nil {
		return err
	}
	jobs, err := c.Recipes.FindJobs(r.Context(), ws.ID, rec.ID, partnerd.JobFilter{Limit: 50})
	if err != nil {
		return err
	}
	folder, err := c.folderName(r.Context(), ws.ID, rec.FolderID)
	if err != nil {
		return err
	}
	data := map[string]any{"Customer": ws, "Recipe": rec, "Jobs": jobs, "Folder": folder, "JobLinks": c.Jobs != nil}
	if r.URL.Query().Get("start") == "refused" && !rec.Running {
		problems, err := c.startProblems(r.Context(), rec)
		if err != nil {
			return err
		}
		data["Refused"] = problems
	}
	c.render(w, r, http.StatusOK, "recipe", s, data)
	return nil
}

// handleRecipeStart handles POST …/recipes/{recipe}/start, then redirects:
// to the page the form was on, or to the recipe with what keeps it from
// starting.
func (c *Console) handleRecipeStart(w http.ResponseWriter, r *http.Request, s *session) error {
	ws, rec, err := c.recipeOf(r, s)
	if err != nil {
		return err
	}
	problems, err := c.Recipes.StartRecipe(r.Context(), ws.ID, rec.ID)
	if err != nil {
		return err
	}
	if problems != nil {
		http.Redirect(w, r, fmt.Sprintf("/console/customers/%d/recipes/%d?start=refused", ws.ID, rec.ID), http.StatusSeeOther)
		return nil
	}
	c.recordRecipeChange(r, s, rec, "recipe_started", "console: start recipe")
	http.Redirect(w, r, recipeReturn(r, ws.ID, rec.ID), http.StatusSeeOther)
	return nil
}

// handleRecipeStop handles POST …/recipes/{recipe}/stop, then redirects to
// the page the form was on.
func (c *Console) handleRecipeStop(w http.ResponseWriter, r *http.Request, s *session) error {
	ws, rec, err := c.recipeOf(r, s)
	if err != nil {
		return err
	}
	if err := c.Recipes.StopRecipe(r.Context(), ws.ID, rec.ID); err != nil {
		return err
	}
	c.recordRecipeChange(r, s, rec, "recipe_stopped", "console: stop recipe")
	http.Redirect(w, r, recipeReturn(r, ws.ID, rec.ID), http.StatusSeeOther)
	return nil
}

// recipeReturn returns where a start or stop goes back to: the recipe's
// page when its form says return=recipe, else the recipe's row on the
// customer page. Only these two are possible, so the form cannot send the
// browser elsewhere.
func recipeReturn(r *http.Request, wsID, recipeID int64) string {
	if r.PostFormValue("return") == "recipe" {
		return fmt.Sprintf("/console/customers/%d/recipes/%d", wsID, recipeID)
	}
	return fmt.Sprintf("/console/customers/%d#recipe-%d", wsID, recipeID)
}

// startProblems returns what keeps a recipe from starting, as StartRecipe
// checks it, without starting it.
func (c *Console) startProblems(ctx context.Context, rec *partnerd.Recipe) ([]string, error) {
	var lookupErr error
	connector := func(provider string) (requiresConnection, ok bool) {
		cn, err := c.Connectors.FindConnector(ctx, rec.WorkspaceID, provider)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
				lookupErr = err
			}
			return false, false
		}
		return cn.RequiresConnection, true
	}
	connection := func(id int64) (provider string, authorized, ok bool) {
		cn, err := c.Connections.FindConnectionByID(ctx, rec.WorkspaceID, id)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
				lookupErr = err
			}
			return "", false, false
		}
		return cn.Provider, cn.IsAuthorized(), true
	}
	problems := rec.ValidateStart(connector, connection)
	if lookupErr != nil {
		return nil, lookupErr
	}
	if problems == nil {
		return nil, nil
	}
	return startLines(problems), nil
}

// startLines renders what keeps a recipe from starting, a line each.
func startLines(e *partnerd.StartErrors) []string {
	var out []string
	for _, list := range [][]partnerd.StepProblems{e.Code, e.Config} {
		for _, step := range list {
			for _, p := range step.Problems {
				out = append(out, fmt.Sprintf("Step %d: %s %s", step.Step, p.Label, p.Message))
			}
		}
	}
	return out
}

// handleRequests handles GET /console/requests: the request journal, when
// the test helpers keep one.
func (c *Console) handleRequests(w http.ResponseWriter, r *http.Request, s *session) error {
	if !c.readsJournal(s) {
		return partnerd.ErrNotFound()
	}
	list, err := c.Journal(r.Context(), s.Caller.AccountID)
	if err != nil {
		return err
	}
	c.render(w, r, http.StatusOK, "requests", s, list)
	return nil
}

// readsJournal reports whether the session may read the journal: the test
// helpers keep one, and its client reaches every folder, as the whole
// account's requests are in it.
func (c *Console) readsJournal(s *session) bool {
	return c.Journal != nil && s != nil && s.Caller.AllFolders
}

// liveJSON is the live state of a customer workspace that the customer
// page polls.
type liveJSON struct {
	Recipes []liveRecipe `json:"recipes"`
	Agents  []liveAgent  `json:"agents"`
}

type liveRecipe struct {
	ID        int64 `json:"id"`
	Running   bool  `json:"running"`
	Succeeded int   `json:"job_succeeded_count"`
	Failed    int   `json:"job_failed_count"`
}

type liveAgent struct {
	ID      int64   `json:"id"`
	State   string  `json:"state"`
	Active  bool    `json:"active"`
	Version *string `json:"last_seen_version"`
}

// handleLive handles GET /console/customers/{id}/live: the running state
// of its recipes and the presence of its agents, as JSON.
func (c *Console) handleLive(w http.ResponseWriter, r *http.Request, s *session) error {
	ws, err := c.customerOf(r, s)
	if err != nil {
		return err
	}
	out := liveJSON{Recipes: []liveRecipe{}, Agents: []liveAgent{}}
	recipes, _, err := c.Recipes.FindRecipes(r.Context(), ws.ID, partnerd.RecipeFilter{ExcludeCode: true, Page: partnerd.Page{Page: 1, PerPage: perPage}})
	if err != nil {
		return err
	}
	for _, rec := range recipes {
		out.Recipes = append(out.Recipes, liveRecipe{rec.ID, rec.Running, rec.JobSucceededCount, rec.JobFailedCount})
	}
	if c.OnPrem != nil {
		agents, _, err := c.OnPrem.FindOnPremAgents(r.Context(), ws.ID, partnerd.Page{Page: 1, PerPage: perPage})
		if err != nil {
			return err
		}
		for _, a := range agents {
			out.Agents = append(out.Agents, liveAgent{a.ID, a.State(), a.Active, a.LastSeenVersion})
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(out)
}
