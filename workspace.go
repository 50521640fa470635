package partnerd

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// Defaults of a new customer workspace.
const (
	DefaultPlanID   = "oem_plan"
	DefaultTimeZone = "Pacific Time (US & Canada)"
)

// Workspace is an admin workspace (a partner account) or a customer
// workspace (Workato's managed user) that belongs to one.
type Workspace struct {
	ID        int64
	AccountID int64 // the owning admin workspace; equal to ID for an admin workspace

	ExternalID              *string
	Name                    string
	NotificationEmail       string
	AdminNotificationEmails *string
	ErrorNotificationEmails *string
	PlanID                  string
	Trial                   bool
	InTrial                 bool
	OriginURL               *string
	FrameAncestors          *string
	WhitelistedApps         []string
	TimeZone                string
	TeamName                string
	AuthSettings            map[string]any
	FullEmbedding           bool
	ActiveConnectionLimit   *int

	RootFolderID int64 // the home folder
	// EnvironmentType is DEV, TEST or PROD for a customer with environments
	// provisioned, "" otherwise.
	EnvironmentType string
	// EnvironmentOf is the DEV workspace of a TEST or PROD workspace, 0
	// for any other.
	EnvironmentOf         int64
	Environments          []*Environment
	TaskCount             int
	ActiveConnectionCount int
	ActiveRecipeCount     int
	RecipeCount           int

	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsAdmin reports whether w is an admin workspace.
func (w *Workspace) IsAdmin() bool { return w.ID == w.AccountID }

// Environment is one of the three environments every workspace has.
type Environment struct {
	ID   int64
	Name string // Development, Test or Production
	Type string // DEV, TEST or PROD
}

// EnvironmentTypes lists the environments of every workspace by name and type.
var EnvironmentTypes = [][2]string{{"Development", "DEV"}, {"Test", "TEST"}, {"Production", "PROD"}}

// Validate checks a customer workspace before it is stored.
func (w *Workspace) Validate() error {
	v := Validation{}
	v.Required("name", w.Name, 255)
	if strings.TrimSpace(w.NotificationEmail) == "" {
		v.Add("notification_email", "can't be blank")
	} else if !ValidEmail(w.NotificationEmail) {
		v.Add("notification_email", "is invalid")
	}
	if w.ExternalID != nil && (*w.ExternalID == "" || len(*w.ExternalID) > 255) {
		v.Add("external_id", "is invalid")
	}
	if w.ActiveConnectionLimit != nil && *w.ActiveConnectionLimit < 0 {
		v.Add("active_connection_limit", "must be greater than or equal to 0")
	}
	if w.TimeZone == "" {
		v.Add("time_zone", "can't be blank")
	}
	return v.Err()
}

// ValidEmail reports whether s is a single plain email address.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}

// Usage is the monthly task usage of one customer workspace.
type Usage struct {
	CustomerID int64
	ExternalID *string
	Name       string
	Months     []MonthUsage
}

// MonthUsage is the task count of one month, "2006-01".
type MonthUsage struct {
	Month     string
	TaskCount int
}

// NewAccount describes a partner account to create, with its first client.
type NewAccount struct {
	Name       string
	Email      string // the owner, for the legacy key
	APIKeyHash string // HashSecret of the legacy API key
	ClientName string
	TokenHash  string // HashSecret of the first client's token
}

// WorkspaceService keeps accounts and their customer workspaces. Every
// customer method takes the account id and never reaches another account's
// workspaces: they answer ENOTFOUND.
type WorkspaceService interface {
	// CreateAccount creates an admin workspace with its built-in role,
	// environments, home folder and a first Admin client.
	CreateAccount(ctx context.Context, a *NewAccount) (*Workspace, *DevAPIClient, error)
	// CountAccounts returns the number of admin workspaces.
	CountAccounts(ctx context.Context) (int, error)
	// FindWorkspaceByID returns any workspace by id, or ENOTFOUND.
	FindWorkspaceByID(ctx context.Context, id int64) (*Workspace, error)

	// CreateCustomer creates a customer workspace of the account, with its
	// environments provisioned when EnvironmentType is DEV; a taken
	// external id is ECONFLICT naming external_id.
	CreateCustomer(ctx context.Context, accountID int64, w *Workspace) error
	// FindCustomerByID returns a customer workspace of the account, or ENOTFOUND.
	FindCustomerByID(ctx context.Context, accountID, id int64) (*Workspace, error)
	// FindCustomerByExternalID returns a customer workspace of the account, or ENOTFOUND.
	// FindCustomerID returns the id of the account's customer workspace
	// whose id is id, or, when id is 0, whose external id is externalID,
	// without reading the rest: ENOTFOUND.
	FindCustomerID(ctx context.Context, accountID, id int64, externalID string) (int64, error)
	FindCustomerByExternalID(ctx context.Context, accountID int64, externalID string) (*Workspace, error)
	// FindCustomers returns a page of the account's customers in ascending id and their total.
	FindCustomers(ctx context.Context, accountID int64, p Page) ([]*Workspace, int, error)
	// UpdateCustomer applies changes to a customer in one transaction and
	// validates the result: ENOTFOUND, EINVALID, ECONFLICT. apply must not
	// call the store.
	UpdateCustomer(ctx context.Context, accountID, id int64, apply func(*Workspace) error) (*Workspace, error)
	// ProvisionEnvironments gives a customer its TEST and PROD environments,
	// each a workspace of its own; the customer becomes its DEV
	// environment. Provisioning is permanent and a second call changes
	// nothing: ENOTFOUND, and EINVALID for a TEST or PROD workspace.
	ProvisionEnvironments(ctx context.Context, accountID, id int64) (*Workspace, error)
	// FindEnvironmentID returns the id of the workspace of environment
	// envType (DEV, TEST or PROD) of the customer id belongs to: DEV of a
	// customer without environments is itself; ENOTFOUND otherwise.
	FindEnvironmentID(ctx context.Context, accountID, id int64, envType string) (int64, error)
	// DeleteCustomer deletes a customer workspace and everything in it, or ENOTFOUND.
	DeleteCustomer(ctx context.Context, accountID, id int64) error
	// FindUsage returns the task usage of every customer per month from since on.
	FindUsage(ctx context.Context, accountID int64, since time.Time) ([]*Usage, error)
}

// BillingPeriod returns the monthly billing period of a workspace created
// at created that holds now: periods start on the day of the month the
// workspace was created (the month's last day when it has fewer days).
func BillingPeriod(created, now time.Time) (start, end time.Time) {
	months := (now.Year()-created.Year())*12 + int(now.Month()-created.Month())
	start = addMonths(created, months)
	if start.After(now) {
		months--
		start = addMonths(created, months)
	}
	return start, addMonths(created, months+1)
}

// addMonths returns t moved by n months, its day clamped to the month's
// last day rather than spilling into the next month.
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}
