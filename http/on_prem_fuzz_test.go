package http

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/mock"
)

// FuzzOnPremInput checks that any body of a group or agent create or
// update, and of the presence test helper, decodes to a value or a client
// error, and that an agent update applies without a panic.
func FuzzOnPremInput(f *testing.F) {
	for _, s := range []string{``, `null`, `{}`, `[]`, `{"name":"CRM server"}`, `{"name":null}`, `{"name":7}`,
		`{"name":"US-west-1","os":"windows","on_prem_group_id":"50","awaiting_setup":"False"}`, `{"on_prem_group_id":null,"enabled":0}`,
		`{"enabled":"maybe"}`, `{"active":true,"version":"1","profiles":[{"name":"a","provider":"b","type":"c"}]}`,
		`{"active":"1","profiles":null}`, `{"profiles":[1]}`, `{"os":`, "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var group onPremGroupInput
		if err := decodeJSON(body, &group); err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: %v", body, err)
		}
		var agent onPremAgentInput
		if err := decodeJSON(body, &agent); err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", body, err)
			}
		} else {
			a := &partnerd.OnPremAgent{Name: "A", OS: "mac", GroupID: 1, Enabled: true}
			agent.update().Apply(a)
			if agent.Enabled.Set && !agent.Enabled.Null && a.Enabled != bool(agent.Enabled.Value) {
				t.Fatalf("%q: enabled was not applied", body)
			}
		}
		var presence testPresenceInput
		if err := decodeJSON(body, &presence); err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: %v", body, err)
		}
	})
}

// fakeOnPrem validates what the handlers give it and stores nothing.
type fakeOnPrem struct{ partnerd.OnPremService }

func (fakeOnPrem) CreateOnPremGroup(_ context.Context, _ int64, g *partnerd.OnPremGroup) error {
	return g.Validate()
}

func (fakeOnPrem) CreateOnPremAgent(_ context.Context, _ int64, a *partnerd.OnPremAgent) error {
	return a.Validate()
}

func (fakeOnPrem) UpdateOnPremAgent(_ context.Context, _, id int64, upd partnerd.OnPremAgentUpdate) (*partnerd.OnPremAgent, error) {
	a := &partnerd.OnPremAgent{ID: id, Name: "A", OS: "mac", GroupID: 1, Enabled: true}
	upd.Apply(a)
	return a, a.Validate()
}

// FuzzOnPremCreate sends any body to the Developer routes that create and
// update groups and agents, and checks that the answer is never a server
// error.
func FuzzOnPremCreate(f *testing.F) {
	for _, s := range []string{`{"name":"CRM server"}`, `{"name":"A","os":"linux","on_prem_group_id":1}`,
		`{"name":"A","os":"LINUX","on_prem_group_id":"-1","awaiting_setup":null}`, `{"enabled":false}`, `{"os":""}`} {
		f.Add(s)
	}
	s := NewServer()
	s.Auth = mock.AdminCaller(1)
	s.OnPrem = fakeOnPrem{}
	f.Fuzz(func(t *testing.T, body string) {
		for _, target := range []string{"POST /api/on_prem_groups", "POST /api/on_prem_agents", "PUT /api/on_prem_agents/7"} {
			method, path, _ := strings.Cut(target, " ")
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(method, path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer x")
			s.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s %q: %d %s", target, body, rec.Code, rec.Body)
			}
		}
	})
}
