package partnerd

import (
	"context"
	"slices"
	"strings"
	"time"
)

// APIPolicy is an API access policy: a rate limit over a short interval
// and a usage quota over a long one, each a number of calls that every
// access profile of a client the policy is attached to may make in its
// interval. A zero number of requests is no limit.
type APIPolicy struct {
	ID                int64
	WorkspaceID       int64
	Name              string
	RateLimitInterval string
	RateLimitRequests int
	QuotaInterval     string
	QuotaRequests     int
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// APIPolicyIntervals are the intervals a policy counts in, in order; a
// month is 30 days, counted in fixed windows from the Unix epoch.
var APIPolicyIntervals = []string{"second", "minute", "hour", "day", "month"}

// APIPolicyInterval returns the length of a named interval.
func APIPolicyInterval(name string) (time.Duration, bool) {
	switch name {
	case "second":
		return time.Second, true
	case "minute":
		return time.Minute, true
	case "hour":
		return time.Hour, true
	case "day":
		return 24 * time.Hour, true
	case "month":
		return 30 * 24 * time.Hour, true
	}
	return 0, false
}

// maxPolicyRequests bounds a policy's numbers of requests.
const maxPolicyRequests = 1_000_000_000

// Validate checks a policy before it is stored: intervals are lower-cased
// and default to a minute for the rate limit and a day for the quota.
func (p *APIPolicy) Validate() error {
	v := Validation{}
	checkName(v, &p.Name)
	check := func(field string, interval *string, def string, requests int) {
		*interval = strings.ToLower(strings.TrimSpace(*interval))
		if *interval == "" {
			*interval = def
		}
		if !slices.Contains(APIPolicyIntervals, *interval) {
			v.Add(field+"_interval", "must be one of "+strings.Join(APIPolicyIntervals, ", "))
		}
		if requests < 0 || requests > maxPolicyRequests {
			v.Add(field+"_requests", "must be between 0 and 1000000000")
		}
	}
	check("rate_limit", &p.RateLimitInterval, "minute", p.RateLimitRequests)
	check("quota", &p.QuotaInterval, "day", p.QuotaRequests)
	return v.Err()
}

// APIPolicyService stores the API access policies of a workspace.
type APIPolicyService interface {
	// CreateAPIPolicy stores a policy: EINVALID; ECONFLICT for a name taken.
	CreateAPIPolicy(ctx context.Context, workspaceID int64, p *APIPolicy) error
	// FindAPIPolicyByID returns a policy: ENOTFOUND.
	FindAPIPolicyByID(ctx context.Context, workspaceID, id int64) (*APIPolicy, error)
	// FindAPIPolicies returns a page of policies in ascending id and their total.
	FindAPIPolicies(ctx context.Context, workspaceID int64, p Page) ([]*APIPolicy, int, error)
	// UpdateAPIPolicy applies changes in one transaction and validates the
	// result: ENOTFOUND, EINVALID, ECONFLICT.
	UpdateAPIPolicy(ctx context.Context, workspaceID, id int64, apply func(*APIPolicy) error) (*APIPolicy, error)
	// DeleteAPIPolicy deletes a policy; the clients it was attached to keep
	// no policy: ENOTFOUND.
	DeleteAPIPolicy(ctx context.Context, workspaceID, id int64) error
}
