package formula

import (
	"bytes"
	"encoding/json"
	"testing"
)

// jsonStrings are texts whose JSON form needs escapes of every kind.
var jsonStrings = []string{"", "plain", `quote " and \ slash`, "<a href='x'>&amp;</a>", "tab\tnew\nline\rcr\bbs\fff",
	"\x00\x01\x1f\x7f", "héllo wörld ✓ 😀", "line\u2028sep\u2029par", "bad \xff\xfe utf-8 \xc3", "\xed\xa0\x80 surrogate"}

// TestWriteJSONString checks that strings are written as encoding/json
// writes them, byte for byte.
func TestWriteJSONString(t *testing.T) {
	cases := append([]string{}, jsonStrings...)
	for c := range 256 {
		cases = append(cases, string([]byte{byte(c)}), "a"+string([]byte{byte(c)})+"b")
	}
	for _, s := range cases {
		checkJSONString(t, s)
	}
}

// FuzzWriteJSONString checks any text against encoding/json.
func FuzzWriteJSONString(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s)
	}
	f.Fuzz(checkJSONString)
}

func checkJSONString(t *testing.T, s string) {
	want, _ := json.Marshal(s)
	var b bytes.Buffer
	writeJSONString(&b, s)
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("%q: wrote %s, want %s", s, b.Bytes(), want)
	}
}
