package http

import (
	"bytes"
	"testing"
	"testing/iotest"
)

// FuzzReadHead checks that the end of a request's head is found however
// the bytes arrive, and only within the bound.
func FuzzReadHead(f *testing.F) {
	f.Add([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
	f.Add([]byte("GET / HTTP/1.1\r\nHost: x\r\n"))
	f.Add([]byte("\r\n\r"))
	f.Fuzz(func(t *testing.T, b []byte) {
		end := bytes.Index(b, []byte("\r\n\r\n"))
		want := end >= 0 && end+4 <= refusalDrainMax
		if got := readHead(bytes.NewReader(b)); got != want {
			t.Errorf("whole: %v, want %v", got, want)
		}
		if got := readHead(iotest.OneByteReader(bytes.NewReader(b))); got != want {
			t.Errorf("byte by byte: %v, want %v", got, want)
		}
	})
}
