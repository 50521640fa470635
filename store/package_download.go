package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"

	"github.com/partnerd/partnerd"
)

// SignPackageDownload returns the HMAC-SHA256 of d's message with a key
// derived from the secret key, which every replica shares; the derived key
// signs downloads only.
func (db *DB) SignPackageDownload(ctx context.Context, d partnerd.PackageDownload) ([]byte, error) {
	key := db.SecretKey
	if key == nil {
		var err error
		if key, err = db.storedSecretKey(ctx); err != nil {
			return nil, err
		}
	}
	derive := hmac.New(sha256.New, key)
	derive.Write([]byte("partnerd package downloads"))
	mac := hmac.New(sha256.New, derive.Sum(nil))
	mac.Write(d.Message())
	return mac.Sum(nil), nil
}
