package http

import (
	"slices"
	"testing"

	"github.com/partnerd/partnerd"
)

// FuzzMemberBody checks that any body of a member create, update or
// invitation decodes to a member whose env_roles, when accepted, name
// known environments once each with dev among them, or is a client error.
func FuzzMemberBody(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"name":"John","email":"john@partner.test","role_name":"Admin"}`,
		`{"env_roles":[{"environment_type":"dev","name":"Reviewer"},{"environment_type":"PROD","name":"Analyst"}]}`,
		`{"env_roles":[{"environment_type":"dev","name":"A"},{"environment_type":"dev","name":"B"}]}`,
		`{"env_roles":[{"environment_type":"qa","name":"A"}]}`, `{"env_roles":null,"role_name":null}`, `{"env_roles":"dev"}`,
		`{"oauth_id":"x","time_zone":7}`, `{"external_id":null,"email":" "}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in memberInput
		if err := decodeJSON(body, &in); err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		m := in.newMember()
		v := partnerd.Validation{}
		in.assignRole(m, v)
		if len(v) > 0 || len(m.EnvRoles) == 0 {
			return
		}
		seen := map[string]bool{}
		for _, er := range m.EnvRoles {
			if !slices.Contains(memberEnvironments, er.EnvironmentType) || seen[er.EnvironmentType] {
				t.Fatalf("%q: env_roles %+v accepted", body, m.EnvRoles)
			}
			seen[er.EnvironmentType] = true
		}
		if !seen[devEnvironment] {
			t.Fatalf("%q: env_roles %+v without dev accepted", body, m.EnvRoles)
		}
	})
}
