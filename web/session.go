package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

// The session cookie holds the SHA-256 hash of the API token it was signed
// in with and its expiry, signed with a key derived from Console.Key. The
// token itself is never stored: each request authenticates the hash as the
// API does, so a token that is regenerated or deleted ends its sessions at
// once. The cookie is HttpOnly and SameSite=Strict, and form posts must
// also come from the console's own origin.
const (
	cookieName      = "partnerd_console"
	sessionLifetime = 12 * time.Hour
)

// cookieEncoding writes each cookie value in exactly one way.
var cookieEncoding = base64.RawURLEncoding.Strict()

var (
	errNoSession = errors.New("web: no valid session")
	errForbidden = errors.New("web: not an Admin client of an admin workspace")
)

// authenticate reads the Bearer token, or else the session cookie, and
// returns the signed-in Admin.
func (c *Console) authenticate(r *http.Request) (*session, error) {
	if token, ok := bearerToken(r); ok {
		return c.sessionOf(r, partnerd.HashSecret(token), false)
	}
	cookie, err := r.Cookie(cookieName)
	if err != nil {
		return nil, errNoSession
	}
	hash, ok := c.openCookie(cookie.Value)
	if !ok {
		return nil, errNoSession
	}
	return c.sessionOf(r, hash, true)
}

// sessionOf authenticates a token hash: an Admin client of an admin
// workspace, from an address its allow list admits.
func (c *Console) sessionOf(r *http.Request, hash string, cookie bool) (*session, error) {
	caller, err := c.Auth.AuthenticateToken(r.Context(), hash)
	if err != nil {
		if partnerd.ErrorCode(err) == partnerd.EUNAUTHORIZED {
			return nil, errNoSession
		}
		return nil, err
	}
	if caller.IPAllowList != "" && !partnerd.AllowsIP(caller.IPAllowList, c.clientAddr(r)) {
		return nil, errNoSession
	}
	if !caller.IsAdminWorkspace() || !caller.Privileges.Includes(partnerd.AdminPrivileges()) {
		return nil, errForbidden
	}
	account, err := c.Workspaces.FindWorkspaceByID(r.Context(), caller.AccountID)
	if err != nil {
		return nil, err
	}
	return &session{Caller: caller, Account: account, Cookie: cookie}, nil
}

func (c *Console) clientAddr(r *http.Request) netip.Addr {
	if c.ClientAddr != nil {
		return c.ClientAddr(r)
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "bearer ") {
		return "", false
	}
	token := strings.TrimSpace(h[7:])
	return token, token != ""
}

// handleSignInForm handles GET /console/sign-in.
func (c *Console) handleSignInForm(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	c.render(w, r, http.StatusOK, "signin", nil, map[string]string{})
}

// handleSignIn handles POST /console/sign-in: a valid token of an Admin
// client sets the session cookie and opens the home page.
func (c *Console) handleSignIn(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !sameOrigin(r) {
		c.renderError(w, r, nil, http.StatusForbidden, "The form was not sent from this console.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	token := strings.TrimSpace(r.PostFormValue("token"))
	if token == "" {
		c.render(w, r, http.StatusUnauthorized, "signin", nil, map[string]string{"Error": "Enter an API token."})
		return
	}
	hash := partnerd.HashSecret(token)
	if _, err := c.sessionOf(r, hash, true); err != nil {
		msg := "This token is not valid."
		status := http.StatusUnauthorized
		if errors.Is(err, errForbidden) {
			msg, status = "This token is not an Admin client's token of a partner account.", http.StatusForbidden
		} else if !errors.Is(err, errNoSession) {
			c.fail(w, r, nil, err)
			return
		}
		c.render(w, r, status, "signin", nil, map[string]string{"Error": msg})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: c.sealCookie(hash), Path: "/console",
		MaxAge: int(sessionLifetime / time.Second), HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/console", http.StatusSeeOther)
}

// handleSignOut handles POST /console/sign-out.
func (c *Console) handleSignOut(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		c.renderError(w, r, nil, http.StatusForbidden, "The form was not sent from this console.")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/console", MaxAge: -1,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/console/sign-in", http.StatusSeeOther)
}

// sealCookie returns the cookie value of a token hash: the expiry and the
// hash, and their signature.
func (c *Console) sealCookie(hash string) string {
	raw, _ := hex.DecodeString(hash)
	payload := binary.BigEndian.AppendUint64(nil, uint64(c.Now.Now().Add(sessionLifetime).Unix()))
	payload = append(payload, raw...)
	return cookieEncoding.EncodeToString(payload) + "." + cookieEncoding.EncodeToString(c.sign(payload))
}

// openCookie returns the token hash of a cookie whose signature holds and
// which has not expired.
func (c *Console) openCookie(value string) (string, bool) {
	p, s, ok := strings.Cut(value, ".")
	if !ok {
		return "", false
	}
	payload, err1 := cookieEncoding.DecodeString(p)
	sig, err2 := cookieEncoding.DecodeString(s)
	if err1 != nil || err2 != nil || len(payload) != 8+sha256.Size || !hmac.Equal(sig, c.sign(payload)) {
		return "", false
	}
	expires := time.Unix(int64(binary.BigEndian.Uint64(payload)), 0)
	if !c.Now.Now().Before(expires) {
		return "", false
	}
	return hex.EncodeToString(payload[8:]), true
}

// sign returns the signature of a cookie payload, with a key of its own
// derived from Console.Key.
func (c *Console) sign(payload []byte) []byte {
	derive := hmac.New(sha256.New, c.Key)
	derive.Write([]byte("partnerd console session v1"))
	mac := hmac.New(sha256.New, derive.Sum(nil))
	mac.Write(payload)
	return mac.Sum(nil)
}

// sameOrigin reports whether a form post comes from a page of this host:
// its Origin, or else its Referer, names the host the request was sent to.
func sameOrigin(r *http.Request) bool {
	source := r.Header.Get("Origin")
	if source == "" || source == "null" {
		source = r.Header.Get("Referer")
	}
	u, err := url.Parse(source)
	return err == nil && source != "" && u.Host == r.Host
}
