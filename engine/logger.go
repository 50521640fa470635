package engine

import (
	"context"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// loggerProvider is Workato's Logger: log_message writes its message to
// the job's line and to the server's log.
type loggerProvider struct{ e *Engine }

func (loggerProvider) Has(action string) bool  { return action == "log_message" }
func (loggerProvider) SideEffects(string) bool { return false }

func (p loggerProvider) Action(ctx context.Context, c *Call) (formula.Value, error) {
	msg := hashField(c.Input, "message").String()
	level := hashField(c.Input, "log_level").String()
	p.e.logger().InfoContext(ctx, "recipe log", "job", partnerd.JobRef(c.run.job.Job.ID),
		"recipe", c.run.job.Recipe.ID, "level", level, "message", msg)
	out := formula.NewHash(1)
	out.Set("message", formula.String(msg))
	return formula.HashValue(out), nil
}
