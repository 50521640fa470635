package formula

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// MarshalJSON renders v as JSON, keeping the order of hash keys.
func (v Value) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := writeJSON(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writeJSON(b *bytes.Buffer, v Value) error {
	switch v.kind {
	case KindNil, KindSkip, KindClear:
		b.WriteString("null")
	case KindBool:
		b.WriteString(strconv.FormatBool(v.AsBool()))
	case KindInt:
		b.WriteString(strconv.FormatInt(v.num, 10))
	case KindFloat:
		f := v.AsFloat()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return errors.New("formula: " + formatFloat(f) + " has no JSON form")
		}
		b.WriteString(formatFloat(f))
	case KindList:
		b.WriteByte('[')
		for i, e := range v.list {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeJSON(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case KindHash:
		h := v.AsHash()
		b.WriteByte('{')
		for i, k := range h.Keys() {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, k)
			b.WriteByte(':')
			if err := writeJSON(b, h.m[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case KindRange:
		return writeJSON(b, v.rangeList())
	case KindDuration:
		b.WriteString(strconv.FormatInt(v.durationSeconds(), 10))
	default:
		writeJSONString(b, v.String())
	}
	return nil
}

// writeJSONString writes s as a JSON string exactly as encoding/json
// marshals it (HTML characters, U+2028 and U+2029 escaped, invalid UTF-8
// replaced), without its allocations.
func writeJSONString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b.WriteString(s[start:i])
			b.WriteString(`\u202`)
			b.WriteByte(hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// ParseJSON decodes one JSON document into a Value, keeping the order of
// object keys. Integers stay Integers; other numbers become Floats.
func ParseJSON(data []byte) (Value, error) {
	if v, ok := scanJSON(data); ok {
		return v, nil
	}
	return decodeJSONText(data)
}

// decodeJSONText is ParseJSON through encoding/json's tokens: the
// reference that scanJSON follows, and the words of every error.
func decodeJSONText(data []byte) (Value, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	v, err := decodeJSON(d, 0)
	if err != nil {
		return Value{}, err
	}
	if _, err := d.Token(); err != io.EOF {
		return Value{}, errors.New("formula: text after the JSON value")
	}
	return v, nil
}

// maxJSONDepth bounds the nesting ParseJSON accepts.
const maxJSONDepth = 1000

func decodeJSON(d *json.Decoder, depth int) (Value, error) {
	if depth > maxJSONDepth {
		return Value{}, errors.New("formula: JSON nested too deeply")
	}
	tok, err := d.Token()
	if err != nil {
		return Value{}, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			items := []Value{}
			for d.More() {
				e, err := decodeJSON(d, depth+1)
				if err != nil {
					return Value{}, err
				}
				items = append(items, e)
			}
			_, err := d.Token()
			return List(items...), err
		case '{':
			h := NewHash(4)
			for d.More() {
				kt, err := d.Token()
				if err != nil {
					return Value{}, err
				}
				k, _ := kt.(string)
				e, err := decodeJSON(d, depth+1)
				if err != nil {
					return Value{}, err
				}
				h.Set(k, e)
			}
			_, err := d.Token()
			return HashValue(h), err
		}
		return Value{}, errors.New("formula: bad JSON")
	case json.Number:
		return numberValue(string(t))
	}
	return FromGo(tok)
}
