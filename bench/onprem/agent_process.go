package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/agent"
)

// runAgentProcess is this command run as the agent's process: "onprem
// agent -server URL -state DIR -config FILE". It answers its standard
// input: "reset" starts new peaks, "peak" prints the heap and resident
// peaks since, the first "reset" before any "peak".
func runAgentProcess(args []string) {
	fs := flag.NewFlagSet("agent", flag.ExitOnError)
	server := fs.String("server", "", "the agent listener")
	state := fs.String("state", "", "the enrolled state directory")
	config := fs.String("config", "", "config.yml")
	fs.Parse(args)
	b, err := os.ReadFile(*config)
	must(err)
	databases, err := agent.ParseDatabases(b)
	must(err)
	a := &agent.Agent{Server: *server, StateDir: *state, Version: "bench", Databases: databases,
		Profiles: []partnerd.OnPremProfile{{Name: "bench_db", Provider: "postgresql", Type: "Database"}}}
	go func() { log.Fatal(a.Run(context.Background())) }()
	var w *heapWatch // started by the first reset, after the timed cases
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		switch in.Text() {
		case "reset":
			if w == nil {
				w = watchHeap()
			}
			w.reset()
			fmt.Println("ok")
		case "peak":
			f := w.read()
			fmt.Println(f.heap, f.rss)
		}
	}
	os.Exit(0)
}

// agentProcess is the agent's process, seen from the bench.
type agentProcess struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

// startAgentProcess runs this command again as an enrolled agent.
func startAgentProcess(server, state, config string) *agentProcess {
	self, err := os.Executable()
	must(err)
	cmd := exec.Command(self, "agent", "-server", server, "-state", state, "-config", config)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	must(err)
	out, err := cmd.StdoutPipe()
	must(err)
	must(cmd.Start())
	return &agentProcess{cmd: cmd, in: in, out: bufio.NewScanner(out)}
}

// ask sends a line and returns the answer's.
func (p *agentProcess) ask(line string) string {
	fmt.Fprintln(p.in, line)
	if !p.out.Scan() {
		log.Fatal("the agent process ended")
	}
	return p.out.Text()
}

// reset starts new peaks in the agent's process.
func (p *agentProcess) reset() { p.ask("reset") }

// read returns the agent process's peaks since the last reset.
func (p *agentProcess) read() figures {
	var f figures
	fmt.Sscan(p.ask("peak"), &f.heap, &f.rss)
	return f
}

// stop ends the agent's process.
func (p *agentProcess) stop() {
	p.in.Close()
	p.cmd.Wait()
}
