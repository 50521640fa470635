package http

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

// activityJSON is one entry of the activity log, in Workato's shape.
type activityJSON struct {
	ID        int64                 `json:"id"`
	Timestamp jsonTime              `json:"timestamp"`
	EventType string                `json:"event_type"`
	Workspace activityWorkspaceJSON `json:"workspace"`
	User      activityUserJSON      `json:"user"`
	Details   activityDetailsJSON   `json:"details"`
	Resource  activityResourceJSON  `json:"resource"`
}

type activityWorkspaceJSON struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Email       string `json:"email"`
	Environment string `json:"environment"`
}

// activityUserJSON is who made the change; type is partnerd's addition:
// api_client, api_key or member.
type activityUserJSON struct {
	ID    int64   `json:"id"`
	Name  string  `json:"name"`
	Email *string `json:"email"`
	Type  string  `json:"type"`
}

type activityDetailsJSON struct {
	Request  activityRequestJSON `json:"request"`
	Activity string              `json:"activity"`
	Source   string              `json:"source"` // api or console
}

type activityRequestJSON struct {
	IP        string `json:"ip"`
	UserAgent string `json:"user_agent"`
}

// activityResourceJSON is the resource changed: its id is a number when
// it is one (a recipe's), a string otherwise (a tag's handle), null when
// the change names none.
type activityResourceJSON struct {
	ID   json.RawMessage `json:"id"`
	Name *string         `json:"name"`
	Type string          `json:"type"`
}

func newActivityJSON(a *partnerd.Activity) activityJSON {
	out := activityJSON{
		ID:        a.ID,
		Timestamp: jsonTime(a.Time),
		EventType: a.EventType,
		Workspace: activityWorkspaceJSON{ID: a.WorkspaceID, Name: a.WorkspaceName, Email: a.WorkspaceEmail, Environment: "dev"},
		User:      activityUserJSON{ID: a.ActorID, Name: a.ActorName, Type: a.ActorType},
		Details: activityDetailsJSON{Request: activityRequestJSON{IP: a.IP, UserAgent: a.UserAgent},
			Activity: a.Action, Source: a.Source},
		Resource: activityResourceJSON{ID: json.RawMessage("null"), Type: a.ResourceType},
	}
	if a.ActorEmail != "" {
		out.User.Email = &a.ActorEmail
	}
	if a.ResourceName != "" {
		out.Resource.Name = &a.ResourceName
	}
	if id := a.ResourceID; id != "" {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			out.Resource.ID = json.RawMessage(strconv.FormatInt(n, 10)) // "+5" and "05" are 5.
		} else {
			out.Resource.ID, _ = json.Marshal(id)
		}
	}
	return out
}

// handleActivityList handles GET E/activity_logs and /api/activity_logs:
// {data:[Activity], total}, newest first; total counts every entry the
// filters match, on every page.
func (s *Server) handleActivityList(w http.ResponseWriter, r *http.Request) error {
	f, err := activityFilterOf(r.URL.Query())
	if err != nil {
		return err
	}
	out := dataWithTotal[activityJSON]{Data: []activityJSON{}}
	if s.Activities == nil {
		return ok(w, out)
	}
	list, total, err := s.Activities.FindActivities(r.Context(), workspaceID(r), f)
	if err != nil {
		return err
	}
	for _, a := range list {
		out.Data = append(out.Data, newActivityJSON(a))
	}
	out.Total = total
	return ok(w, out)
}

// activityFilterOf reads the query of an activity log list: page[after],
// page[size] (100 when absent, at most 100), from and to (ISO 8601),
// users_ids[], and the include and exclude lists of resource and event
// types. A list parameter may also come without its [] and as one
// comma-separated value. Anything malformed is EINVALID naming it.
func activityFilterOf(q url.Values) (partnerd.ActivityFilter, error) {
	var f partnerd.ActivityFilter
	v := partnerd.Validation{}
	if s := q.Get("page[after]"); s != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || n < 1 {
			v.Add("page[after]", "must be the id of an entry")
		}
		f.After = n
	}
	f.Size = partnerd.MaxActivityPageSize
	if s := q.Get("page[size]"); s != "" {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			v.Add("page[size]", "must be a number from 1 to 100")
		}
		f.Size = min(max(n, 1), partnerd.MaxActivityPageSize)
	}
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if s := q.Get(name); s != "" {
			t, ok := parseISOTime(s)
			if !ok {
				v.Add(name, "must be a time in ISO 8601, such as 2026-11-02T09:30:00.000Z")
			}
			*dst = t
		}
	}
	for _, s := range listParam(q, "users_ids") {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			v.Add("users_ids", "must be ids")
			break
		}
		f.UserIDs = append(f.UserIDs, n)
	}
	for name, dst := range map[string]*[]string{
		"include_resource_types": &f.IncludeResourceTypes, "exclude_resource_types": &f.ExcludeResourceTypes,
		"include_event_types": &f.IncludeEventTypes, "exclude_event_types": &f.ExcludeEventTypes,
	} {
		for _, s := range listParam(q, name) {
			if !partnerd.ValidText(s) || len(s) > 100 {
				v.Add(name, "must be types of the activity reference")
				break
			}
			*dst = append(*dst, s)
		}
	}
	for _, name := range []string{"users_ids", "include_resource_types", "exclude_resource_types", "include_event_types", "exclude_event_types"} {
		if len(listParam(q, name)) > partnerd.MaxActivityFilterValues {
			v.Add(name, "names more than "+strconv.Itoa(partnerd.MaxActivityFilterValues)+" values")
		}
	}
	return f, v.Err()
}

// listParam returns the values of name[] and name, each split at commas,
// trimmed, without blanks.
func listParam(q url.Values, name string) []string {
	var out []string
	for _, raw := range append(q[name+"[]"], q[name]...) {
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// parseISOTime reads a time in ISO 8601: a date and time with a zone (or
// in UTC without one), or a date alone (its midnight in UTC).
func parseISOTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999999Z0700", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
