package partnerd

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// States of an on-prem agent.
const (
	OnPremAwaitingSetup = "awaiting_setup"
	OnPremActive        = "active"
	OnPremInactive      = "inactive"
)

// Timing and limits of on-prem agents (running.md, "On-prem agent").
const (
	// OnPremHeartbeat is the period of an agent's heartbeats.
	OnPremHeartbeat = 5 * time.Second
	// OnPremSilence is the silence after which an agent is inactive: three
	// heartbeat periods.
	OnPremSilence = 3 * OnPremHeartbeat
	// OnPremCodeLifetime is how long an activation code may be used.
	OnPremCodeLifetime = 24 * time.Hour
	// MaxOnPremProfiles is the most profiles an agent may report.
	MaxOnPremProfiles = 100
)

// OnPremOSes lists the operating systems an agent may run on.
var OnPremOSes = []string{"windows", "linux", "mac"}

// OnPremGroup is a group of on-prem agents of a workspace; connections
// that name it reach their applications through its agents.
type OnPremGroup struct {
	ID          int64
	WorkspaceID int64
	Name        string
	InUse       bool // a connection of the workspace names the group
	CreatedAt   time.Time
}

// Validate checks a group's name.
func (g *OnPremGroup) Validate() error {
	v := Validation{}
	validName(v, "name", g.Name)
	return v.Err()
}

// OnPremAgent is an on-prem agent: a process on the customer's network
// that holds a client certificate whose subject is CN. Active and the
// fields after it are its presence, which the agent listener keeps.
type OnPremAgent struct {
	ID            int64
	WorkspaceID   int64
	GroupID       int64
	Name          string
	OS            string
	CN            string // 32 lower-case hex characters, ":" and the id
	AwaitingSetup bool   // true until its first connection
	Enabled       bool
	CreatedAt     time.Time
	UpdatedAt     time.Time

	Active          bool // connected, with a heartbeat within OnPremSilence
	LastSeenVersion *string
	ConnectedAt     *time.Time
	LastSeenAt      *time.Time
	Profiles        []OnPremProfile // those its process reported last
}

// State returns the agent's state: awaiting_setup until its first
// connection, then active while connected and inactive otherwise.
func (a *OnPremAgent) State() string {
	switch {
	case a.Active:
		return OnPremActive
	case a.AwaitingSetup:
		return OnPremAwaitingSetup
	}
	return OnPremInactive
}

// Validate checks an agent before it is stored.
func (a *OnPremAgent) Validate() error {
	v := Validation{}
	validName(v, "name", a.Name)
	if !slices.Contains(OnPremOSes, a.OS) {
		v.Add("os", "must be one of "+strings.Join(OnPremOSes, ", "))
	}
	if a.GroupID <= 0 {
		v.Add("on_prem_group_id", "can't be blank")
	}
	return v.Err()
}

// OnPremAgentUpdate changes an agent: nil fields stay as they are.
type OnPremAgentUpdate struct {
	Name    *string
	OS      *string
	GroupID *int64
	Enabled *bool // false also ends its presence and refuses its certificate
}

// Apply makes the update on a.
func (u OnPremAgentUpdate) Apply(a *OnPremAgent) {
	if u.Name != nil {
		a.Name = strings.TrimSpace(*u.Name)
	}
	if u.OS != nil {
		a.OS = strings.ToLower(strings.TrimSpace(*u.OS))
	}
	if u.GroupID != nil {
		a.GroupID = *u.GroupID
	}
	if u.Enabled != nil {
		a.Enabled = *u.Enabled
	}
}

// OnPremProfile is a profile an agent serves: a named application behind
// the customer's firewall, such as {CRM-Oracle, oracle, Database}.
type OnPremProfile struct {
	Name     string `json:"name"`
	Provider string `json:"provider"`
	Type     string `json:"type"`
}

// OnPremProfileUse is a profile of a group with the connections of the
// workspace that use it: those naming the group, of the profile's provider.
type OnPremProfileUse struct {
	OnPremProfile
	Connections []*Connection // ID and Name only
}

// OnPremGroupStatus counts a group's agents and lists the profiles its
// active agents report.
type OnPremGroupStatus struct {
	AgentCount       int
	ActiveAgentCount int
	Profiles         []*OnPremProfileUse
}

// OnPremPresence is what an agent process reports when it connects.
type OnPremPresence struct {
	// Connection names the connection that holds the agent: its replica
	// and its number there. A later connection replaces an earlier one.
	Connection string
	Version    *string // nil keeps the version reported before
	Profiles   []OnPremProfile
	// Deadline is when the agent turns inactive unless a heartbeat moves
	// it; nil is never (the test helper's simulated agents).
	Deadline *time.Time
}

// Validate checks a presence report.
func (p *OnPremPresence) Validate() error {
	v := Validation{}
	if strings.TrimSpace(p.Connection) == "" {
		v.Add("connection", "can't be blank")
	}
	if p.Version != nil {
		if !ValidText(*p.Version) {
			v.Add("version", "is invalid")
		}
		v.MaxLength("version", *p.Version, 100)
	}
	if len(p.Profiles) > MaxOnPremProfiles {
		v.Add("profiles", fmt.Sprintf("must be at most %d", MaxOnPremProfiles))
	}
	for i, pr := range p.Profiles {
		at := fmt.Sprintf("profile %d: ", i+1)
		for _, f := range []struct {
			name, value string
			required    bool
		}{{"name", pr.Name, true}, {"provider", pr.Provider, true}, {"type", pr.Type, false}} {
			switch {
			case !ValidText(f.value):
				v.Add("profiles", at+f.name+" is invalid")
			case f.required && strings.TrimSpace(f.value) == "":
				v.Add("profiles", at+f.name+" can't be blank")
			case utf8.RuneCountInString(f.value) > 255:
				v.Add("profiles", at+f.name+" is too long (maximum is 255 characters)")
			}
		}
	}
	return v.Err()
}

// validName records a problem with a required name of at most 255
// characters that both databases keep as given.
func validName(v Validation, field, s string) {
	if !ValidText(s) {
		v.Add(field, "is invalid")
		return
	}
	v.Required(field, s, 255)
}

// OnPremActivationCode is a single-use code with which an agent process
// enrols. Code is shown once; the store keeps only the hash of its secret.
type OnPremActivationCode struct {
	Code      string
	ExpiresAt time.Time
}

// OnPremCA is the certificate authority of a server's agents, shared by
// every replica: it signs the agents' client certificates and the agent
// listener's own certificate.
type OnPremCA struct {
	CertPEM []byte
	KeyPEM  []byte // PKCS #8
}

// Fingerprint returns the SHA-256 of the CA certificate's DER bytes.
func (ca *OnPremCA) Fingerprint() ([]byte, error) {
	block, _ := pem.Decode(ca.CertPEM)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errors.New("partnerd: the agent CA certificate is not PEM")
	}
	sum := sha256.Sum256(block.Bytes)
	return sum[:], nil
}

// NewOnPremActivationCode returns a fresh activation code carrying the CA
// fingerprint, and the hash of its secret, the only form that is stored.
// The code reads "<secret>.<fingerprint>", both URL-safe base64, so that
// the agent checks the server by its CA rather than by its host name.
func NewOnPremActivationCode(fingerprint []byte) (code, hash string) {
	secret := RandomString(32)
	return secret + "." + base64.RawURLEncoding.EncodeToString(fingerprint), HashSecret(secret)
}

// ParseOnPremActivationCode splits a code of NewOnPremActivationCode into
// the hash of its secret and the CA fingerprint it carries.
func ParseOnPremActivationCode(code string) (hash string, fingerprint []byte, err error) {
	secret, fp, ok := strings.Cut(strings.TrimSpace(code), ".")
	if !ok || len(secret) != 32 || strings.Trim(secret, base64URLAlphabet) != "" {
		return "", nil, FieldError("code", "is not an activation code")
	}
	fingerprint, err = base64.RawURLEncoding.DecodeString(fp)
	if err != nil || len(fingerprint) != sha256.Size {
		return "", nil, FieldError("code", "is not an activation code")
	}
	return HashSecret(secret), fingerprint, nil
}

const base64URLAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// OnPremService keeps on-prem groups and agents, and the presence of the
// agents' processes. The methods that take a workspace id serve the API;
// the others serve the agent listener, which knows an agent by its
// certificate alone.
type OnPremService interface {
	// CreateOnPremGroup stores a group: EINVALID.
	CreateOnPremGroup(ctx context.Context, workspaceID int64, g *OnPremGroup) error
	// FindOnPremGroupByID returns a group, or ENOTFOUND.
	FindOnPremGroupByID(ctx context.Context, workspaceID, id int64) (*OnPremGroup, error)
	// FindOnPremGroups returns a page of groups in ascending id and their total.
	FindOnPremGroups(ctx context.Context, workspaceID int64, p Page) ([]*OnPremGroup, int, error)
	// UpdateOnPremGroup renames a group when name is not nil: ENOTFOUND, EINVALID.
	UpdateOnPremGroup(ctx context.Context, workspaceID, id int64, name *string) (*OnPremGroup, error)
	// DeleteOnPremGroup deletes a group: ENOTFOUND, or ESTATE while it has
	// agents or a connection names it.
	DeleteOnPremGroup(ctx context.Context, workspaceID, id int64) error
	// FindOnPremGroupStatus counts a group's agents and lists the profiles
	// of its active agents with the connections within the caller's
	// folder scope that use them: ENOTFOUND.
	FindOnPremGroupStatus(ctx context.Context, workspaceID, id int64) (*OnPremGroupStatus, error)

	// CreateOnPremAgent stores an agent and gives it its CN: EINVALID, also
	// for a GroupID that is not a group of the workspace.
	CreateOnPremAgent(ctx context.Context, workspaceID int64, a *OnPremAgent) error
	// FindOnPremAgentByID returns an agent, or ENOTFOUND.
	FindOnPremAgentByID(ctx context.Context, workspaceID, id int64) (*OnPremAgent, error)
	// FindOnPremAgentInAccount returns an agent of the account's admin
	// workspace or of one of its customers, or ENOTFOUND.
	FindOnPremAgentInAccount(ctx context.Context, accountID, id int64) (*OnPremAgent, error)
	// FindOnPremAgents returns a page of agents in ascending id and their total.
	FindOnPremAgents(ctx context.Context, workspaceID int64, p Page) ([]*OnPremAgent, int, error)
	// SearchOnPremAgents returns the agents whose CN or name is query, in
	// ascending id.
	SearchOnPremAgents(ctx context.Context, workspaceID int64, query string) ([]*OnPremAgent, error)
	// UpdateOnPremAgent changes an agent: ENOTFOUND, EINVALID (as on create).
	UpdateOnPremAgent(ctx context.Context, workspaceID, id int64, upd OnPremAgentUpdate) (*OnPremAgent, error)
	// DeleteOnPremAgent deletes an agent with its activation codes: ENOTFOUND.
	DeleteOnPremAgent(ctx context.Context, workspaceID, id int64) error
	// CreateOnPremActivationCode issues a code for the agent, valid for
	// OnPremCodeLifetime, that replaces its earlier codes: ENOTFOUND.
	CreateOnPremActivationCode(ctx context.Context, workspaceID, id int64) (*OnPremActivationCode, error)

	// OnPremCA returns the agents' CA, creating it on first use.
	OnPremCA(ctx context.Context) (*OnPremCA, error)
	// RedeemOnPremActivationCode uses up the code whose secret hashes to
	// hash and returns its agent: ENOTFOUND for a code that is unknown,
	// used or expired.
	RedeemOnPremActivationCode(ctx context.Context, hash string) (*OnPremAgent, error)
	// FindOnPremAgentByCN returns the agent with the CN, or ENOTFOUND.
	FindOnPremAgentByCN(ctx context.Context, cn string) (*OnPremAgent, error)
	// ConnectOnPremAgent records that a process holds the agent: it is no
	// longer awaiting setup, and active until p.Deadline. ENOTFOUND,
	// EINVALID, or ESTATE for a disabled agent.
	ConnectOnPremAgent(ctx context.Context, id int64, p OnPremPresence) error
	// TouchOnPremAgent records a heartbeat of the connection, moving the
	// deadline: ENOTFOUND when the agent is gone, disabled, or held by
	// another connection, which all end the connection.
	TouchOnPremAgent(ctx context.Context, id int64, connection string, deadline time.Time) error
	// DisconnectOnPremAgent ends the agent's presence if the connection
	// still holds it; "" ends any.
	DisconnectOnPremAgent(ctx context.Context, id int64, connection string) error
}
