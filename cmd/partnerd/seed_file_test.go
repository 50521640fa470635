package main

import (
	"os"
	"strings"
	"testing"
)

// TestParseSeedErrors checks that a bad file's error names its line.
func TestParseSeedErrors(t *testing.T) {
	const account = "accounts:\n  - name: P\n    email: p@example.com\n    token: wrkaus-0123456789012345678901234567890\n"
	for _, tt := range []struct{ name, file, want string }{
		{"empty", "", "s.yaml: the file is empty"},
		{"syntax", "accounts: [\n  {name: x\n", "s.yaml:1: did not find"},
		{"not a mapping", "- 1\n", "s.yaml:1: want a mapping"},
		{"no accounts", "accounts: []\n", "s.yaml:1: the seed has no accounts"},
		{"unknown top field", "acounts: []\n", `s.yaml:1: unknown field "acounts"`},
		{"unknown field", account + "    customer: []\n", `s.yaml:5: unknown field "customer"`},
		{"wrong type", account + "    customers: 7\n", "s.yaml:5:"},
		{"short token", "accounts:\n  - name: P\n    email: p@example.com\n    token: wrkaus-x\n", "s.yaml:2: account P needs a token"},
		{"unknown role", account + "    clients:\n      - name: CI\n        token: wrkaus-abcdefghijabcdefghijabcdefghij\n        role: Ops\n", `s.yaml:6: client CI has the role "Ops"`},
		{"unknown parent", account + "    customers:\n      - name: A\n        folders:\n          - name: B\n            parent: C\n", `s.yaml:8: folder B has the parent "C"`},
		{"unknown connection", account + "    customers:\n      - name: A\n        recipes:\n          - name: R\n            config: {salesforce: CRM}\n", `s.yaml:8: recipe R uses the connection "CRM"`},
	} {
		_, err := ParseSeed("s.yaml", []byte(tt.file))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestParseSeedJSON checks that a JSON seed reads as its YAML twin does.
func TestParseSeedJSON(t *testing.T) {
	s, err := ParseSeed("s.json", []byte(`{"accounts": [
  {"name": "P", "email": "p@example.com", "token": "wrkaus-0123456789012345678901234567890",
   "customers": [{"name": "Acme", "folders": [{"name": "Sales"}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	cu := s.Accounts[0].Customers[0]
	if cu.Name != "Acme" || cu.Line != 3 || cu.Folders[0].Name != "Sales" {
		t.Errorf("customer = %+v", cu)
	}
}

// FuzzParseSeed checks that no input makes the decoder panic, and that an
// accepted seed has accounts with tokens.
func FuzzParseSeed(f *testing.F) {
	example, err := os.ReadFile(seedFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	f.Add([]byte(`{"accounts":[{"name":"P","email":"e","token":"wrkaus-0123456789012345678901234567890"}]}`))
	f.Add([]byte("accounts:\n  - &a {name: x}\n  - *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSeed("f.yaml", data)
		if err != nil {
			return
		}
		for _, a := range s.Accounts {
			if !strings.HasPrefix(a.Token, "wrkaus-") {
				t.Fatalf("accepted an account without a token: %+v", a)
			}
		}
	})
}
