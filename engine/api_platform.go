package engine

import (
	"context"

	"github.com/partnerd/partnerd/formula"
)

// apiPlatformProvider is Workato's API Platform: its trigger,
// receive_request, is an API endpoint's call; return_response ends the
// job with the response {http_status_code, response} as its result, and
// response_headers when the step gives a hash of them.
type apiPlatformProvider struct{}

func (apiPlatformProvider) Has(action string) bool  { return action == "return_response" }
func (apiPlatformProvider) SideEffects(string) bool { return false }

func (apiPlatformProvider) Action(_ context.Context, c *Call) (formula.Value, error) {
	status := numberField(c.Input, "http_status_code")
	if status == 0 {
		status = 200
	}
	if status < 100 || status > 599 {
		return formula.Value{}, stepFailed("http_status_code %d is not an HTTP status", status)
	}
	out := formula.NewHash(3)
	out.Set("http_status_code", formula.Int(status))
	out.Set("response", hashField(c.Input, "response"))
	if headers := hashField(c.Input, "response_headers"); headers.Kind() == formula.KindHash {
		out.Set("response_headers", headers)
	}
	v := formula.HashValue(out)
	return v, c.Return(v)
}
