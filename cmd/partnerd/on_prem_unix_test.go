//go:build unix

package main

import (
	"os"
	"syscall"
)

func init() {
	pauseProcess = func(p *os.Process, stop bool) error {
		if stop {
			return p.Signal(syscall.SIGSTOP)
		}
		return p.Signal(syscall.SIGCONT)
	}
}
