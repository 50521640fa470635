package agent

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/partnerd/partnerd"
	"go.yaml.in/yaml/v3"
)

// ParseProfiles reads an agent's profiles file: YAML with a list under
// "profiles", each with a name, a provider and a type. Other keys are
// ignored; an empty file has no profiles.
func ParseProfiles(b []byte) ([]partnerd.OnPremProfile, error) {
	var file struct {
		Profiles []partnerd.OnPremProfile `yaml:"profiles"`
	}
	if err := yaml.NewDecoder(bytes.NewReader(b)).Decode(&file); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("profiles: %w", err)
	}
	if file.Profiles == nil {
		file.Profiles = []partnerd.OnPremProfile{}
	}
	p := partnerd.OnPremPresence{Connection: "-", Profiles: file.Profiles}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("profiles: each needs a name and a provider of at most 255 characters, and there may be %d: %w",
			partnerd.MaxOnPremProfiles, err)
	}
	return file.Profiles, nil
}
