package partnerd

import (
	"context"
	"strings"
	"unicode/utf8"
)

// Limits of account properties (Workato's environment property quotas).
const (
	MaxPropertyNameLength  = 100  // characters
	MaxPropertyValueLength = 1024 // characters
	MaxProperties          = 1000 // per workspace
)

// ValidateProperties checks the names and values of an upsert: every
// problem is named by its property; a blank name is named "properties".
func ValidateProperties(props map[string]string) error {
	v := Validation{}
	for name, value := range props {
		switch {
		case strings.TrimSpace(name) == "":
			v.Add("properties", "a property name can't be blank")
		case !ValidText(name):
			v.Add("properties", "a property name is invalid")
		case utf8.RuneCountInString(name) > MaxPropertyNameLength:
			v.Add(name, "name is too long (maximum is 100 characters)")
		}
		if !ValidText(value) {
			v.Add(name, "value is invalid")
		} else if utf8.RuneCountInString(value) > MaxPropertyValueLength {
			v.Add(name, "value is too long (maximum is 1024 characters)")
		}
	}
	return v.Err()
}

// PropertyService keeps the account properties of a workspace: names
// mapped to string values, which recipes read.
type PropertyService interface {
	// FindProperties returns the properties whose names start with prefix
	// ("" for all), by name: EINVALID for a prefix that is not ValidText.
	FindProperties(ctx context.Context, workspaceID int64, prefix string) (map[string]string, error)
	// UpsertProperties sets every property of props in one transaction,
	// all or none: EINVALID (ValidateProperties; more than MaxProperties
	// in the workspace once the new names are added, named "properties").
	UpsertProperties(ctx context.Context, workspaceID int64, props map[string]string) error
}
