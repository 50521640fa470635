package agent

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	mathrand "math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/partnerd/partnerd"
)

// Files of an agent's state directory. The key is written there once and
// never sent anywhere.
const (
	keyFile  = "agent.key"
	certFile = "agent.crt"
	caFile   = "ca.crt"
)

// ErrRefused is the error of an enrolment the server refused, and of a
// certificate whose agent was deleted: retrying cannot help.
var ErrRefused = errors.New("refused by the server")

// Agent is the process side of an on-prem agent.
type Agent struct {
	Server   string // the agent listener: https://HOST:PORT
	StateDir string // holds the key, the certificate and the CA
	Version  string
	Profiles []partnerd.OnPremProfile
	// Databases are the database profiles the agent runs statements on,
	// by name; the server can reach no other.
	Databases map[string]*DatabaseProfile
	// HTTP are the HTTP profiles the agent sends requests to, by name;
	// every request stays under its profile's base URL.
	HTTP      map[string]*HTTPProfile
	Logger    *slog.Logger
	Heartbeat time.Duration // zero is partnerd.OnPremHeartbeat
	// MaxBackoff bounds the wait between reconnections; zero is a minute.
	MaxBackoff time.Duration
}

// Enrolled reports whether the state directory holds a certificate.
func (a *Agent) Enrolled() bool {
	_, err := os.Stat(filepath.Join(a.StateDir, certFile))
	return err == nil
}

// Enrol sends a certificate request with the activation code and keeps
// the certificate it gets. It checks the server by the CA fingerprint the
// code carries. A refusal (an unknown, used or expired code) is ErrRefused.
func (a *Agent) Enrol(ctx context.Context, code string) error {
	_, fingerprint, err := partnerd.ParseOnPremActivationCode(code)
	if err != nil {
		return errors.New("enrol: the code is not an activation code; …/on_prem_agents/{id}/activation_code gives one")
	}
	if err := os.MkdirAll(a.StateDir, 0o700); err != nil {
		return err
	}
	key, err := a.loadOrCreateKey()
	if err != nil {
		return err
	}
	csr, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: "partnerd agent"}}, key)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(EnrolRequest{Code: strings.TrimSpace(code),
		CSR: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: csr}))})
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: clientTLS(fingerprint, nil)}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(a.Server, "/")+PathEnrol, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("enrol: %w", err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("enrol: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		var e errorResponse
		json.Unmarshal(data, &e)
		return fmt.Errorf("enrol: %w: %d %s", ErrRefused, res.StatusCode, e.Message)
	}
	var out EnrolResponse
	if err := json.Unmarshal(data, &out); err != nil {
		return fmt.Errorf("enrol: the answer is not JSON: %w", err)
	}
	if err := checkEnrolment(&out, fingerprint, &key.PublicKey); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(a.StateDir, caFile), []byte(out.CACertificate), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(a.StateDir, certFile), []byte(out.Certificate), 0o644)
}

// checkEnrolment checks that the answer's CA is the one of the code and
// that it signed a client certificate of the agent's own key.
func checkEnrolment(out *EnrolResponse, fingerprint []byte, pub *ecdsa.PublicKey) error {
	caBlock, _ := pem.Decode([]byte(out.CACertificate))
	certBlock, _ := pem.Decode([]byte(out.Certificate))
	if caBlock == nil || certBlock == nil {
		return errors.New("enrol: the answer holds no PEM certificates")
	}
	if sum := sha256.Sum256(caBlock.Bytes); !bytes.Equal(sum[:], fingerprint) {
		return errors.New("enrol: the server answered with another CA than the activation code's")
	}
	ca, err := x509.ParseCertificate(caBlock.Bytes)
	if err != nil {
		return err
	}
	cert, err := x509.ParseCertificate(certBlock.Bytes)
	if err != nil {
		return err
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		return fmt.Errorf("enrol: the certificate: %w", err)
	}
	if got, ok := cert.PublicKey.(*ecdsa.PublicKey); !ok || !got.Equal(pub) {
		return errors.New("enrol: the certificate is not of the agent's key")
	}
	return nil
}

// loadOrCreateKey reads the agent's key, creating it on the first enrolment.
func (a *Agent) loadOrCreateKey() (*ecdsa.PrivateKey, error) {
	path := filepath.Join(a.StateDir, keyFile)
	if b, err := os.ReadFile(path); err == nil {
		block, _ := pem.Decode(b)
		if block == nil {
			return nil, fmt.Errorf("%s is not PEM", path)
		}
		return x509.ParseECPrivateKey(block.Bytes)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	return key, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600)
}

// clientTLS returns the TLS settings of the agent: the server is checked
// by the CA fingerprint, not by its host name; cert, if any, is presented.
func clientTLS(fingerprint []byte, cert *tls.Certificate) *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: true, VerifyConnection: verifyServer(fingerprint)}
	if cert != nil {
		c.Certificates = []tls.Certificate{*cert}
	}
	return c
}

// Run holds the connection to the server until ctx ends, reconnecting
// with exponential backoff after a cut. It returns ErrRefused when the
// agent was deleted, and nil when ctx ends.
func (a *Agent) Run(ctx context.Context) error {
	if a.Logger == nil {
		a.Logger = slog.New(slog.DiscardHandler)
	}
	heartbeat, maxBackoff := a.Heartbeat, a.MaxBackoff
	if heartbeat == 0 {
		heartbeat = partnerd.OnPremHeartbeat
	}
	if maxBackoff == 0 {
		maxBackoff = time.Minute
	}
	cert, err := tls.LoadX509KeyPair(filepath.Join(a.StateDir, certFile), filepath.Join(a.StateDir, keyFile))
	if err != nil {
		return fmt.Errorf("the agent is not enrolled: %w", err)
	}
	caPEM, err := os.ReadFile(filepath.Join(a.StateDir, caFile))
	if err != nil {
		return err
	}
	block, _ := pem.Decode(caPEM)
	if block == nil {
		return fmt.Errorf("%s is not PEM", caFile)
	}
	fingerprint := sha256.Sum256(block.Bytes)
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: clientTLS(fingerprint[:], &cert)}}
	ops := &operations{db: &databases{profiles: a.Databases}, http: &httpServices{profiles: a.HTTP}}
	defer ops.close()
	backoff := time.Second
	for {
		start := time.Now()
		err := a.session(ctx, hc, heartbeat, ops)
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, ErrRefused) {
			return err
		}
		if time.Since(start) > maxBackoff {
			backoff = time.Second
		}
		wait := backoff/2 + mathrand.N(backoff/2+1)
		a.Logger.Warn("connection to the server lost", "error", err, "retry_in", wait.Round(time.Millisecond))
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		backoff = min(2*backoff, maxBackoff)
	}
}

// session holds one connection: hello, then a heartbeat every period,
// until the connection or ctx ends.
func (a *Agent) session(ctx context.Context, hc *http.Client, heartbeat time.Duration, ops *operations) error {
	url := strings.TrimRight(a.Server, "/") + PathConnect
	c, res, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		if res != nil && res.StatusCode == http.StatusGone {
			return fmt.Errorf("%w: the agent was deleted", ErrRefused)
		}
		return err
	}
	defer c.CloseNow()
	c.SetReadLimit(maxRequest)
	version := a.Version
	hello := Message{Type: TypeHello, Version: &version, Profiles: a.Profiles}
	if err := a.send(ctx, c, hello); err != nil {
		return err
	}
	a.Logger.Info("connected", "server", a.Server)
	closed := make(chan error, 1)
	go func() { closed <- a.serve(ctx, c, ops) }()
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			c.Close(websocket.StatusNormalClosure, "the agent stops")
			return ctx.Err()
		case err := <-closed:
			if websocket.CloseStatus(err) == StatusRevoked {
				return errors.New("the server revoked the connection: the agent was deleted or disabled")
			}
			return err
		case <-tick.C:
			if err := a.send(ctx, c, Message{Type: TypeHeartbeat}); err != nil {
				return err
			}
		}
	}
}

// maxRunning bounds the statements an agent runs at once; a request
// beyond it waits for one to end, up to maxWaiting of them: one more is
// answered at once with an error. The reader of the connection never
// waits, so that a cancel is read while every slot is taken.
const (
	maxRunning = 32
	maxWaiting = 4 * maxRunning
)

// serve runs the server's requests until the connection ends: each exec
// on its profile's database, its rows streamed as they are read, and each
// http request to its profile's base, answered with a result of its id; a
// cancel ends the statement of its id. A request that does not decode closes
// the connection.
func (a *Agent) serve(ctx context.Context, c *websocket.Conn, ops *operations) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	running := map[int64]context.CancelFunc{}
	slots := make(chan struct{}, maxRunning)
	admitted := make(chan struct{}, maxRunning+maxWaiting)
	for {
		typ, data, err := c.Read(ctx)
		if err != nil {
			return err
		}
		req, err := DecodeRequest(data)
		if typ != websocket.MessageText || err != nil {
			c.Close(websocket.StatusUnsupportedData, "not a request of the agent protocol")
			return errors.New("the server sent a message that is not a request")
		}
		if req.Type == TypeCancel {
			mu.Lock()
			if stop := running[req.ID]; stop != nil {
				stop()
			}
			mu.Unlock()
			continue
		}
		out := newResultStream(req, func(m Message) error { return a.send(ctx, c, m) })
		select {
		case admitted <- struct{}{}:
		default:
			if err := out.finish(nil, fmt.Errorf("the agent runs %d operations and holds %d more: try again later", maxRunning, maxWaiting)); err != nil {
				a.Logger.Warn("result not sent", "error", err)
			}
			continue
		}
		opCtx, stop := context.WithCancel(ctx)
		mu.Lock()
		running[req.ID] = stop
		mu.Unlock()
		go func() {
			defer func() { <-admitted }()
			var res *Result
			var err error
			select {
			case slots <- struct{}{}:
				res, err = ops.exec(opCtx, req, out)
				<-slots
			case <-opCtx.Done():
				err = opCtx.Err()
			}
			mu.Lock()
			delete(running, req.ID)
			mu.Unlock()
			stop()
			if err != nil {
				a.Logger.Info("operation failed", "profile", req.Profile, "action", req.Action, "error", err)
			}
			if err := out.finish(res, err); err != nil {
				a.Logger.Warn("result not sent", "error", err)
			}
		}()
	}
}

// send writes one message within a heartbeat's time.
func (a *Agent) send(ctx context.Context, c *websocket.Conn, m Message) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return c.Write(ctx, websocket.MessageText, b)
}

// operations runs the server's requests on the agent's profiles: an exec
// on a database profile, an http request on an HTTP profile.
type operations struct {
	db   *databases
	http *httpServices
}

// exec runs one request; the rows of a statement and the body of an
// HTTP response go to out.
func (o *operations) exec(ctx context.Context, r *Request, out *resultStream) (*Result, error) {
	if r.Type == TypeHTTP {
		return o.http.exec(ctx, r, out)
	}
	return o.db.exec(ctx, r, out)
}

func (o *operations) close() {
	o.db.close()
	o.http.close()
}
