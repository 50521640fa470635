package engine

import "github.com/partnerd/partnerd"

// Provider returns the provider of the call's step.
func (c *Call) Provider() string { return c.step.provider() }

// StepNumber returns the number of the call's step in its recipe.
func (c *Call) StepNumber() int { return c.step.Number }

// ServedBy records that the on-prem agent id, named name, served the call;
// the step's line names it.
func (c *Call) ServedBy(id int64, name string) {
	c.agent = &partnerd.LineAgent{ID: id, Name: name}
}

// JobID returns the id of the job that runs the call.
func (c *Call) JobID() int64 { return c.run.job.Job.ID }

// RecipeID returns the id of the recipe whose job runs the call.
func (c *Call) RecipeID() int64 { return c.run.job.Recipe.ID }

// ConnectionID returns the id of the connection that the recipe's config
// gives the step's provider, or 0 when the config gives it none.
func (c *Call) ConnectionID() int64 {
	provider := c.Provider()
	for _, cfg := range c.run.job.Recipe.Config {
		if cfg.Provider == provider && cfg.AccountID != nil {
			return *cfg.AccountID
		}
	}
	return 0
}
