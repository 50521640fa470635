package store

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/partnerd/partnerd"
)

// SecretKeySize is the size in bytes of the AES-256 key that encrypts
// secrets at rest, such as the input of connections.
const SecretKeySize = 32

// Rows of the settings table that hold the secret key.
const (
	settingSecretKey   = "secret_key"       // the generated key, when no key is configured
	settingSecretCheck = "secret_key_check" // a known text sealed with the key in use
)

// secretCheckText is sealed with the key of the first start, so that a
// start with another key is refused before a secret fails to open.
const secretCheckText = "partnerd secret key check"

// sealedPrefix starts every sealed value: the format's version.
const sealedPrefix = "v1:"

// InitSecretKey sets db.SecretKey to key, or when key is nil to the key
// kept in the database, which the first start generates and stores so that
// every replica on one database shares it. It fails when the database's
// secrets were sealed with another key.
func (db *DB) InitSecretKey(ctx context.Context, key []byte) error {
	if key == nil {
		stored, err := db.storedSecretKey(ctx)
		if err != nil {
			return err
		}
		key = stored
	}
	aead, err := newAEAD(key)
	if err != nil {
		return err
	}
	check, err := db.setting(ctx, settingSecretCheck, func() (string, error) {
		return seal(aead, []byte(secretCheckText)), nil
	})
	if err != nil {
		return err
	}
	if plain, err := open(aead, check); err != nil || string(plain) != secretCheckText {
		return errors.New("the secret key does not open the secrets of this database, which were sealed with another key")
	}
	db.SecretKey = key
	return nil
}

// storedSecretKey returns the key kept in the settings table, generating
// it on first use.
func (db *DB) storedSecretKey(ctx context.Context) ([]byte, error) {
	text, err := db.setting(ctx, settingSecretKey, func() (string, error) {
		key := make([]byte, SecretKeySize)
		rand.Read(key)
		return base64.StdEncoding.EncodeToString(key), nil
	})
	if err != nil {
		return nil, err
	}
	key, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(key) != SecretKeySize {
		return nil, fmt.Errorf("store: the stored secret key is not %d bytes of base64", SecretKeySize)
	}
	return key, nil
}

// setting returns the value of a setting, storing the value of create
// first when there is none. Replicas that start together agree on the
// first value stored.
func (db *DB) setting(ctx context.Context, name string, create func() (string, error)) (string, error) {
	var value string
	err := db.reader().queryRow(ctx, `SELECT value FROM settings WHERE name = ?`, name).Scan(&value)
	if !errors.Is(err, sql.ErrNoRows) {
		return value, err
	}
	fresh, err := create()
	if err != nil {
		return "", err
	}
	err = db.inTx(ctx, func(tx conn) error {
		if _, err := tx.exec(ctx, `INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, fresh); err != nil {
			return err
		}
		return tx.queryRow(ctx, `SELECT value FROM settings WHERE name = ?`, name).Scan(&value)
	})
	return value, err
}

// aead returns the cipher of secrets: db.SecretKey, or the key kept in the
// database while none is set. Call it before a transaction starts.
func (db *DB) aead(ctx context.Context) (cipher.AEAD, error) {
	key := db.SecretKey
	if key == nil {
		var err error
		if key, err = db.storedSecretKey(ctx); err != nil {
			return nil, err
		}
	}
	return newAEAD(key)
}

// aeads keeps the cipher of each key in use, as making one expands the
// key anew; a cipher is safe for concurrent use.
var aeads sync.Map // string(key) → cipher.AEAD

func newAEAD(key []byte) (cipher.AEAD, error) {
	if a, ok := aeads.Load(string(key)); ok {
		return a.(cipher.AEAD), nil
	}
	a, err := makeAEAD(key)
	if err == nil {
		aeads.Store(string(key), a)
	}
	return a, err
}

func makeAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != SecretKeySize {
		return nil, fmt.Errorf("store: the secret key must be %d bytes, not %d", SecretKeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// seal encrypts plain with a fresh random nonce into "v1:" and the base64
// of the nonce and the ciphertext.
func seal(aead cipher.AEAD, plain []byte) string {
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	rand.Read(nonce)
	return sealedPrefix + base64.StdEncoding.EncodeToString(aead.Seal(nonce, nonce, plain, nil))
}

// open decrypts a value of seal. Its error names no part of the value.
func open(aead cipher.AEAD, sealed string) ([]byte, error) {
	text, ok := strings.CutPrefix(sealed, sealedPrefix)
	if !ok {
		return nil, errors.New("store: a sealed secret has an unknown format")
	}
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(b) < aead.NonceSize() {
		return nil, errors.New("store: a sealed secret is not valid base64")
	}
	plain, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], nil)
	if err != nil {
		return nil, errors.New("store: a sealed secret does not open with the secret key")
	}
	return plain, nil
}

// sealInput encrypts a connection's input as JSON.
func sealInput(aead cipher.AEAD, input partnerd.ConnectionInput) (string, error) {
	if input == nil {
		input = partnerd.ConnectionInput{}
	}
	b, err := json.Marshal(map[string]any(input))
	if err != nil {
		return "", partnerd.FieldError("input", "must be an object of JSON values")
	}
	return seal(aead, b), nil
}

// openInput decrypts a connection's input; its numbers are json.Number.
func openInput(aead cipher.AEAD, sealed string) (partnerd.ConnectionInput, error) {
	plain, err := open(aead, sealed)
	if err != nil {
		return nil, err
	}
	input := partnerd.ConnectionInput{}
	dec := json.NewDecoder(bytes.NewReader(plain))
	dec.UseNumber() // Numbers keep every digit they were written with.
	if err := dec.Decode((*map[string]any)(&input)); err != nil {
		return nil, errors.New("store: a connection's input is not JSON")
	}
	return input, nil
}

// ConnectionInputAtRest returns a connection's input as the database holds
// it: sealed, never the plain text. Operators and tests use it to check so.
func (db *DB) ConnectionInputAtRest(ctx context.Context, workspaceID, id int64) (string, error) {
	var sealed string
	_, err := db.findConnection(ctx, db.reader(), workspaceID, id, "", &sealed)
	return sealed, err
}
