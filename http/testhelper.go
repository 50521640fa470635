package http

import (
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// observe serves an authenticated request while the test helpers are on:
// a fault rule of the caller's account may answer or delay it (never on
// the test helpers' own routes), and the account's journal records it
// with the status, headers and error detail it got (except reads and
// clears of the journal itself).
func (s *Server) observe(rt route, w http.ResponseWriter, r *http.Request, caller *partnerd.Caller) error {
	entry := journalStart(r, caller.AccountID, s.Now.Now())
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		// A fault that aborts the connection records the status it sent,
		// 0 when it sent none.
		aborted := recover()
		if aborted != nil && aborted != http.ErrAbortHandler {
			panic(aborted)
		}
		if rt.pattern != journalRoute && rt.pattern != journalClearRoute {
			entry.Status = sw.status
			if entry.Status == 0 && aborted == nil {
				entry.Status = http.StatusOK
			}
			entry.Detail = infoOf(r).Detail
			entry.ResponseHeaders = journalHeaders(sw.Header())
			s.journal.add(s.JournalSize, entry)
		}
		if aborted != nil {
			panic(aborted)
		}
	}()
	var answered bool
	var err error
	if rt.family != familyTest {
		answered, err = s.fault(sw, r, caller.AccountID)
	}
	if !answered && err == nil {
		err = s.serveCaller(rt, sw, r, caller)
	}
	if err != nil {
		s.writeError(sw, r, err)
	}
	return nil
}

// journalRoute reads the journal and journalClearRoute clears it; the
// journal records neither.
const (
	journalRoute      = "GET /_partnerd/requests"
	journalClearRoute = "DELETE /_partnerd/requests"
)

// testAccountInput is the body of POST /_partnerd/accounts.
type testAccountInput struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// testAccountJSON is a new account: its admin workspace's id, the token of
// its Admin client "bootstrap" and its legacy API key, shown once.
type testAccountJSON struct {
	ID     int64  `json:"id"`
	Token  string `json:"token"`
	APIKey string `json:"api_key"`
}

// handleTestAccountCreate handles POST /_partnerd/accounts: another
// account, isolated from every other, for a parallel test of its own.
func (s *Server) handleTestAccountCreate(w http.ResponseWriter, r *http.Request) error {
	var in testAccountInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	name, email := strings.TrimSpace(in.Name), strings.TrimSpace(in.Email)
	v := partnerd.Validation{}
	v.Required("name", name, 255)
	if email == "" {
		v.Add("email", "can't be blank")
	} else if !partnerd.ValidEmail(email) || len(email) > 255 {
		v.Add("email", "is invalid")
	}
	if err := v.Err(); err != nil {
		return err
	}
	token, tokenHash := partnerd.NewToken()
	apiKey := partnerd.RandomString(40)
	account, _, err := s.Workspaces.CreateAccount(r.Context(), &partnerd.NewAccount{Name: name, Email: email,
		APIKeyHash: partnerd.HashSecret(apiKey), ClientName: "bootstrap", TokenHash: tokenHash})
	if partnerd.ErrorCode(err) == partnerd.ECONFLICT {
		return &partnerd.Error{Code: partnerd.ECONFLICT, Message: "Validation failed",
			Fields: map[string][]string{"email": {"has already been taken"}}}
	} else if err != nil {
		return err
	}
	return ok(w, testAccountJSON{ID: account.ID, Token: token, APIKey: apiKey})
}

// handleTestReset handles POST /_partnerd/reset: every customer workspace
// of the caller's account goes, with everything in it.
func (s *Server) handleTestReset(w http.ResponseWriter, r *http.Request) error {
	if err := s.Snapshots.ResetAccount(r.Context(), callerOf(r).AccountID); err != nil {
		return err
	}
	return ok(w, success{true})
}

// snapshotJSON names a snapshot.
type snapshotJSON struct {
	ID int64 `json:"id"`
}

// handleTestSnapshotCreate handles POST /_partnerd/snapshot.
func (s *Server) handleTestSnapshotCreate(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.Snapshots.CreateSnapshot(r.Context(), callerOf(r).AccountID)
	if err != nil {
		return err
	}
	return ok(w, snapshotJSON{ID: snap.ID})
}

// handleTestSnapshotRestore handles POST /_partnerd/snapshot/{id}/restore.
// The restore is exact: a client created after the snapshot, the caller's
// own included, is gone, and its token fails from the next request on.
func (s *Server) handleTestSnapshotRestore(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Snapshots.RestoreSnapshot(r.Context(), callerOf(r).AccountID, id); err != nil {
		return err
	}
	return ok(w, success{true})
}
