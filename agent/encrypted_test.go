package agent

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestEncryptedValueRoundTrip checks that a value sealed for an agent
// opens with its key alone, and that each sealing differs.
func TestEncryptedValueRoundTrip(t *testing.T) {
	key, other := mustKey(t), mustKey(t)
	for _, value := range []string{"p", "pässwörd with ' quotes and\nlines", string(make([]byte, 4096))} {
		a, b := mustEncrypt(t, key, value), mustEncrypt(t, key, value)
		if a == b {
			t.Error("two sealings of a value are equal")
		}
		got, err := DecryptValue(key, a)
		if err != nil || string(got) != value {
			t.Errorf("DecryptValue = %q, %v", got, err)
		}
		if _, err := DecryptValue(other, a); !errors.Is(err, ErrEncryptedKey) {
			t.Errorf("another key: %v", err)
		}
	}
}

// TestEncryptedValueTampered checks that any changed byte is refused.
func TestEncryptedValueTampered(t *testing.T) {
	key := mustKey(t)
	text := mustEncrypt(t, key, "secret")
	raw, _ := decodeStd(text)
	for i := range raw {
		b := bytes.Clone(raw)
		b[i] ^= 1
		if _, err := DecryptValue(key, encodeStd(b)); err == nil {
			t.Fatalf("byte %d changed, the value still opened", i)
		}
	}
	if _, err := DecryptValue(key, encodeStd(raw[:len(raw)-1])); !errors.Is(err, ErrEncryptedCorrupt) {
		t.Errorf("truncated: %v", err)
	}
}

// TestEncryptForAgent checks that encrypting creates the agent's key in
// its state directory, which the agent then reads the value with, and
// that the enrolment would use that same key.
func TestEncryptForAgent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	text, err := EncryptForAgent(dir, []byte("v1"))
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, keyFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", info, err)
	}
	key, err := LoadKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := DecryptValue(key, text); err != nil || string(got) != "v1" {
		t.Errorf("DecryptValue = %q, %v", got, err)
	}
	again, err := (&Agent{StateDir: dir}).loadOrCreateKey()
	if err != nil || !again.Equal(key) {
		t.Errorf("the enrolment's key differs: %v", err)
	}
	if _, err := EncryptForAgent(dir, make([]byte, MaxEncryptedValue+1)); err == nil {
		t.Error("an oversized value was encrypted")
	}
}

// FuzzDecryptValue checks that the decoder of encrypted values never
// panics and opens nothing but what was sealed for its key.
func FuzzDecryptValue(f *testing.F) {
	key := mustKey(f)
	sealed := mustEncrypt(f, key, "value")
	f.Add(sealed)
	f.Add(sealed[:40])
	f.Add("")
	f.Add("AQ==")
	f.Add(mustEncrypt(f, mustKey(f), "x"))
	sealedRaw, _ := decodeStd(sealed)
	f.Fuzz(func(t *testing.T, s string) {
		v, err := DecryptValue(key, s)
		if raw, _ := decodeStd(s); err == nil && (!bytes.Equal(raw, sealedRaw) || string(v) != "value") {
			t.Fatalf("%q opened to %q", s, v)
		}
	})
}

func decodeStd(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }
func encodeStd(b []byte) string          { return base64.StdEncoding.EncodeToString(b) }
