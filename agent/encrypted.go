package agent

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// An encrypted value of config.yml, written {encrypted: '…'}, is the
// standard base64 of: a version byte, the first 8 bytes of the SHA-256 of
// the agent's public key, an ephemeral P-256 public key (65 bytes,
// uncompressed), a 12-byte nonce and the AES-256-GCM sealing of the value.
// The AES key comes from HKDF-SHA256 over the ECDH of the ephemeral key
// and the agent's key; the version, key id and ephemeral key are the
// additional data. Only the agent whose key it names can open it.
const (
	encryptedVersion  = 1
	encryptedKeyID    = 8
	encryptedEphKey   = 65
	encryptedNonce    = 12
	encryptedHeader   = 1 + encryptedKeyID + encryptedEphKey + encryptedNonce
	encryptedOverhead = encryptedHeader + 16
	// MaxEncryptedValue bounds the value that partnerd agent encrypt seals.
	MaxEncryptedValue = 64 << 10
	encryptedInfo     = "partnerd agent config value v1"
)

// Errors of DecryptValue.
var (
	ErrEncryptedCorrupt = errors.New("the encrypted value is corrupted: encrypt the value again with partnerd agent encrypt")
	ErrEncryptedKey     = errors.New("the value was encrypted for another agent's key: encrypt it again with partnerd agent encrypt and this agent's --state-dir")
)

// EncryptValue seals a value for the agent of key's public half, as the
// text that goes between the quotes of {encrypted: '…'}.
func EncryptValue(pub *ecdsa.PublicKey, value []byte) (string, error) {
	recipient, err := pub.ECDH()
	if err != nil {
		return "", err
	}
	eph, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	shared, err := eph.ECDH(recipient)
	if err != nil {
		return "", err
	}
	header := make([]byte, 0, encryptedHeader+len(value)+16)
	header = append(header, encryptedVersion)
	header = append(header, keyID(recipient)...)
	header = append(header, eph.PublicKey().Bytes()...)
	aead, err := valueCipher(shared, header)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, encryptedNonce)
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	aad := bytes.Clone(header)
	out := aead.Seal(append(header, nonce...), nonce, value, aad)
	return base64.StdEncoding.EncodeToString(out), nil
}

// DecryptValue opens the text of an {encrypted: '…'} value with the
// agent's key. A value that is not of this format, or altered, is
// ErrEncryptedCorrupt; one sealed for another key is ErrEncryptedKey.
func DecryptValue(key *ecdsa.PrivateKey, text string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(b) < encryptedOverhead || b[0] != encryptedVersion {
		return nil, ErrEncryptedCorrupt
	}
	priv, err := key.ECDH()
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(b[1:1+encryptedKeyID], keyID(priv.PublicKey())) {
		return nil, ErrEncryptedKey
	}
	header := b[:1+encryptedKeyID+encryptedEphKey]
	eph, err := ecdh.P256().NewPublicKey(header[1+encryptedKeyID:])
	if err != nil {
		return nil, ErrEncryptedCorrupt
	}
	shared, err := priv.ECDH(eph)
	if err != nil {
		return nil, ErrEncryptedCorrupt
	}
	aead, err := valueCipher(shared, header)
	if err != nil {
		return nil, err
	}
	nonce := b[len(header):encryptedHeader]
	value, err := aead.Open(nil, nonce, b[encryptedHeader:], header)
	if err != nil {
		return nil, ErrEncryptedCorrupt
	}
	return value, nil
}

// valueCipher is the AES-256-GCM of a shared secret, bound by HKDF to the
// value's header.
func valueCipher(shared, header []byte) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, shared, header, encryptedInfo, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// keyID names an agent's key: the first bytes of the SHA-256 of its
// public key.
func keyID(pub *ecdh.PublicKey) []byte {
	sum := sha256.Sum256(pub.Bytes())
	return sum[:encryptedKeyID]
}

// LoadKey reads the agent's key from its state directory, which holds it
// once the agent has enrolled or encrypted a value.
func LoadKey(stateDir string) (*ecdsa.PrivateKey, error) {
	path := filepath.Join(stateDir, keyFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("the agent's key: %w (partnerd agent encrypt and the enrolment create it)", err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, fmt.Errorf("%s is not PEM", path)
	}
	return x509.ParseECPrivateKey(block.Bytes)
}

// EncryptForAgent seals a value for the agent of a state directory,
// creating the directory and the agent's key if it has none yet; the
// enrolment later certifies that same key.
func EncryptForAgent(stateDir string, value []byte) (string, error) {
	if len(value) > MaxEncryptedValue {
		return "", fmt.Errorf("the value is longer than %d KiB", MaxEncryptedValue>>10)
	}
	if err := os.MkdirAll(stateDir, 0o700); err != nil {
		return "", err
	}
	key, err := (&Agent{StateDir: stateDir}).loadOrCreateKey()
	if err != nil {
		return "", err
	}
	return EncryptValue(&key.PublicKey, value)
}
