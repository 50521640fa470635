package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/partnerd/partnerd"
)

// recordRecipeChange appends the entry of a recipe started or stopped
// from the console to the customer's activity log: the signed-in client
// made it, from the browser's address. A failed entry is logged; the
// change it follows stands.
func (c *Console) recordRecipeChange(r *http.Request, s *session, rec *partnerd.Recipe, event, action string) {
	if c.Activities == nil {
		return
	}
	a := &partnerd.Activity{EventType: event, ResourceType: "Flow", ResourceID: strconv.FormatInt(rec.ID, 10),
		ResourceName: rec.Name, ActorType: partnerd.ActorAPIClient, ActorID: s.Caller.ClientID, ActorName: s.Caller.ClientName,
		UserAgent: r.UserAgent(), Source: partnerd.ActivitySourceConsole, Action: action}
	if s.Caller.ClientID == 0 {
		a.ActorType, a.ActorID, a.ActorName = partnerd.ActorAPIKey, s.Caller.AccountID, "API key"
	}
	if addr := c.clientAddr(r); addr.IsValid() {
		a.IP = addr.String()
	}
	if c.Now != nil {
		a.Time = c.Now()
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 5*time.Second)
	defer cancel()
	if err := c.Activities.RecordActivity(ctx, rec.WorkspaceID, a); err != nil {
		c.Logger.Error("activity log: the entry of a console change was not written", "event", event, "error", err)
	}
}
