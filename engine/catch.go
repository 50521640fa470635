package engine

import (
	"errors"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// caughtError is the pill a catch gives its block: message and
// error_type, and for a failure that an app answered (a response outside
// 2xx, or a stubbed error) its status, and for a real response also its
// headers and its body as text, beside the message that holds them all.
func caughtError(err error) *formula.Hash {
	caught := formula.NewHash(5)
	caught.Set("message", formula.String(err.Error()))
	var httpErr *HTTPError
	var stubErr *partnerd.StubError
	switch {
	case errors.As(err, &httpErr):
		caught.Set("error_type", formula.String("HTTPError"))
		caught.Set("status", formula.Int(int64(httpErr.Status)))
		resp := httpResponse{Header: httpErr.Header}
		caught.Set("headers", resp.headers())
		caught.Set("body", formula.String(httpErr.Body))
	case errors.As(err, &stubErr):
		caught.Set("error_type", formula.String("HTTPError"))
		caught.Set("status", formula.Int(int64(stubErr.Status)))
		caught.Set("body", formula.String(stubErr.Message))
	default:
		caught.Set("error_type", formula.String("StepError"))
	}
	return caught
}
