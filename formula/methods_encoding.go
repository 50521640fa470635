package formula

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"net/url"
	"strings"
)

// encodingMethods encode, decode and digest strings. Digests (sha1, sha256,
// sha512, hmac_*) return raw bytes, as Workato's do; chain encode_hex or
// encode_base64 to print them.
var encodingMethods = methodTable{
	"encode_base64":         {0, 0, strMapErr(func(t string) (string, bool) { return base64.StdEncoding.EncodeToString([]byte(t)), true })},
	"decode_base64":         {0, 0, strMapErr(decodeBase64(base64.StdEncoding, base64.RawStdEncoding))},
	"encode_urlsafe_base64": {0, 0, strMapErr(func(t string) (string, bool) { return base64.URLEncoding.EncodeToString([]byte(t)), true })},
	"decode_urlsafe_base64": {0, 0, strMapErr(decodeBase64(base64.URLEncoding, base64.RawURLEncoding))},
	"encode_hex":            {0, 0, strMapErr(func(t string) (string, bool) { return hex.EncodeToString([]byte(t)), true })},
	"decode_hex": {0, 0, strMapErr(func(t string) (string, bool) {
		b, err := hex.DecodeString(t)
		return string(b), err == nil
	})},
	"encode_url": {0, 0, strMapErr(func(t string) (string, bool) { return urlEncode(t), true })},
	"decode_url": {0, 0, strMapErr(func(t string) (string, bool) {
		out, err := url.QueryUnescape(t)
		return out, err == nil
	})},
	"md5_hexdigest": {0, 0, strMapErr(func(t string) (string, bool) { d := md5.Sum([]byte(t)); return hex.EncodeToString(d[:]), true })},
	"sha1":          {0, 0, strMapErr(digest(sha1.New))},
	"sha256":        {0, 0, strMapErr(digest(sha256.New))},
	"sha512":        {0, 0, strMapErr(digest(sha512.New))},
	"hmac_md5":      {1, 1, hmacOf(md5.New)},
	"hmac_sha1":     {1, 1, hmacOf(sha1.New)},
	"hmac_sha256":   {1, 1, hmacOf(sha256.New)},
	"hmac_sha512":   {1, 1, hmacOf(sha512.New)},
}

// strMapErr makes a method mapping the receiver's text by f, failing when f does.
func strMapErr(f func(string) (string, bool)) methodFunc {
	return func(s *state, v Value, _ []Value) (Value, error) {
		if err := s.alloc(int64(len(v.str)) * 2); err != nil {
			return Value{}, err
		}
		out, ok := f(v.str)
		if !ok {
			return Value{}, s.fail(CodeArgument, "invalid input for %s", s.method)
		}
		return String(out), nil
	}
}

func decodeBase64(padded, raw *base64.Encoding) func(string) (string, bool) {
	return func(t string) (string, bool) {
		t = strings.NewReplacer("\n", "", "\r", "").Replace(t)
		if b, err := padded.DecodeString(t); err == nil {
			return string(b), true
		}
		b, err := raw.DecodeString(strings.TrimRight(t, "="))
		return string(b), err == nil
	}
}

func digest(h func() hash.Hash) func(string) (string, bool) {
	return func(t string) (string, bool) {
		d := h()
		d.Write([]byte(t))
		return string(d.Sum(nil)), true
	}
}

func hmacOf(h func() hash.Hash) methodFunc {
	return func(s *state, v Value, args []Value) (Value, error) {
		key, err := s.argString(args, 0)
		if err != nil {
			return Value{}, err
		}
		m := hmac.New(h, []byte(key))
		m.Write([]byte(v.str))
		return String(string(m.Sum(nil))), nil
	}
}

// urlEncode escapes every byte but the unreserved ones (A-Z a-z 0-9 - _ . ~).
func urlEncode(t string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		c := t[i]
		if isIdentChar(c) || c == '-' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// formEncode escapes text as a form value: spaces become '+'.
func formEncode(t string) string { return url.QueryEscape(t) }
