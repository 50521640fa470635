package agent

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// testCSR returns a PEM certificate request of a fresh key.
func testCSR(tb testing.TB) string {
	tb.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "x"}}, key)
	if err != nil {
		tb.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}

func TestDecodeMessage(t *testing.T) {
	for _, tt := range []struct {
		in   string
		ok   bool
		want Message
	}{
		{`{"type":"heartbeat"}`, true, Message{Type: TypeHeartbeat}},
		{`{"type":"hello","version":"1.0","profiles":[{"name":"CRM","provider":"oracle","type":"Database"}]}`, true,
			Message{Type: TypeHello, Version: new("1.0"), Profiles: []partnerd.OnPremProfile{{Name: "CRM", Provider: "oracle", Type: "Database"}}}},
		{`{"type":"hello"}`, true, Message{Type: TypeHello, Profiles: []partnerd.OnPremProfile{}}},
		{`{"type":"hello","profiles":[{"name":"CRM"}]}`, false, Message{}},
		{`{"type":"bye"}`, false, Message{}},
		{`{"type":"heartbeat"} {}`, false, Message{}},
		{`[]`, false, Message{}},
		{`{"type":1}`, false, Message{}},
		{`{"type":"result","id":1,"result":{"columns":["a","b"],"kinds":["time","bytes"],"rows":[["x","y"]]}}`, true, Message{Type: TypeResult}},
		{`{"type":"result","id":1,"result":{"columns":["a","b"],"kinds":["time"],"rows":[["x","y"]]}}`, false, Message{}},
		{`{"type":"result","id":1,"result":{"columns":["a"],"kinds":["date"],"rows":[["x"]]}}`, false, Message{}},
		{`{"type":"result","id":1,"result":{"rows_affected":1,"last_insert_id":-1}}`, false, Message{}},
	} {
		got, err := DecodeMessage([]byte(tt.in))
		if (err == nil) != tt.ok || (tt.ok && (got.Type != tt.want.Type || len(got.Profiles) != len(tt.want.Profiles))) {
			t.Errorf("%s: %+v, %v", tt.in, got, err)
		}
	}
}

func TestDecodeEnrolRequest(t *testing.T) {
	fp := sha256.Sum256([]byte("ca"))
	code, _ := partnerd.NewOnPremActivationCode(fp[:])
	csr := testCSR(t)
	body, _ := json.Marshal(EnrolRequest{Code: code, CSR: csr})
	if _, err := DecodeEnrolRequest(body); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []EnrolRequest{{Code: code}, {CSR: csr}, {Code: code, CSR: strings.Replace(csr, "REQUEST", "", 2)}} {
		body, _ := json.Marshal(bad)
		if _, err := DecodeEnrolRequest(body); partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}

func TestParseProfiles(t *testing.T) {
	got, err := ParseProfiles([]byte("profiles:\n  - name: CRM-Oracle\n    provider: oracle\n    type: Database\n    host: ignored\n"))
	if err != nil || len(got) != 1 || got[0] != (partnerd.OnPremProfile{Name: "CRM-Oracle", Provider: "oracle", Type: "Database"}) {
		t.Errorf("profiles = %+v, %v", got, err)
	}
	if got, err := ParseProfiles([]byte("profiles: []\n")); err != nil || got == nil || len(got) != 0 {
		t.Errorf("an empty list = %+v, %v", got, err)
	}
	for _, bad := range []string{"profiles: 3", "profiles:\n  - name: x\n", "profiles: [\n", "- a\n"} {
		if _, err := ParseProfiles([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// FuzzDecodeMessage checks that any message of an agent decodes to a
// valid hello or heartbeat, or to a client error.
func FuzzDecodeMessage(f *testing.F) {
	for _, s := range []string{`{"type":"heartbeat"}`, `{"type":"hello","version":"1","profiles":[{"name":"a","provider":"b","type":"c"}]}`,
		`{"type":"hello","profiles":null}`, `{"type":"hello","version":null}`, `{"type":"hello","profiles":[{}]}`, ``, `null`, `{`, "\xff",
		`{"type":"result","id":1,"result":{"has_rows":true,"columns":["a"],"rows":[[1],[null]],"rows_affected":2}}`,
		`{"type":"result","id":2,"error":"profile \"x\" is not in this agent's config.yml"}`,
		`{"type":"result","id":3,"result":{"columns":["a"],"rows":[[1,2]]}}`, `{"type":"result","id":0,"error":"x"}`,
		`{"type":"result","id":4,"result":{"has_rows":true,"columns":["a","b"],"kinds":["time","bytes"],"rows":[["2026-01-02T03:04:05Z","/w=="]]}}`,
		`{"type":"result","id":5,"result":{"rows_affected":1,"last_insert_id":7}}`,
		`{"type":"rows","id":4,"seq":1,"columns":["a","b"],"rows":[[1,"x"],[null,{"k":[1]}]]}`, `{"type":"rows","id":4,"seq":2,"rows":[[1,2]]}`,
		`{"type":"rows","id":4,"seq":2,"columns":["a"],"rows":[[1]]}`, `{"type":"rows","id":4,"seq":0,"rows":[[1]]}`,
		`{"type":"rows","id":4,"seq":1,"rows":[[]]}`, `{"type":"rows","id":4,"seq":3,"rows":[[1],[1,2]]}`, `{"type":"rows","id":4,"seq":1,"rows":[]}`,
		`{"type":"result","id":4,"seq":2,"result":{"has_rows":true}}`, `{"type":"body","id":5,"seq":1,"body":"e30="}`,
		`{"type":"body","id":5,"seq":0,"body":"e30="}`, `{"type":"body","id":5,"seq":1,"body":""}`, `{"type":"body","id":5,"seq":1,"body":"!"}`,
		`{"type":"body","id":5,"seq":1,"body":"e30=","rows":[[1]]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeMessage(b)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", b, err)
			}
			return
		}
		if m.Type != TypeHello && m.Type != TypeHeartbeat && m.Type != TypeResult && m.Type != TypeRows && m.Type != TypeBody {
			t.Fatalf("%q decoded to type %q", b, m.Type)
		}
		if m.Type == TypeResult && m.validateResult() != nil {
			t.Fatalf("%q decoded to an invalid result", b)
		}
		if m.Type == TypeRows && (m.validateRows() != nil || m.Seq < 1 || len(m.Rows) == 0 || len(m.Rows) > chunkRows) {
			t.Fatalf("%q decoded to invalid rows", b)
		}
		if m.Type == TypeBody && (m.validateBody() != nil || m.Seq < 1 || len(m.Body) == 0 || len(m.Body) > chunkBytes || m.Rows != nil) {
			t.Fatalf("%q decoded to an invalid body", b)
		}
		p := partnerd.OnPremPresence{Connection: "c", Version: m.Version, Profiles: m.Profiles}
		if m.Type == TypeHello && p.Validate() != nil {
			t.Fatalf("%q decoded to an invalid hello", b)
		}
	})
}

// FuzzOperation feeds an operation the rows, body and result messages of an
// agent, one a line, as the server reads them: it ends with a fault or a
// result whose rows are as wide as its columns and no more than asked,
// never a panic.
func FuzzOperation(f *testing.F) {
	for _, s := range []string{
		`{"type":"rows","id":1,"seq":1,"columns":["a"],"rows":[[1],[2]]}` + "\n" + `{"type":"rows","id":1,"seq":2,"rows":[[3]]}` + "\n" +
			`{"type":"result","id":1,"result":{"has_rows":true,"columns":["a"],"rows":[[4]],"rows_affected":4}}`,
		`{"type":"rows","id":1,"seq":2,"rows":[[3]]}`,
		`{"type":"rows","id":1,"seq":1,"rows":[[]]}` + "\n" + `{"type":"result","id":1,"result":{"has_rows":false,"columns":["a"],"rows":[[1]]}}`,
		`{"type":"rows","id":1,"seq":1,"columns":["a"],"rows":[[1]]}` + "\n" + `{"type":"result","id":1,"result":{"http":{"status":200}}}`,
		`{"type":"result","id":1,"error":"x"}`,
	} {
		f.Add([]byte(s), false)
	}
	f.Add([]byte(`{"type":"body","id":1,"seq":1,"body":"e30="}`+"\n"+`{"type":"body","id":1,"seq":2,"body":"e30="}`+"\n"+
		`{"type":"result","id":1,"result":{"has_rows":false,"rows_affected":0,"http":{"status":200,"body":"e30="}}}`), true)
	f.Add([]byte(`{"type":"body","id":1,"seq":1,"body":"e30="}`+"\n"+`{"type":"result","id":1,"result":{"has_rows":true,"columns":["a"]}}`), true)
	f.Fuzz(func(t *testing.T, b []byte, http bool) {
		op := &operation{maxRows: 5, http: http}
		for _, line := range strings.Split(string(b), "\n") {
			m, err := DecodeMessage([]byte(line))
			if err != nil || (m.Type != TypeRows && m.Type != TypeBody && m.Type != TypeResult) {
				continue
			}
			if m.Type != TypeResult {
				if op.add(m, len(line)) != nil {
					return
				}
				continue
			}
			end := op.finish(m, len(line))
			if r := end.result; r != nil {
				if end.err != nil || len(r.Rows) > op.maxRows || (r.HTTP != nil) != http || r.HTTP != nil && len(r.HTTP.Body) > partnerd.OnPremMaxHTTPBody {
					t.Fatalf("%q ended as %+v", b, end)
				}
				for _, row := range r.Rows {
					if len(row) != len(r.Columns) {
						t.Fatalf("%q ended with a row of %d values for %d columns", b, len(row), len(r.Columns))
					}
				}
			} else if end.err == nil {
				t.Fatalf("%q ended with neither result nor error", b)
			}
			return
		}
	})
}

// FuzzEnrol sends any body to POST /enrol of a listener and checks that
// it is refused with a client error, never a panic or a server error.
func FuzzEnrol(f *testing.F) {
	fp := sha256.Sum256([]byte("ca"))
	code, _ := partnerd.NewOnPremActivationCode(fp[:])
	good, _ := json.Marshal(EnrolRequest{Code: code, CSR: testCSR(f)})
	for _, s := range []string{string(good), `{}`, `{"code":"x","csr":"y"}`, `{"csr":"-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"}`, ``, `[`} {
		f.Add([]byte(s))
	}
	s := &Server{Store: noCodes{}, Logger: slog.New(slog.DiscardHandler), auth: &authority{fingerprint: make([]byte, sha256.Size)}}
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := httptest.NewRecorder()
		s.handleEnrol(rec, httptest.NewRequest("POST", PathEnrol, strings.NewReader(string(body))))
		if rec.Code < 400 || rec.Code >= 500 {
			t.Fatalf("%q: %d %s", body, rec.Code, rec.Body)
		}
	})
}

// noCodes is a store that knows no activation code.
type noCodes struct{ partnerd.OnPremService }

func (noCodes) RedeemOnPremActivationCode(context.Context, string) (*partnerd.OnPremAgent, error) {
	return nil, partnerd.ErrNotFound()
}

// FuzzParseProfiles checks that any profiles file parses to valid
// profiles or to an error.
func FuzzParseProfiles(f *testing.F) {
	for _, s := range []string{"profiles:\n  - name: a\n    provider: b\n    type: c\n", "", "profiles: []", "profiles: {a: 1}", "&a [*a]", "\xff",
		workatoConfig, "database:\n  x:\n    url: jdbc:db2://h/x\n", "database:\n  x:\n    adapter: [1]\n", "files: []\nhttp: {a: 1}\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		profiles, err := ParseProfiles(b)
		if err != nil {
			return
		}
		p := partnerd.OnPremPresence{Connection: "c", Profiles: profiles}
		if p.Validate() != nil {
			t.Fatalf("%q parsed to invalid profiles %+v", b, profiles)
		}
	})
}
