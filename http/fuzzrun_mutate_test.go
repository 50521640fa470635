package http

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// chance reports true percent times in a hundred.
func (f *fuzzer) chance(percent int) bool { return f.r.IntN(100) < percent }

// fuzzPick returns a random element of list.
func fuzzPick[T any](f *fuzzer, list []T) T { return list[f.r.IntN(len(list))] }

// Sentinels stand, in a value, for what json.Marshal cannot write: marshal
// puts deep nesting and invalid UTF-8 in their place.
const (
	sentinelDeep    = "\x01deep"
	sentinelBadUTF8 = "\x01bad"
)

// fuzzOddTexts are strings that stores, parsers and encoders get wrong.
var fuzzOddTexts = []string{"", " ", "  padded  ", "ünïcödé ✓ 日本語 🙂", "\u200b", "\u202eevil", "e\u0301", "tab\there",
	"line\nbreak\r\n", "nul\x00byte", "\xff\xfe", "\xc3\x28", "\xed\xa0\x80", "'; DROP TABLE workspaces; --", "%", "_",
	"\\", "%25", "null", "true", "0", "-1", "1e309", "<script>alert(1)</script>", "../../etc/passwd", "E", "Eacme%2F1",
	"{}", "[]", `"`, "a,b,,c", "${jndi:ldap://x}", "\U0010FFFF", "\ufeffbom", "\x7f"}

// oddString returns text of an odd kind: a known troublemaker, random
// bytes, or a long run.
func (f *fuzzer) oddString() string {
	switch f.r.IntN(10) {
	case 0, 1:
		b := make([]byte, 1+f.r.IntN(40))
		for i := range b {
			b[i] = byte(f.r.IntN(256))
		}
		return string(b)
	case 2:
		return strings.Repeat(fuzzPick(f, []string{"a", "é", "🙂", "%", " "}), fuzzPick(f, []int{256, 1000, 5000}))
	}
	return fuzzPick(f, fuzzOddTexts)
}

// marshal writes a value as JSON, with the sentinels replaced.
func (f *fuzzer) marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte(`{"marshal":"` + err.Error() + `"}`)
	}
	if !bytes.Contains(b, []byte(`\u0001`)) {
		return b
	}
	b = bytes.ReplaceAll(b, []byte(`"\u0001bad"`), []byte("\"\xff\xfe\xc3(\xed\xa0\x80\x00\""))
	depth := fuzzPick(f, []int{100, 1000, 10_001, 100_000})
	open, close := "[", "]"
	if f.chance(50) {
		open, close = `{"a":`, "}"
	}
	deep := strings.Repeat(open, depth) + "1" + strings.Repeat(close, depth)
	return bytes.ReplaceAll(b, []byte(`"\u0001deep"`), []byte(deep))
}

// mutateValue changes a value: a field dropped, added or replaced, deep
// down or at the top.
func (f *fuzzer) mutateValue(v any, depth int) any {
	switch c := v.(type) {
	case map[string]any:
		if len(c) > 0 && (f.chance(70) || depth == 0 && f.chance(90)) {
			keys := make([]string, 0, len(c))
			for k := range c {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			k := fuzzPick(f, keys)
			switch f.r.IntN(5) {
			case 0:
				delete(c, k)
			case 1:
				c[fuzzPick(f, []string{"unknown", "id", "account_id", "workspace_id", "created_at", "__proto__", f.oddString()})] = f.randomValue(depth)
			default:
				c[k] = f.mutateValue(c[k], depth+1)
			}
			return c
		}
	case []any:
		if len(c) > 0 && f.chance(70) {
			i := f.r.IntN(len(c))
			switch f.r.IntN(4) {
			case 0:
				return slices.Delete(c, i, i+1)
			case 1:
				return append(c, c[i])
			}
			c[i] = f.mutateValue(c[i], depth+1)
			return c
		}
	}
	return f.randomValue(depth)
}

// randomValue returns a value of any type, often an odd one.
func (f *fuzzer) randomValue(depth int) any {
	switch f.r.IntN(20) {
	case 0:
		return nil
	case 1:
		return f.chance(50)
	case 2:
		return fuzzPick(f, fuzzOddNumbers)
	case 3:
		return f.r.Int64N(1000) - 10
	case 4:
		return strings.Repeat("x", fuzzPick(f, []int{10_000, 10_000, 100_000, 1_100_000}))
	case 5:
		return sentinelDeep
	case 6:
		return sentinelBadUTF8
	case 7:
		return json.RawMessage(fuzzPick(f, []string{`"\ud800"`, `"\udc00x"`, `"\u0000"`, `"a\u0000b"`, `"\uFFFF"`}))
	case 8:
		return []any{}
	case 9:
		return map[string]any{}
	case 10:
		if depth < 4 {
			return []any{f.randomValue(depth + 1), f.randomValue(depth + 1)}
		}
	case 11:
		if depth < 4 {
			return map[string]any{f.oddString(): f.randomValue(depth + 1)}
		}
	}
	return f.oddString()
}

// mutateBytes damages encoded JSON: cut, spliced, flipped, padded.
func (f *fuzzer) mutateBytes(b []byte) []byte {
	if len(b) == 0 {
		return f.junkBody()
	}
	b = slices.Clone(b)
	i := f.r.IntN(len(b))
	switch f.r.IntN(9) {
	case 0:
		return b[:i]
	case 1:
		return slices.Insert(b, i, byte(f.r.IntN(256)))
	case 2:
		return slices.Delete(b, i, min(len(b), i+1+f.r.IntN(8)))
	case 3:
		b[i] ^= 1 << f.r.IntN(8)
		return b
	case 4:
		return slices.Insert(b, i, 0xff, 0xfe)
	case 5:
		return append(b, fuzzPick(f, []string{"}", " {}", "x", "\x00", ",", `{"a":1}`})...)
	case 6:
		if b[0] == '{' && len(b) > 2 {
			return append([]byte(`{"name":1,"name":"dup",`), b[1:]...)
		}
	case 7:
		return append([]byte("\xef\xbb\xbf"), b...)
	}
	return slices.Insert(b, i, []byte(fuzzPick(f, []string{`\u0000`, `\ud800`, `\`, `"`, "\u0085", "\u00a0"}))...)
}

// junkBody returns a body of no route's shape.
func (f *fuzzer) junkBody() []byte {
	switch f.r.IntN(12) {
	case 0:
		b := make([]byte, 1+f.r.IntN(200))
		for i := range b {
			b[i] = byte(f.r.IntN(256))
		}
		return b
	case 1:
		return f.marshal(sentinelDeep)
	case 2:
		return append(bytes.Repeat([]byte(" "), 100_000), "{}"...)
	}
	return []byte(fuzzPick(f, []string{"", "null", "[]", "{}", `"str"`, "123", "true", "{", "}", "[", "name=x&email=y@z.test",
		"\u00a0[]", "[{}]", `{"":""}`}))
}

// fuzzPackage is a valid package: one asset of each type.
var fuzzPackage = []string{
	"Sales/crm.connection.json", `{"name":"CRM","provider":"salesforce","description":"Main"}`,
	"Sales/sync.recipe.json", `{"name":"Sync","code":{"keyword":"trigger","provider":"salesforce","name":"new_object"},
		"config":[{"provider":"salesforce","account_id":{"zip_name":"crm.connection.json","name":"CRM","folder":"Sales"}}]}`,
	"codes.lookup_table.json", `{"name":"Codes","schema":[{"label":"code","type":"string"}],"rows":[{"code":"A1"},{}]}`,
	"region.account_property.json", `{"name":"region","value":"eu"}`,
	"orders.api_group.json", `{"name":"Orders","version":"1.0"}`,
	"get_order.api_endpoint.json", `{"name":"Get order","method":"get","path":"/orders/:id",
		"api_group":{"zip_name":"orders.api_group.json"},"flow":{"zip_name":"sync.recipe.json","folder":"Sales"}}`,
}

// zipBody returns a package to import: valid, with damaged files or
// names, or damaged bytes.
func (f *fuzzer) zipBody() []byte {
	if f.chance(10) {
		return f.junkBody()
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(fuzzPackage); i += 2 {
		if f.chance(15) {
			continue
		}
		name, content := fuzzPackage[i], []byte(fuzzPackage[i+1])
		if f.chance(10) {
			name = fuzzPick(f, []string{"../evil.recipe.json", "/abs.recipe.json", "a/../../b.connection.json", "x.unknown.json",
				"dir/", strings.Repeat("d/", 300) + "deep.recipe.json", "\xff.recipe.json", "ünï/cödé.lookup_table.json"})
		}
		if f.chance(30) {
			var v any
			if json.Unmarshal(content, &v) == nil {
				content = f.marshal(f.mutateValue(v, 0))
			}
		}
		method := zip.Deflate
		if f.chance(30) {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err == nil {
			w.Write(content)
		}
	}
	zw.Close()
	if f.chance(15) {
		return f.mutateBytes(buf.Bytes())
	}
	return buf.Bytes()
}
