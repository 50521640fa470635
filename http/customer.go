package http

import (
	"net/http"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

// customerJSON is the Customer object of objects.md, in its field order.
type customerJSON struct {
	ID                        int64             `json:"id"`
	ExternalID                *string           `json:"external_id"`
	Name                      string            `json:"name"`
	NotificationEmail         string            `json:"notification_email"`
	AdminNotificationEmails   *string           `json:"admin_notification_emails"`
	ErrorNotificationEmails   *string           `json:"error_notification_emails"`
	PlanID                    string            `json:"plan_id"`
	Trial                     bool              `json:"trial"`
	InTrial                   bool              `json:"in_trial"`
	OriginURL                 *string           `json:"origin_url"`
	FrameAncestors            *string           `json:"frame_ancestors"`
	WhitelistedApps           []string          `json:"whitelisted_apps"`
	TimeZone                  string            `json:"time_zone"`
	TeamName                  string            `json:"team_name"`
	AuthSettings              map[string]any    `json:"auth_settings"`
	FullEmbedding             bool              `json:"full_embedding"`
	Environments              []environmentJSON `json:"environments"`
	CurrentBillingPeriodStart jsonTime          `json:"current_billing_period_start"`
	CurrentBillingPeriodEnd   jsonTime          `json:"current_billing_period_end"`
	TaskCount                 int               `json:"task_count"`
	ActiveConnectionCount     int               `json:"active_connection_count"`
	ActiveRecipeCount         int               `json:"active_recipe_count"`
	ActiveConnectionLimit     *int              `json:"active_connection_limit"`
	CreatedAt                 jsonTime          `json:"created_at"`
	UpdatedAt                 jsonTime          `json:"updated_at"`
}

// environmentJSON is one environment of a workspace (the shape is ours).
type environmentJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

func (s *Server) customerJSON(w *partnerd.Workspace) customerJSON {
	envs := make([]environmentJSON, len(w.Environments))
	for i, e := range w.Environments {
		envs[i] = environmentJSON{ID: e.ID, Name: e.Name, Type: e.Type}
	}
	start, end := billingPeriod(s.Now.Now())
	return customerJSON{
		ID: w.ID, ExternalID: w.ExternalID, Name: w.Name, NotificationEmail: w.NotificationEmail,
		AdminNotificationEmails: w.AdminNotificationEmails, ErrorNotificationEmails: w.ErrorNotificationEmails,
		PlanID: w.PlanID, Trial: w.Trial, InTrial: w.InTrial, OriginURL: w.OriginURL, FrameAncestors: w.FrameAncestors,
		WhitelistedApps: w.WhitelistedApps, TimeZone: w.TimeZone, TeamName: w.TeamName, AuthSettings: w.AuthSettings,
		FullEmbedding: w.FullEmbedding, Environments: envs,
		CurrentBillingPeriodStart: jsonTime(start), CurrentBillingPeriodEnd: jsonTime(end),
		TaskCount: w.TaskCount, ActiveConnectionCount: w.ActiveConnectionCount, ActiveRecipeCount: w.ActiveRecipeCount,
		ActiveConnectionLimit: w.ActiveConnectionLimit, CreatedAt: jsonTime(w.CreatedAt), UpdatedAt: jsonTime(w.UpdatedAt),
	}
}

// billingPeriod returns the calendar month around now, in the server's zone.
func billingPeriod(now time.Time) (start, end time.Time) {
	now = now.Local()
	start = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location())
	return start, start.AddDate(0, 1, 0).Add(-time.Millisecond)
}

// customerInput is the body of a customer create or update; every field is
// optional on update, and null clears what may be cleared.
type customerInput struct {
	ExternalID              optional[string]         `json:"external_id"`
	Name                    optional[string]         `json:"name"`
	NotificationEmail       optional[string]         `json:"notification_email"`
	AdminNotificationEmails optional[string]         `json:"admin_notification_emails"`
	ErrorNotificationEmails optional[string]         `json:"error_notification_emails"`
	PlanID                  optional[string]         `json:"plan_id"`
	Trial                   optional[flexBool]       `json:"trial"`
	InTrial                 optional[flexBool]       `json:"in_trial"`
	OriginURL               optional[string]         `json:"origin_url"`
	FrameAncestors          optional[string]         `json:"frame_ancestors"`
	WhitelistedApps         optional[[]string]       `json:"whitelisted_apps"`
	TimeZone                optional[string]         `json:"time_zone"`
	TeamName                optional[string]         `json:"team_name"`
	AuthSettings            optional[map[string]any] `json:"auth_settings"`
	FullEmbedding           optional[flexBool]       `json:"full_embedding"`
	ActiveConnectionLimit   optional[flexInt]        `json:"active_connection_limit"`
	// Environments set true provisions DEV, TEST and PROD; it cannot be undone.
	Environments optional[flexBool] `json:"environments"`
}

// provision provisions the environments of an existing customer when the
// body asks for them, and returns the customer as it then is.
func (s *Server) provision(r *http.Request, in *customerInput, c *partnerd.Workspace) (*partnerd.Workspace, error) {
	if !in.Environments.Set || in.Environments.Null {
		return c, nil
	}
	if !in.Environments.Value {
		if c.EnvironmentType != "" {
			return nil, partnerd.FieldError("environments", "can't be undone once provisioned")
		}
		return c, nil
	}
	return s.Workspaces.ProvisionEnvironments(r.Context(), callerOf(r).AccountID, c.ID)
}

// apply copies the given fields onto w. A null on a field that cannot be
// empty is left for validation to report.
func (in *customerInput) apply(w *partnerd.Workspace) {
	setString := func(o optional[string], dst *string) {
		if o.Set {
			*dst = strings.TrimSpace(o.Value)
		}
	}
	setBool := func(o optional[flexBool], dst *bool) {
		if o.Set {
			*dst = bool(o.Value)
		}
	}
	setString(in.Name, &w.Name)
	setString(in.NotificationEmail, &w.NotificationEmail)
	setString(in.PlanID, &w.PlanID)
	setString(in.TimeZone, &w.TimeZone)
	setString(in.TeamName, &w.TeamName)
	setBool(in.Trial, &w.Trial)
	setBool(in.InTrial, &w.InTrial)
	setBool(in.FullEmbedding, &w.FullEmbedding)
	in.ExternalID.applyTo(&w.ExternalID)
	in.AdminNotificationEmails.applyTo(&w.AdminNotificationEmails)
	in.ErrorNotificationEmails.applyTo(&w.ErrorNotificationEmails)
	in.OriginURL.applyTo(&w.OriginURL)
	in.FrameAncestors.applyTo(&w.FrameAncestors)
	if in.WhitelistedApps.Set {
		w.WhitelistedApps = in.WhitelistedApps.Value
	}
	if in.AuthSettings.Set {
		w.AuthSettings = in.AuthSettings.Value
	}
	if in.ActiveConnectionLimit.Set {
		w.ActiveConnectionLimit = nil
		if !in.ActiveConnectionLimit.Null {
			n := int(in.ActiveConnectionLimit.Value)
			w.ActiveConnectionLimit = &n
		}
	}
	if w.ExternalID != nil && *w.ExternalID == "" {
		w.ExternalID = nil
	}
}

// handleCustomerCreate handles POST /api/managed_users.
func (s *Server) handleCustomerCreate(w http.ResponseWriter, r *http.Request) error {
	var in customerInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	c := &partnerd.Workspace{PlanID: partnerd.DefaultPlanID, TimeZone: partnerd.DefaultTimeZone}
	in.apply(c)
	if c.TeamName == "" {
		c.TeamName = c.Name
	}
	if in.Environments.Set && !in.Environments.Null && bool(in.Environments.Value) {
		c.EnvironmentType = partnerd.EnvironmentDev
	}
	if err := s.Workspaces.CreateCustomer(r.Context(), callerOf(r).AccountID, c); err != nil {
		return err
	}
	return ok(w, s.customerJSON(c))
}

// handleCustomerList handles GET /api/managed_users.
func (s *Server) handleCustomerList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, 100)
	if err != nil {
		return err
	}
	list, _, err := s.Workspaces.FindCustomers(r.Context(), callerOf(r).AccountID, page)
	if err != nil {
		return err
	}
	out := make([]customerJSON, len(list))
	for i, c := range list {
		out[i] = s.customerJSON(c)
	}
	return ok(w, resultOf[[]customerJSON]{out})
}

// handleCustomerEnvironments handles POST /api/managed_users/{mu}/environments:
// the customer gets its TEST and PROD environments, its own workspace becoming
// DEV, and is answered as it then is; a customer already provisioned is
// answered as it is.
func (s *Server) handleCustomerEnvironments(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Workspaces.ProvisionEnvironments(r.Context(), callerOf(r).AccountID, workspaceID(r))
	if err != nil {
		return err
	}
	return ok(w, s.customerJSON(c))
}

// handleCustomerGet handles GET /api/managed_users/{mu}.
func (s *Server) handleCustomerGet(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Workspaces.FindCustomerByID(r.Context(), callerOf(r).AccountID, workspaceID(r))
	if err != nil {
		return err
	}
	return ok(w, s.customerJSON(c))
}

// handleCustomerUpdate handles PUT /api/managed_users/{mu}.
func (s *Server) handleCustomerUpdate(w http.ResponseWriter, r *http.Request) error {
	var in customerInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	c, err := s.Workspaces.UpdateCustomer(r.Context(), callerOf(r).AccountID, workspaceID(r),
		func(c *partnerd.Workspace) error { in.apply(c); return nil })
	if err != nil {
		return err
	}
	if c, err = s.provision(r, &in, c); err != nil {
		return err
	}
	return ok(w, s.customerJSON(c))
}

// handleCustomerDelete handles DELETE /api/managed_users/{mu}.
func (s *Server) handleCustomerDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.Workspaces.DeleteCustomer(r.Context(), callerOf(r).AccountID, workspaceID(r)); err != nil {
		return err
	}
	return ok(w, success{true})
}

// usageJSON is one customer's monthly task usage (the shape is ours).
type usageJSON struct {
	ID         int64            `json:"id"`
	ExternalID *string          `json:"external_id"`
	Name       string           `json:"name"`
	Usage      []monthUsageJSON `json:"usage"`
}

type monthUsageJSON struct {
	Month     string `json:"month"`
	TaskCount int    `json:"task_count"`
}

// handleUsage handles GET /api/managed_users/usage: the last 12 months of
// every customer, oldest first, months without tasks as zero.
func (s *Server) handleUsage(w http.ResponseWriter, r *http.Request) error {
	start, _ := billingPeriod(s.Now.Now())
	first := start.AddDate(0, -11, 0)
	list, err := s.Workspaces.FindUsage(r.Context(), callerOf(r).AccountID, first)
	if err != nil {
		return err
	}
	out := make([]usageJSON, len(list))
	for i, u := range list {
		counts := map[string]int{}
		for _, m := range u.Months {
			counts[m.Month] = m.TaskCount
		}
		months := make([]monthUsageJSON, 12)
		for k := range months {
			month := first.AddDate(0, k, 0).Format("2006-01")
			months[k] = monthUsageJSON{Month: month, TaskCount: counts[month]}
		}
		out[i] = usageJSON{ID: u.CustomerID, ExternalID: u.ExternalID, Name: u.Name, Usage: months}
	}
	return ok(w, resultOf[[]usageJSON]{out})
}
