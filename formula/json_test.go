package formula

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
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

// jsonDocuments are documents valid and not, for ParseJSON.
var jsonDocuments = []string{`{"b": 1, "a": [1.5, "x", null, true, {"c": 12345678901234}]}`, ` [ ] `, `{}`, `"x"`, `0`, `-0`,
	`-1.5e+10`, `1E5`, `01`, `1.`, `.5`, `-`, `1e`, `+1`, `99999999999999999999`, `1e400`, `"a\"b\\c\/d\u00e9\ud83d\ude00\ud800x"`,
	"\"tab\there\"", "\"bad \xff\"", `{"a":1,"a":2}`, `{"a" 1}`, `{"a":1,}`, `[1,]`, `[1 2]`, `{1:2}`, `tru`, `true `, `nul`,
	`{"a":1}x`, `{"a":1}{}`, ``, ` `, `[`, `{"a":`, `"\u12"`, `"\x"`, `[[[[[]]]]]`, "\"\u2028\"", `{"":[{"":{}}]}`}

// TestParseJSONScan checks that the scanner decodes what encoding/json's
// tokens decode, and leaves to them what they refuse.
func TestParseJSONScan(t *testing.T) {
	for _, doc := range jsonDocuments {
		checkParseJSON(t, []byte(doc))
	}
	deep := strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1)
	checkParseJSON(t, []byte(deep))
	checkParseJSON(t, []byte(deep[1:len(deep)-1]))
}

// FuzzParseJSON checks any text against encoding/json's tokens.
func FuzzParseJSON(f *testing.F) {
	for _, doc := range jsonDocuments {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkParseJSON(t, data) })
}

func checkParseJSON(t *testing.T, data []byte) {
	want, wantErr := decodeJSONText(data)
	got, ok := scanJSON(data)
	if ok != (wantErr == nil) {
		t.Fatalf("%q: scanned %v, encoding/json's error %v", data, ok, wantErr)
	}
	if ok && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: scanned %#v, want %#v", data, got, want)
	}
	if v, err := ParseJSON(data); (err == nil) != ok || ok && !reflect.DeepEqual(v, want) {
		t.Fatalf("%q: ParseJSON = %#v, %v", data, v, err)
	}
}
