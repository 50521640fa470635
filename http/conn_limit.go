package http

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/netip"
	"sync"
	"time"
)

// ConnLimits caps the connections a listener holds at once.
type ConnLimits struct {
	Max     int                   // in all; 0 is no cap
	PerAddr int                   // per remote address; 0 is no cap
	Exempt  func(netip.Addr) bool // addresses counted only in Max, such as trusted proxies
	// TLSConfig is what the listener's connections speak, when it is TLS,
	// so that a refusal is readable.
	TLSConfig *tls.Config
}

// The bounds of refusing a connection: how long a refusal may take, and
// how many may be under way at once (past that, a connection is closed
// without an answer).
const (
	refusalTime     = 2 * time.Second
	refusalsAtOnce  = 64
	refusalDrainMax = 64 << 10
)

// LimitListener wraps l, a TCP listener beneath any TLS, so that a
// connection past limits is answered 503 with Workato's error body and
// Retry-After, and closed.
func LimitListener(l net.Listener, limits ConnLimits) net.Listener {
	return &limitListener{Listener: l, limits: limits, perAddr: map[netip.Prefix]int{},
		refusals: make(chan struct{}, refusalsAtOnce)}
}

type limitListener struct {
	net.Listener
	limits   ConnLimits
	mu       sync.Mutex
	total    int
	perAddr  map[netip.Prefix]int // by addressGroup
	refusals chan struct{}
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if group, counted, ok := l.acquire(remoteAddr(c)); ok {
			return &limitConn{Conn: c, release: sync.OnceFunc(func() { l.release(group, counted) })}, nil
		}
		select {
		case l.refusals <- struct{}{}:
			go func() {
				defer func() { <-l.refusals }()
				l.refuse(c)
			}()
		default:
			c.Close()
		}
	}
}

// acquire counts a connection from addr, unless it is past a cap, and
// returns the group it counts under, when it counts (an exempt address
// counts only in Max).
func (l *limitListener) acquire(addr netip.Addr) (group netip.Prefix, counted, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.limits.Max > 0 && l.total >= l.limits.Max {
		return group, false, false
	}
	if l.limits.PerAddr > 0 && (l.limits.Exempt == nil || !l.limits.Exempt(addr)) {
		group, counted = addressGroup(addr), true
		if l.perAddr[group] >= l.limits.PerAddr {
			return group, false, false
		}
		l.perAddr[group]++
	}
	l.total++
	return group, counted, true
}

// release uncounts a connection that acquire counted.
func (l *limitListener) release(group netip.Prefix, counted bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if !counted {
		return
	}
	if n := l.perAddr[group]; n <= 1 {
		delete(l.perAddr, group)
	} else {
		l.perAddr[group] = n - 1
	}
}

// refuse reads the head of the request on c, answers 503 and closes c
// once the client has read the answer and closed, or refusalTime has
// passed. An answer before the request would be one the client never
// asked for, which clients discard.
func (l *limitListener) refuse(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(refusalTime))
	rw := c
	if l.limits.TLSConfig != nil {
		rw = tls.Server(c, l.limits.TLSConfig)
	}
	if !readHead(rw) {
		return
	}
	if _, err := rw.Write(refusalResponse); err != nil {
		return
	}
	if cw, ok := c.(interface{ CloseWrite() error }); ok && l.limits.TLSConfig == nil {
		cw.CloseWrite()
	}
	io.Copy(io.Discard, io.LimitReader(rw, refusalDrainMax)) // So that closing does not reset the answer.
}

// readHead reads from r until the blank line that ends a request's head,
// and reports whether it came within refusalDrainMax bytes.
func readHead(r io.Reader) bool {
	buf := make([]byte, 0, 4096)
	for len(buf) < refusalDrainMax {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if bytes.Contains(buf[max(0, len(buf)-n-3):], []byte("\r\n\r\n")) {
			return true
		}
		if err != nil {
			return false
		}
	}
	return false
}

// refusalResponse is the answer to a connection past a cap.
var refusalResponse = func() []byte {
	body, _ := marshalJSON(errorBody{Message: "Too many connections; retry later"})
	return fmt.Appendf(nil, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s",
		len(body), body)
}()

// addressGroup is what a cap per address counts an address under: an
// IPv4 address itself, an IPv6 address by its /64, which one host
// commonly holds whole.
func addressGroup(a netip.Addr) netip.Prefix {
	bits := a.BitLen()
	if a.Is6() {
		bits = 64
	}
	p, _ := a.Prefix(bits)
	return p
}

// remoteAddr returns the IP address of c's peer.
func remoteAddr(c net.Conn) netip.Addr {
	if ap, err := netip.ParseAddrPort(c.RemoteAddr().String()); err == nil {
		return ap.Addr().Unmap()
	}
	return netip.Addr{}
}

// limitConn uncounts itself once when it closes.
type limitConn struct {
	net.Conn
	release func()
}

func (c *limitConn) Close() error {
	c.release()
	return c.Conn.Close()
}

// CloseWrite half-closes the connection beneath, as net/http does after
// some of its answers so that the client reads them before the close.
func (c *limitConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// Unwrap returns the connection beneath.
func (c *limitConn) Unwrap() net.Conn { return c.Conn }
