// Package child builds partnerd and runs it as a child process on
// loopback, for the benchmarks that measure it from outside.
package child

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/partnerd/partnerd/bench/procmem"
)

// Build builds partnerd from the checkout into dir, unless binary names
// one already, and returns the binary's path. It runs from the
// repository root.
func Build(binary, dir string) (string, error) {
	if binary != "" {
		return binary, nil
	}
	binary = filepath.Join(dir, "partnerd")
	cmd := exec.Command("go", "build", "-o", binary, "./cmd/partnerd")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build partnerd (run from the repository root): %w", err)
	}
	return binary, nil
}

// Server is a partnerd serve process.
type Server struct {
	Addr    string // where it serves the API
	LogPath string // its standard output and error
	cmd     *exec.Cmd
	done    chan struct{}
}

// Start runs binary serve on dsn, with its API and agent listeners on
// free loopback ports, its account's token bootstrapped and its log in
// dir, and waits until /readyz answers 200 (60 s at most). args are more
// flags of serve.
func Start(binary, dsn, dir, token string, args ...string) (*Server, error) {
	addrs := make([]string, 2)
	for i := range addrs {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		addrs[i] = l.Addr().String()
		l.Close()
	}
	logPath := filepath.Join(dir, "partnerd.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(binary, append([]string{"serve", "--db", dsn, "--addr", addrs[0], "--agent-addr", addrs[1]}, args...)...)
	cmd.Env = append(os.Environ(), "PARTNERD_BOOTSTRAP_TOKEN="+token)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	s := &Server{Addr: addrs[0], LogPath: logPath, cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); logFile.Close(); close(s.done) }()
	hc := &http.Client{Timeout: 5 * time.Second}
	for range 600 {
		if s.Exited() {
			return nil, fmt.Errorf("partnerd exited at its start; see %s", logPath)
		}
		if res, err := hc.Get(s.URL() + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.Stop()
	return nil, fmt.Errorf("partnerd was not ready within 60s; see %s", logPath)
}

// URL returns the base URL of the API.
func (s *Server) URL() string { return "http://" + s.Addr }

// Exited reports whether the process has ended.
func (s *Server) Exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// Stop ends the process with SIGTERM, and kills it past 40 s.
func (s *Server) Stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(40 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// Memory returns the resident memory of the process now and at its peak,
// in bytes; zero when it cannot be read.
func (s *Server) Memory() (rss, peak int64) {
	rss, peak, _ = procmem.Read(s.cmd.Process.Pid)
	return rss, peak
}
