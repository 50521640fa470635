package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"unicode/utf8"

	"github.com/partnerd/partnerd"
)

// escapeChunk is how many bytes of a string writeStringContent escapes at
// a time.
const escapeChunk = 64 << 10

// codeMark is the code field of a recipe encoded with empty code. No field
// after it can hold this text unescaped, so its last occurrence is the field.
var codeMark = []byte(`"code":""`)

// writeRecipeJSON writes the JSON of a recipe to w, byte for byte as
// marshalJSON(newRecipeJSON(r, withCode, base)) returns it, without a
// second copy of the code: the code is escaped a piece at a time.
func writeRecipeJSON(w io.Writer, r *partnerd.Recipe, withCode bool, base string) error {
	j := newRecipeJSON(r, withCode, base)
	if withCode {
		empty := ""
		j.Code = &empty
	}
	b, err := marshalJSON(j)
	if err != nil {
		return err
	}
	if !withCode {
		_, err = w.Write(b)
		return err
	}
	at := bytes.LastIndex(b, codeMark)
	if at < 0 {
		return errors.New("recipe encoding has no code field")
	}
	at += len(codeMark) - 1
	if _, err := w.Write(b[:at]); err != nil {
		return err
	}
	if err := writeStringContent(w, r.Code); err != nil {
		return err
	}
	_, err = w.Write(b[at:])
	return err
}

// writeStringContent writes s as marshalJSON escapes it between its quotes,
// escapeChunk bytes at a time. A piece never ends within a UTF-8 sequence,
// so that each piece escapes as it does within the whole.
func writeStringContent(w io.Writer, s string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for len(s) > 0 {
		n := min(len(s), escapeChunk)
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n++
		}
		buf.Reset()
		if err := enc.Encode(s[:n]); err != nil {
			return err
		}
		out := buf.Bytes()
		if _, err := w.Write(out[1 : len(out)-2]); err != nil { // Less the quotes and the newline.
			return err
		}
		s = s[n:]
	}
	return nil
}
