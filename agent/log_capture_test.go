package agent

import (
	"context"
	"log/slog"
	"sync"
)

// logCapture is a log handler that keeps one attribute of the records
// with one message, such as the reasons of "agent disconnected".
type logCapture struct {
	message, key string
	mu           sync.Mutex
	list         []string
}

func (l *logCapture) Enabled(context.Context, slog.Level) bool { return true }
func (l *logCapture) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logCapture) WithGroup(string) slog.Handler            { return l }

func (l *logCapture) Handle(_ context.Context, r slog.Record) error {
	if r.Message != l.message {
		return nil
	}
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == l.key {
			l.mu.Lock()
			l.list = append(l.list, a.Value.String())
			l.mu.Unlock()
		}
		return true
	})
	return nil
}

// values returns the values kept so far.
func (l *logCapture) values() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.list...)
}
