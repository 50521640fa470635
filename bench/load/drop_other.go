//go:build !linux

package main

import (
	"errors"
	"syscall"
)

// canDrop says that dropOnSocket does not work here: bodies are read.
const canDrop = false

func dropOnSocket(syscall.RawConn, int64) (int64, error) {
	return 0, errors.New("dropping bytes on a socket needs Linux")
}
