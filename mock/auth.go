package mock

import (
	"context"

	"github.com/partnerd/partnerd"
)

var _ partnerd.AuthService = (*AuthService)(nil)

// AuthService calls its function fields; a nil field panics.
type AuthService struct {
	AuthenticateTokenFn  func(ctx context.Context, tokenHash string) (*partnerd.Caller, error)
	AuthenticateAPIKeyFn func(ctx context.Context, email, apiKey string) (*partnerd.Caller, error)
}

func (s *AuthService) AuthenticateToken(ctx context.Context, tokenHash string) (*partnerd.Caller, error) {
	return s.AuthenticateTokenFn(ctx, tokenHash)
}

func (s *AuthService) AuthenticateAPIKey(ctx context.Context, email, apiKey string) (*partnerd.Caller, error) {
	return s.AuthenticateAPIKeyFn(ctx, email, apiKey)
}

// AdminCaller returns an AuthService that admits every token as the Admin
// client of the admin workspace id.
func AdminCaller(id int64) *AuthService {
	caller := &partnerd.Caller{WorkspaceID: id, AccountID: id, ClientID: 1, ClientName: "mock",
		Privileges: partnerd.AdminPrivileges(), AllFolders: true}
	return &AuthService{
		AuthenticateTokenFn:  func(context.Context, string) (*partnerd.Caller, error) { return caller, nil },
		AuthenticateAPIKeyFn: func(context.Context, string, string) (*partnerd.Caller, error) { return caller, nil },
	}
}
