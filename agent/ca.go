package agent

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"time"

	"github.com/partnerd/partnerd"
)

// Lifetimes of the certificates the CA signs. An agent's certificate lasts
// as long as the CA; deleting or disabling the agent is what revokes it.
const (
	clientCertLifetime = 10 * 365 * 24 * time.Hour
	serverCertLifetime = 365 * 24 * time.Hour
)

// authority is the agents' CA, parsed.
type authority struct {
	cert        *x509.Certificate
	key         crypto.Signer
	fingerprint []byte
}

// parseAuthority reads the CA that the store keeps.
func parseAuthority(ca *partnerd.OnPremCA) (*authority, error) {
	certBlock, _ := pem.Decode(ca.CertPEM)
	keyBlock, _ := pem.Decode(ca.KeyPEM)
	if certBlock == nil || keyBlock == nil {
		return nil, errors.New("agent: the CA is not PEM")
	}
	cert, err := x509.ParseCertificate(certBlock.Bytes)
	if err != nil {
		return nil, fmt.Errorf("agent: the CA certificate: %w", err)
	}
	key, err := x509.ParsePKCS8PrivateKey(keyBlock.Bytes)
	if err != nil {
		return nil, fmt.Errorf("agent: the CA key: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, errors.New("agent: the CA key cannot sign")
	}
	sum := sha256.Sum256(cert.Raw)
	return &authority{cert: cert, key: signer, fingerprint: sum[:]}, nil
}

// sign issues a certificate of the template's usage for pub, signed by the CA.
func (a *authority) sign(template *x509.Certificate, pub crypto.PublicKey, lifetime time.Duration) ([]byte, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	template.SerialNumber = serial
	template.NotBefore = now.Add(-time.Hour)
	template.NotAfter = now.Add(lifetime)
	if template.NotAfter.After(a.cert.NotAfter) {
		template.NotAfter = a.cert.NotAfter
	}
	template.KeyUsage = x509.KeyUsageDigitalSignature
	return x509.CreateCertificate(rand.Reader, template, a.cert, pub, a.key)
}

// signClient issues the client certificate of an agent from its
// certificate request: the subject is the agent's CN alone, whatever the
// request asked for.
func (a *authority) signClient(csr *x509.CertificateRequest, cn string) ([]byte, error) {
	return a.sign(&x509.Certificate{
		Subject:     pkix.Name{CommonName: cn},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}, csr.PublicKey, clientCertLifetime)
}

// serverCertificate issues the listener's own certificate, for a fresh
// key, naming host when it is an address or a name.
func (a *authority) serverCertificate(host string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	template := &x509.Certificate{
		Subject:     pkix.Name{CommonName: "partnerd agent listener"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if ip := net.ParseIP(host); ip != nil {
		template.IPAddresses = []net.IP{ip}
	} else if host != "" {
		template.DNSNames = []string{host}
	}
	der, err := a.sign(template, &key.PublicKey, serverCertLifetime)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der, a.cert.Raw}, PrivateKey: key}, nil
}

// parseCSR reads a PEM certificate request and checks its signature and key.
func parseCSR(text string) (*x509.CertificateRequest, error) {
	block, _ := pem.Decode([]byte(text))
	if block == nil || block.Type != "CERTIFICATE REQUEST" {
		return nil, partnerd.FieldError("csr", "is not a PEM certificate request")
	}
	csr, err := x509.ParseCertificateRequest(block.Bytes)
	if err != nil || csr.CheckSignature() != nil {
		return nil, partnerd.FieldError("csr", "is not a valid certificate request")
	}
	switch pub := csr.PublicKey.(type) {
	case *ecdsa.PublicKey, ed25519.PublicKey:
	case *rsa.PublicKey:
		if pub.N.BitLen() < 2048 {
			return nil, partnerd.FieldError("csr", "needs an RSA key of at least 2048 bits")
		}
	default:
		return nil, partnerd.FieldError("csr", "has a key of an unknown kind")
	}
	return csr, nil
}

// verifyServer returns the check an agent makes of the server's
// certificate chain: a certificate in it must have the CA's fingerprint,
// and the leaf must be a server certificate that CA signed. Host names are
// not checked; the fingerprint is what the agent trusts.
func verifyServer(fingerprint []byte) func(tls.ConnectionState) error {
	return func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("agent: the server sent no certificate")
		}
		roots := x509.NewCertPool()
		found := false
		for _, c := range cs.PeerCertificates[1:] {
			if sum := sha256.Sum256(c.Raw); string(sum[:]) == string(fingerprint) {
				roots.AddCert(c)
				found = true
			}
		}
		if !found {
			return errors.New("agent: the server's certificate is not signed by the CA of the activation code")
		}
		_, err := cs.PeerCertificates[0].Verify(x509.VerifyOptions{Roots: roots,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
		if err != nil {
			return fmt.Errorf("agent: the server's certificate: %w", err)
		}
		return nil
	}
}
