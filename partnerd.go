// Package partnerd holds the domain of a self-hosted server for the Workato
// Embedded partner API: its objects, the services that keep them, and its
// errors. It imports only the standard library; the store, http, agent and
// client packages implement and use what it declares.
package partnerd

import "time"

// Version and Commit are set at build time with -ldflags.
var (
	Version = "dev"
	Commit  = ""
)

// Page selects one page of a list: Page is 1-based and PerPage already
// clamped to the list's maximum.
type Page struct {
	Page    int
	PerPage int
}

// Offset returns the number of items before the page.
func (p Page) Offset() int { return (p.Page - 1) * p.PerPage }

// Clock returns the current time; stores and servers take one so that tests
// can fix it.
type Clock func() time.Time

// Now returns the time rounded to the millisecond precision of the wire.
func (c Clock) Now() time.Time {
	if c == nil {
		return time.Now().Truncate(time.Millisecond)
	}
	return c().Truncate(time.Millisecond)
}
