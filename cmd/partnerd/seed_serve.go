package main

import (
	"context"
	"errors"
	"fmt"
	nethttp "net/http"
	"net/http/httptest"
	"os"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/client"
)

// seedOrBootstrap applies --seed to an empty database, or bootstraps the
// first account when there is no seed; it returns how to authenticate,
// for the start line.
func (m *Main) seedOrBootstrap(ctx context.Context) (auth string, err error) {
	if m.Config.Seed == "" {
		return m.bootstrap(ctx)
	}
	const seeded = "Authorization: Bearer <a token of the seed file>"
	data, err := os.ReadFile(m.Config.Seed)
	if err != nil {
		return "", fmt.Errorf("--seed: %w", err)
	}
	seed, err := ParseSeed(m.Config.Seed, data)
	if err != nil {
		return "", err
	}
	if n, err := m.DB.CountAccounts(ctx); err != nil {
		return "", err
	} else if n > 0 {
		m.Logger.Info("seed skipped: the database already has an account", "seed", m.Config.Seed, "accounts", n)
		return seeded, nil
	}
	var created []int64
	if err := m.applySeed(ctx, seed, &created); err != nil {
		// All or nothing: the accounts made so far go, and with them
		// everything in them, leaving the database without an account.
		for _, id := range created {
			if derr := m.DB.DeleteAccount(context.WithoutCancel(ctx), id); derr != nil {
				err = errors.Join(err, fmt.Errorf("rolling the seed back: %w", derr))
			}
		}
		return "", err
	}
	m.Logger.Info("seeded", "seed", m.Config.Seed, "accounts", len(seed.Accounts))
	return seeded, nil
}

// applySeed creates each account of the seed with its roles and clients in
// the store, where tokens can be fixed, then the rest through the API as
// the account's Admin client. created collects the accounts' ids.
func (m *Main) applySeed(ctx context.Context, seed *Seed, created *[]int64) error {
	srv, err := m.newHTTPServer()
	if err != nil {
		return err
	}
	srv.RateLimiter, srv.RateFactor = nil, 0 // A seed is not traffic.
	hc := &nethttp.Client{Transport: handlerTransport{srv}}
	for i := range seed.Accounts {
		a := &seed.Accounts[i]
		keyHash := ""
		if a.APIKey != "" {
			keyHash = partnerd.HashSecret(a.APIKey)
		}
		w, _, err := m.DB.CreateAccount(ctx, &partnerd.NewAccount{Name: a.Name, Email: a.Email,
			APIKeyHash: keyHash, ClientName: "seed", TokenHash: partnerd.HashSecret(a.Token)})
		if err != nil {
			return fmt.Errorf("%s:%d: account %s: %s%s", m.Config.Seed, a.Line, a.Name, partnerd.ErrorMessage(err), fieldList(err))
		}
		*created = append(*created, w.ID)
		if err := m.seedClients(ctx, w.ID, a); err != nil {
			return err
		}
		c := client.New("http://partnerd.seed", client.WithToken(a.Token), client.WithHTTPClient(hc), client.WithUserAgent("partnerd-seed"))
		if err := (seedTarget{c: c, file: m.Config.Seed}).applyAccount(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

// seedClients creates the account's client roles and its other clients.
func (m *Main) seedClients(ctx context.Context, workspaceID int64, a *SeedAccount) error {
	roles := map[string]int64{}
	list, _, err := m.DB.FindClientRoles(ctx, workspaceID, partnerd.Page{Page: 1, PerPage: 100})
	if err != nil {
		return err
	}
	for _, r := range list {
		if r.BuiltIn {
			roles[r.Name] = r.ID
		}
	}
	roles[""] = roles[partnerd.AdminRoleName]
	for _, r := range a.ClientRoles {
		role := &partnerd.ClientRole{Name: r.Name, Privileges: partnerd.Privileges(r.Privileges)}
		if err := m.DB.CreateClientRole(ctx, workspaceID, role); err != nil {
			return fmt.Errorf("%s:%d: client role %s: %s%s", m.Config.Seed, r.Line, r.Name, partnerd.ErrorMessage(err), fieldList(err))
		}
		roles[r.Name] = role.ID
	}
	for _, c := range a.Clients {
		client := &partnerd.DevAPIClient{Name: c.Name, RoleID: roles[c.Role], AllFolders: true, TokenHash: partnerd.HashSecret(c.Token)}
		if err := m.DB.CreateDevAPIClient(ctx, workspaceID, client); err != nil {
			return fmt.Errorf("%s:%d: client %s: %s%s", m.Config.Seed, c.Line, c.Name, partnerd.ErrorMessage(err), fieldList(err))
		}
	}
	return nil
}

// handlerTransport serves a client's requests with a handler in this
// process, as if from the loopback address.
type handlerTransport struct{ h nethttp.Handler }

// RoundTrip implements http.RoundTripper.
func (t handlerTransport) RoundTrip(r *nethttp.Request) (*nethttp.Response, error) {
	r = r.Clone(r.Context())
	r.RemoteAddr = "127.0.0.1:0"
	r.RequestURI = r.URL.RequestURI()
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}
