package partnerd

import "strings"

// Environment types of a provisioned customer, as its workspaces carry them.
const (
	EnvironmentDev  = "DEV"
	EnvironmentTest = "TEST"
	EnvironmentProd = "PROD"
)

// ParseEnvironmentType reads an environment type in any case (dev, test,
// prod, or their full names) and returns DEV, TEST or PROD.
func ParseEnvironmentType(s string) (string, bool) {
	for _, env := range EnvironmentTypes {
		if strings.EqualFold(s, env[1]) || strings.EqualFold(s, env[0]) {
			return env[1], true
		}
	}
	return "", false
}

// ErrEnvironmentsNotProvisioned is the refusal of a deployment route in a
// workspace without environments.
func ErrEnvironmentsNotProvisioned() *Error {
	return &Error{Code: EINVALID, Message: "Environments not provisioned"}
}
