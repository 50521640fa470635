package agent

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/partnerd/partnerd"
	"github.com/prometheus/client_golang/prometheus"
)

// StatusRevoked closes the connection of an agent that was deleted,
// disabled, or taken over by a newer connection of its certificate.
const StatusRevoked websocket.StatusCode = 4403

// Server is a replica's agent listener. Set its fields, then Open it.
type Server struct {
	Store  partnerd.OnPremService
	Logger *slog.Logger
	Now    partnerd.Clock
	// Heartbeat is the agents' heartbeat period; a connection silent for
	// three periods is closed. Zero is partnerd.OnPremHeartbeat.
	Heartbeat time.Duration
	// RequestTimeout bounds the reading and answering of each request, its
	// body included; an agent's connection is bounded by its heartbeats
	// instead. Zero is 40 s.
	RequestTimeout time.Duration
	// WrapListener, when set, wraps the TCP listener beneath TLS, such as
	// to cap its connections; tlsConfig is the TLS they speak.
	WrapListener func(l net.Listener, tlsConfig *tls.Config) net.Listener
	// AgentWait is how long an operation waits for an active agent of its
	// group; zero is DefaultAgentWait.
	AgentWait time.Duration
	// Listener, when set, is the TCP listener Open serves on instead of
	// listening on its addr, so that a caller can bind it early.
	Listener net.Listener
	// Relay, when set, runs the operations of a group with no agent on this
	// replica through an agent connected to another replica, by way of the
	// database they share.
	Relay partnerd.OnPremRelayService

	id        string // names this replica in the connections it records
	auth      *authority
	listener  net.Listener
	server    *http.Server
	ctx       context.Context
	cancel    context.CancelFunc
	mu        sync.Mutex
	closed    bool
	sessions  sync.WaitGroup
	seq       atomic.Int64
	connected atomic.Int64
	turn      atomic.Uint64      // the next agent in turn
	requests  atomic.Int64       // numbers the requests sent to agents
	live      map[int64]*session // by agent id; guarded by mu
	changed   chan struct{}      // closed when live changes; guarded by mu
}

// Open loads the agents' CA, which the store creates on the first start,
// listens on addr with TLS and serves in the background.
func (s *Server) Open(ctx context.Context, addr string) error {
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	if s.Heartbeat == 0 {
		s.Heartbeat = partnerd.OnPremHeartbeat
	}
	if s.RequestTimeout == 0 {
		s.RequestTimeout = 40 * time.Second
	}
	ca, err := s.Store.OnPremCA(ctx)
	if err != nil {
		return err
	}
	if s.auth, err = parseAuthority(ca); err != nil {
		return err
	}
	if s.listener = s.Listener; s.listener == nil {
		if s.listener, err = net.Listen("tcp", addr); err != nil {
			return err
		}
	}
	host, _, _ := net.SplitHostPort(s.listener.Addr().String())
	cert, err := s.auth.serverCertificate(host)
	if err != nil {
		s.listener.Close()
		return err
	}
	clientCAs := x509.NewCertPool()
	clientCAs.AddCert(s.auth.cert)
	s.id = partnerd.RandomString(8)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+PathEnrol, s.handleEnrol)
	mux.HandleFunc("GET "+PathConnect, s.handleConnect)
	s.server = &http.Server{
		Handler:           s.withDeadlines(mux),
		ReadHeaderTimeout: 10 * time.Second,
		// Backstops; withDeadlines sets each request's own.
		ReadTimeout:  10*time.Second + s.RequestTimeout,
		WriteTimeout: 10*time.Second + s.RequestTimeout,
		IdleTimeout:  120 * time.Second,
		ErrorLog:     slog.NewLogLogger(s.Logger.Handler(), slog.LevelInfo),
		BaseContext:  func(net.Listener) context.Context { return s.ctx },
	}
	// A certificate the CA did not sign fails the handshake itself.
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert},
		ClientAuth: tls.VerifyClientCertIfGiven, ClientCAs: clientCAs}
	l := s.listener
	if s.WrapListener != nil {
		l = s.WrapListener(l, tlsConfig)
	}
	go s.server.Serve(tls.NewListener(l, tlsConfig))
	if s.Relay != nil {
		s.sessions.Add(1)
		go s.serveRelays()
	}
	return nil
}

// withDeadlines bounds the reading of each request, body included, by
// RequestTimeout, and the writing of its answer by a second more, so that
// no client holds a connection by sending or reading slowly. An agent's
// WebSocket outlives them: net/http clears a connection's deadlines when
// it is hijacked, and heartbeats bound it from then on.
func (s *Server) withDeadlines(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		rc := http.NewResponseController(w)
		rc.SetReadDeadline(now.Add(s.RequestTimeout))
		rc.SetWriteDeadline(now.Add(s.RequestTimeout + time.Second))
		h.ServeHTTP(w, r)
	})
}

// Addr returns the address the listener listens on.
func (s *Server) Addr() net.Addr { return s.listener.Addr() }

// Connected returns the number of agents connected to this replica.
func (s *Server) Connected() int { return int(s.connected.Load()) }

// Collector returns the gauge of the agents connected to this replica.
func (s *Server) Collector() prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "partnerd_agents_connected", Help: "On-prem agents connected to this replica.",
	}, func() float64 { return float64(s.connected.Load()) })
}

// Close stops listening and ends every connection, recording in the store
// that their agents have gone.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	if s.server == nil {
		return nil
	}
	s.cancel()
	err := s.server.Close()
	s.sessions.Wait()
	return err
}

// handleEnrol handles POST /enrol: it uses up the activation code and signs
// the request's key into a client certificate whose subject CN is the
// agent's cn.
func (s *Server) handleEnrol(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxEnrolBody))
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr):
		writeJSON(w, http.StatusRequestEntityTooLarge, errorResponse{Message: "Request body is too large"})
		return
	case errors.Is(err, os.ErrDeadlineExceeded):
		writeJSON(w, http.StatusGatewayTimeout, errorResponse{Message: "Request timeout"})
		return
	case err != nil:
		writeJSON(w, http.StatusBadRequest, errorResponse{Message: "Bad request"})
		return
	}
	req, err := DecodeEnrolRequest(body)
	if err != nil {
		var perr *partnerd.Error
		errors.As(err, &perr)
		writeJSON(w, http.StatusBadRequest, errorResponse{Message: perr.Message, Errors: perr.Fields})
		return
	}
	hash, fingerprint, _ := partnerd.ParseOnPremActivationCode(req.Code)
	csr, _ := parseCSR(req.CSR)
	refused := errorResponse{Message: "The activation code is not valid: it is unknown, used or expired"}
	if !bytes.Equal(fingerprint, s.auth.fingerprint) {
		writeJSON(w, http.StatusForbidden, refused)
		return
	}
	a, err := s.Store.RedeemOnPremActivationCode(r.Context(), hash)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		s.Logger.Info("agent enrolment refused", "remote", r.RemoteAddr)
		writeJSON(w, http.StatusForbidden, refused)
		return
	}
	var der []byte
	if err == nil {
		der, err = s.auth.signClient(csr, a.CN)
	}
	if err != nil {
		s.Logger.Error("agent enrolment", "error", err)
		writeJSON(w, http.StatusInternalServerError, errorResponse{Message: "Server error"})
		return
	}
	s.Logger.Info("agent enrolled", "agent_id", a.ID, "cn", a.CN)
	writeJSON(w, http.StatusOK, EnrolResponse{CN: a.CN,
		Certificate:   string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		CACertificate: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.auth.cert.Raw}))})
}

// handleConnect handles GET /connect: the WebSocket of an agent whose
// client certificate the CA signed and whose agent exists and is enabled.
// A deleted agent gets 410, so that its process stops trying.
func (s *Server) handleConnect(w http.ResponseWriter, r *http.Request) {
	if r.TLS == nil || len(r.TLS.VerifiedChains) == 0 {
		writeJSON(w, http.StatusUnauthorized, errorResponse{Message: "A client certificate of this server's agent CA is required"})
		return
	}
	a, err := s.Store.FindOnPremAgentByCN(r.Context(), r.TLS.VerifiedChains[0][0].Subject.CommonName)
	switch {
	case partnerd.ErrorCode(err) == partnerd.ENOTFOUND:
		writeJSON(w, http.StatusGone, errorResponse{Message: "The agent of this certificate was deleted"})
		return
	case err != nil:
		s.Logger.Error("agent connect", "error", err)
		writeJSON(w, http.StatusInternalServerError, errorResponse{Message: "Server error"})
		return
	case !a.Enabled:
		writeJSON(w, http.StatusForbidden, errorResponse{Message: "The agent of this certificate is disabled"})
		return
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		writeJSON(w, http.StatusServiceUnavailable, errorResponse{Message: "The server is shutting down"})
		return
	}
	s.sessions.Add(1)
	s.mu.Unlock()
	defer s.sessions.Done()
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer c.CloseNow()
	c.SetReadLimit(maxChunkMessage)
	if err := s.serveAgent(c, a); err != nil {
		s.Logger.Info("agent disconnected", "agent_id", a.ID, "reason", err)
	}
}

// serveAgent reads the agent's hello, records its presence, and keeps it
// while heartbeats come; it ends the presence when the connection ends.
func (s *Server) serveAgent(c *websocket.Conn, a *partnerd.OnPremAgent) error {
	connection := s.id + ":" + strconv.FormatInt(s.seq.Add(1), 10)
	silence := 3 * s.Heartbeat
	msg, _, err := s.read(c, silence)
	if err != nil {
		return err
	}
	if msg.Type != TypeHello {
		c.Close(websocket.StatusPolicyViolation, "the first message must be hello")
		return errors.New("no hello")
	}
	// Counted before its presence is recorded, so that an agent the store
	// shows active is always counted on its replica.
	s.connected.Add(1)
	defer s.connected.Add(-1)
	deadline := s.Now.Now().Add(silence)
	err = s.Store.ConnectOnPremAgent(s.ctx, a.ID, partnerd.OnPremPresence{Connection: connection,
		Version: msg.Version, Profiles: msg.Profiles, Deadline: &deadline})
	if err != nil {
		c.Close(StatusRevoked, "refused")
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Store.DisconnectOnPremAgent(ctx, a.ID, connection); err != nil {
			s.Logger.Error("agent disconnect", "agent_id", a.ID, "error", err)
		}
	}()
	s.Logger.Info("agent connected", "agent_id", a.ID, "connection", connection, "version", msg.Version)
	sess := s.register(c, a)
	defer s.unregister(sess)
	// The presence is written at most once a second, or per fifth of a
	// shorter heartbeat period: an agent that floods heartbeats or hellos
	// costs the store no more than one that keeps to its period. A
	// heartbeat sooner is skipped, a hello waits its turn.
	every := min(s.Heartbeat/5, time.Second)
	written := time.Now()
	for {
		msg, size, err := s.read(c, silence)
		if err != nil {
			return err
		}
		if msg.Type == TypeRows || msg.Type == TypeBody || msg.Type == TypeResult {
			s.deliver(sess, msg, size)
			continue
		}
		if wait := every - time.Since(written); wait > 0 {
			if msg.Type != TypeHello {
				continue
			}
			select {
			case <-time.After(wait):
			case <-s.ctx.Done():
				return s.ctx.Err()
			}
		}
		written = time.Now()
		deadline := s.Now.Now().Add(silence)
		if msg.Type == TypeHello {
			err = s.Store.ConnectOnPremAgent(s.ctx, a.ID, partnerd.OnPremPresence{Connection: connection,
				Version: msg.Version, Profiles: msg.Profiles, Deadline: &deadline})
		} else {
			err = s.Store.TouchOnPremAgent(s.ctx, a.ID, connection, deadline)
		}
		if code := partnerd.ErrorCode(err); code == partnerd.ENOTFOUND || code == partnerd.ESTATE {
			c.Close(StatusRevoked, "the agent was deleted or disabled")
			return errors.New("revoked")
		} else if err != nil {
			return err
		}
	}
}

// read waits up to timeout for the agent's next message and returns it
// with its size; a message that does not decode closes the connection.
func (s *Server) read(c *websocket.Conn, timeout time.Duration) (*Message, int, error) {
	ctx, cancel := context.WithTimeout(s.ctx, timeout)
	defer cancel()
	typ, data, err := c.Read(ctx)
	if err != nil {
		return nil, 0, err
	}
	msg, err := DecodeMessage(data)
	// Only rows, body and result messages may be larger than maxMessage.
	if err == nil && msg.Type != TypeRows && msg.Type != TypeBody && msg.Type != TypeResult && len(data) > maxMessage {
		err = errors.New("message too large")
	}
	if typ != websocket.MessageText || err != nil {
		c.Close(websocket.StatusUnsupportedData, "not a message of the agent protocol")
		return nil, 0, errors.New("bad message")
	}
	return msg, len(data), nil
}

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
