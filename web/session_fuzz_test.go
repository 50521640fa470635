package web

import (
	"testing"
	"time"
)

// FuzzOpenCookie feeds the session cookie reader arbitrary values: it must
// not panic, and only a value it sealed itself opens.
func FuzzOpenCookie(f *testing.F) {
	c := NewConsole()
	now := time.Unix(1_800_000_000, 0)
	c.Now = func() time.Time { return now }
	hash := "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	sealed := c.sealCookie(hash)
	f.Add(sealed)
	f.Add("")
	f.Add(".")
	f.Add("AAAA.BBBB")
	f.Add(sealed + "x")
	f.Fuzz(func(t *testing.T, value string) {
		got, ok := c.openCookie(value)
		if ok && (value != sealed || got != hash) {
			t.Fatalf("%q opened as %q", value, got)
		}
	})
}
