//go:build linux

package main

import (
	"io"
	"syscall"
)

// canDrop says that dropOnSocket works here.
const canDrop = true

// dropOnSocket drops up to n bytes that have arrived on the socket without
// copying them (recv with MSG_TRUNC, which TCP reads as "discard"), waiting
// for some when none has, and returns how many it dropped.
func dropOnSocket(raw syscall.RawConn, n int64) (int64, error) {
	var dropped int64
	var errno syscall.Errno
	err := raw.Read(func(fd uintptr) bool {
		r, _, e := syscall.Syscall6(syscall.SYS_RECVFROM, fd, 0, uintptr(min(n, 1<<30)),
			syscall.MSG_TRUNC|syscall.MSG_DONTWAIT, 0, 0)
		if e == syscall.EAGAIN || e == syscall.EINTR {
			return false
		}
		dropped, errno = int64(r), e
		return true
	})
	switch {
	case err != nil:
		return 0, err
	case errno != 0:
		return 0, errno
	case dropped == 0:
		return 0, io.ErrUnexpectedEOF
	}
	return dropped, nil
}
