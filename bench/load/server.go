package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	nethttp "net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/partnerd/partnerd/bench/procmem"
)

// process is a server this command started: partnerd or the bare server.
type process struct {
	name    string
	cmd     *exec.Cmd
	addr    string // where it serves HTTP
	started time.Time
	exited  chan struct{}
	logPath string
}

// startPartnerd starts `partnerd serve` on dsn, pinned to the server CPU
// when pin is set, with rate limits off.
func startPartnerd(binary, dsn, dir, synchronous string, pin bool) (*process, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	agentAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	args := []string{binary, "serve", "--db", dsn, "--addr", addr, "--agent-addr", agentAddr, "--rate-limits", "off"}
	if synchronous != "" {
		args = append(args, "--synchronous", synchronous)
	}
	env := append(cleanEnv(), "PARTNERD_BOOTSTRAP_TOKEN="+benchToken)
	p, err := startProcess("partnerd", args, env, filepath.Join(dir, "partnerd.log"), pin)
	if err != nil {
		return nil, err
	}
	p.addr = addr
	return p, nil
}

// startBare starts this command as the bare server of the captured
// answers, pinned like partnerd, and returns it with the address of its
// variant that fsyncs each write.
func startBare(dir, captures string, pin bool) (*process, string, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, "", err
	}
	env := append(cleanEnv(), stageEnv+"=bare", capturesEnv+"="+captures, fsyncEnv+"="+filepath.Join(dir, "bare-fsync.log"))
	p, err := startProcess("bare", []string{self}, env, filepath.Join(dir, "bare.log"), pin)
	if err != nil {
		return nil, "", err
	}
	// The bare server writes its two addresses on its first line.
	for range 500 {
		data, _ := os.ReadFile(p.logPath)
		if line, _, ok := strings.Cut(string(data), "\n"); ok {
			addrs := strings.Fields(line)
			if len(addrs) != 2 {
				p.stop()
				return nil, "", fmt.Errorf("the bare server says %q", line)
			}
			p.addr = addrs[0]
			return p, addrs[1], nil
		}
		select {
		case <-p.exited:
			return nil, "", fmt.Errorf("the bare server ended: %s", p.logTail())
		case <-time.After(10 * time.Millisecond):
		}
	}
	p.stop()
	return nil, "", errors.New("the bare server did not start within 5s")
}

// startProcess starts args with env, its output in logPath, under taskset
// on the server CPU when pin is set.
func startProcess(name string, args, env []string, logPath string, pin bool) (*process, error) {
	if pin {
		args = append([]string{"taskset", "-c", strconv.Itoa(serverCPU)}, args...)
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, logFile, logFile
	p := &process{name: name, cmd: cmd, exited: make(chan struct{}), logPath: logPath}
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	go func() {
		cmd.Wait()
		logFile.Close()
		close(p.exited)
	}()
	return p, nil
}

// cleanEnv returns the environment without the variables of this
// command's stages.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BENCH_LOAD_") {
			env = append(env, kv)
		}
	}
	return env
}

// freeAddr returns a loopback address with a port that is free now.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// waitReady polls GET /readyz until it answers 200 and returns the time
// from the start of the process.
func (p *process) waitReady(ctx context.Context) (time.Duration, error) {
	hc := &nethttp.Client{Transport: &nethttp.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	deadline := p.started.Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := hc.Get("http://" + p.addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == nethttp.StatusOK {
				return time.Since(p.started), nil
			}
		}
		select {
		case <-p.exited:
			return 0, fmt.Errorf("%s ended: %s", p.name, p.logTail())
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
	return 0, fmt.Errorf("%s was not ready within 60s: %s", p.name, p.logTail())
}

// stop ends the process with SIGTERM, then SIGKILL after 15s.
func (p *process) stop() error {
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(15 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
	}
	return nil
}

// logTail returns the end of the process's output.
func (p *process) logTail() string {
	data, _ := os.ReadFile(p.logPath)
	s := strings.TrimSpace(string(data))
	if len(s) > 2000 {
		s = "…" + s[len(s)-2000:]
	}
	return s
}

// memory returns the resident memory of the process now (VmRSS) and at
// its peak (VmHWM), in bytes.
func (p *process) memory() (rss, peak int64, err error) {
	return procmem.Read(p.cmd.Process.Pid)
}

// cpuTime returns the CPU time the process has used so far.
func (p *process) cpuTime() time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command's name, which ends with ")": utime and
	// stime are the 12th and 13th, in ticks of 1/100 s.
	_, rest, _ := strings.Cut(string(data), ") ")
	fields := strings.Fields(rest)
	if len(fields) < 13 {
		return 0
	}
	user, _ := strconv.ParseInt(fields[11], 10, 64)
	system, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(user+system) * 10 * time.Millisecond
}

// selfCPUTime returns the CPU time this process has used so far.
func selfCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
