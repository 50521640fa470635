package web

import (
	"bytes"
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
	"time": func(t time.Time) string { return t.Local().Format("2006-01-02 15:04:05") },
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
	"id": func(n *int64) string {
		if n == nil {
			return "—"
		}
		return strconv.FormatInt(*n, 10)
	},
	"more": func(shown, total int) bool { return total > shown },
}

// view is what every page template gets: the session and the page's data.
type view struct {
	Session *session
	Journal bool
	Data    any
}

// render writes a page with status.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, page string, s *session, data any) {
	var b bytes.Buffer
	if err := c.pages[page].Execute(&b, view{Session: s, Journal: c.readsJournal(s), Data: data}); err != nil {
		c.Logger.Error("console template", "page", page, "error", err)
		status = http.StatusInternalServerError
		b.Reset()
		b.WriteString("Server error")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// renderError writes an error page.
func (c *Console) renderError(w http.ResponseWriter, r *http.Request, status int, message string) {
	c.render(w, r, status, "error", nil, map[string]any{"Status": status, "Title": http.StatusText(status), "Message": message})
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
// recipe and its latest jobs.
func (c *Console) handleRecipe(w http.ResponseWriter, r *http.Request, s *session) error {
	ws, rec, err := c.recipeOf(r, s)
	if err != nil {
		return err
	}
	return c.renderRecipe(w, r, s, ws, rec, nil)
}

func (c *Console) renderRecipe(w http.ResponseWriter, r *http.Request, s *session, ws *partnerd.Workspace, rec *partnerd.Recipe, refused []string) error {
	jobs, err := c.Recipes.FindJobs(r.Context(), ws.ID, rec.ID, partnerd.JobFilter{Limit: 50})
	if err != nil {
		return err
	}
	c.render(w, r, http.StatusOK, "recipe", s, map[string]any{"Customer": ws, "Recipe": rec, "Jobs": jobs, "Refused": refused,
		"JobLinks": c.Jobs != nil})
	return nil
}

// handleRecipeStart handles POST …/recipes/{recipe}/start: back to the
// customer, or the recipe with the problems that keep it from starting.
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
		return c.renderRecipe(w, r, s, ws, rec, startProblems(problems))
	}
	http.Redirect(w, r, fmt.Sprintf("/console/customers/%d#recipe-%d", ws.ID, rec.ID), http.StatusSeeOther)
	return nil
}

// handleRecipeStop handles POST …/recipes/{recipe}/stop.
func (c *Console) handleRecipeStop(w http.ResponseWriter, r *http.Request, s *session) error {
	ws, rec, err := c.recipeOf(r, s)
	if err != nil {
		return err
	}
	if err := c.Recipes.StopRecipe(r.Context(), ws.ID, rec.ID); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/console/customers/%d#recipe-%d", ws.ID, rec.ID), http.StatusSeeOther)
	return nil
}

// startProblems renders what keeps a recipe from starting, a line each.
func startProblems(e *partnerd.StartErrors) []string {
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
