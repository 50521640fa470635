package main

import (
	"context"

	"github.com/partnerd/partnerd/http"
	"github.com/partnerd/partnerd/web"
)

// newConsole returns the web console that serve mounts at /console. Its
// sessions are signed with a key derived from the database's secret key,
// which every replica shares.
func (m *Main) newConsole(s *http.Server) *web.Console {
	c := web.NewConsole()
	c.Auth, c.Workspaces, c.Folders = m.DB, m.DB, m.DB
	c.Members, c.Roles, c.Connectors = m.DB, m.DB, m.DB
	c.Connections, c.Recipes, c.LookupTables = m.DB, m.DB, m.DB
	c.Properties, c.APIPlatform, c.OnPrem = m.DB, m.DB, m.DB
	c.Jobs, c.Calls = m.DB, m.DB
	c.Activities = m.DB
	c.Key = m.DB.SecretKey
	c.ClientAddr = s.ClientAddr
	c.Logger = m.Logger
	if m.Config.TestHelpers {
		c.Journal = func(ctx context.Context, accountID int64) ([]web.JournalEntry, error) {
			var out []web.JournalEntry
			for _, e := range s.Journal(accountID) {
				out = append(out, web.JournalEntry(e))
			}
			return out, nil
		}
	}
	return c
}
