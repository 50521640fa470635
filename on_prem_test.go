package partnerd_test

import (
	"bytes"
	"crypto/sha256"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

func TestOnPremAgentState(t *testing.T) {
	for _, tt := range []struct {
		agent partnerd.OnPremAgent
		want  string
	}{
		{partnerd.OnPremAgent{AwaitingSetup: true}, partnerd.OnPremAwaitingSetup},
		{partnerd.OnPremAgent{AwaitingSetup: true, Active: true}, partnerd.OnPremActive},
		{partnerd.OnPremAgent{Active: true}, partnerd.OnPremActive},
		{partnerd.OnPremAgent{}, partnerd.OnPremInactive},
	} {
		if got := tt.agent.State(); got != tt.want {
			t.Errorf("%+v: state %s, want %s", tt.agent, got, tt.want)
		}
	}
}

func TestOnPremActivationCode(t *testing.T) {
	fingerprint := sha256.Sum256([]byte("ca"))
	code, hash := partnerd.NewOnPremActivationCode(fingerprint[:])
	gotHash, gotFP, err := partnerd.ParseOnPremActivationCode(" " + code + "\n")
	if err != nil || gotHash != hash || !bytes.Equal(gotFP, fingerprint[:]) {
		t.Fatalf("parse %q = %q, %x, %v", code, gotHash, gotFP, err)
	}
	if other, otherHash := partnerd.NewOnPremActivationCode(fingerprint[:]); other == code || otherHash == hash {
		t.Error("two codes are the same")
	}
	secret, fp, _ := strings.Cut(code, ".")
	for _, bad := range []string{"", secret, secret + ".", "." + fp, secret[1:] + "." + fp, secret + "!." + fp[1:],
		secret + "." + fp[:10], secret + "." + fp + "AA", strings.Replace(code, secret[:1], "/", 1)} {
		if _, _, err := partnerd.ParseOnPremActivationCode(bad); partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Errorf("parse %q: %v, want EINVALID", bad, err)
		}
	}
}

// FuzzParseOnPremActivationCode checks that any code parses to a hash and
// a fingerprint of SHA-256 size, or to a client error.
func FuzzParseOnPremActivationCode(f *testing.F) {
	fingerprint := sha256.Sum256([]byte("ca"))
	code, _ := partnerd.NewOnPremActivationCode(fingerprint[:])
	for _, s := range []string{code, "", ".", "a.b", strings.Repeat("a", 32) + ".", "\xff.\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		hash, fp, err := partnerd.ParseOnPremActivationCode(s)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if len(hash) != 64 || len(fp) != sha256.Size {
			t.Fatalf("%q parsed to %q, %x", s, hash, fp)
		}
	})
}

func TestOnPremPresenceValidate(t *testing.T) {
	ok := partnerd.OnPremPresence{Connection: "c", Profiles: []partnerd.OnPremProfile{{Name: "CRM", Provider: "oracle"}}}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid presence: %v", err)
	}
	many := partnerd.OnPremPresence{Connection: "c", Profiles: make([]partnerd.OnPremProfile, partnerd.MaxOnPremProfiles+1)}
	for i := range many.Profiles {
		many.Profiles[i] = partnerd.OnPremProfile{Name: "p", Provider: "x"}
	}
	long := strings.Repeat("é", 256)
	for _, bad := range []partnerd.OnPremPresence{
		many,
		{Connection: "c", Profiles: []partnerd.OnPremProfile{{Name: long, Provider: "x"}}},
		{Connection: "c", Profiles: []partnerd.OnPremProfile{{Name: "n", Provider: "x", Type: "\x00"}}},
		{Connection: "c", Version: new(strings.Repeat("v", 101))},
	} {
		if err := bad.Validate(); partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Errorf("%.80v: %v, want EINVALID", bad, err)
		}
	}
}
