package store

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"time"

	"github.com/partnerd/partnerd"
)

// settingOnPremCA is the row of settings that holds the agents' CA: its
// certificate and its key, sealed with the secret key.
const settingOnPremCA = "on_prem_ca"

// onPremCALifetime is how long the agents' CA is valid.
const onPremCALifetime = 20 * 365 * 24 * time.Hour

// storedOnPremCA is the value of the settingOnPremCA row.
type storedOnPremCA struct {
	Cert string `json:"cert"`
	Key  string `json:"key"` // sealed PKCS #8 PEM
}

// OnPremCA returns the agents' CA, creating and storing it on first use;
// replicas that start together agree on the first one stored.
func (db *DB) OnPremCA(ctx context.Context) (*partnerd.OnPremCA, error) {
	aead, err := db.aead(ctx)
	if err != nil {
		return nil, err
	}
	value, err := db.setting(ctx, settingOnPremCA, func() (string, error) {
		ca, err := newOnPremCA(time.Now()) // TLS checks validity by the real clock.
		if err != nil {
			return "", err
		}
		b, err := json.Marshal(storedOnPremCA{Cert: string(ca.CertPEM), Key: seal(aead, ca.KeyPEM)})
		return string(b), err
	})
	if err != nil {
		return nil, err
	}
	var stored storedOnPremCA
	if err := json.Unmarshal([]byte(value), &stored); err != nil {
		return nil, errors.New("store: the stored agent CA is not JSON")
	}
	key, err := open(aead, stored.Key)
	if err != nil {
		return nil, err
	}
	return &partnerd.OnPremCA{CertPEM: []byte(stored.Cert), KeyPEM: key}, nil
}

// newOnPremCA returns a fresh self-signed ECDSA P-256 CA.
func newOnPremCA(now time.Time) (*partnerd.OnPremCA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	template := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "partnerd on-prem agent CA", Organization: []string{"partnerd"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(onPremCALifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return &partnerd.OnPremCA{
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		KeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}),
	}, nil
}
