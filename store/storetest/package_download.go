package storetest

import (
	"bytes"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testPackageDownloadSignature checks that a download's signature is
// stable under one secret key, covers each of its fields, and changes with
// the key.
func testPackageDownloadSignature(t *testing.T, db *store.DB) {
	ctx := t.Context()
	d := partnerd.PackageDownload{WorkspaceID: 3, PackageID: 1, Expires: 1793615400}
	sign := func(d partnerd.PackageDownload) []byte {
		t.Helper()
		sig, err := db.SignPackageDownload(ctx, d)
		mustOK(t, err)
		return sig
	}
	first := sign(d)
	if len(first) != 32 || !bytes.Equal(first, sign(d)) {
		t.Fatalf("signature %x, then another", first)
	}
	for _, other := range []partnerd.PackageDownload{
		{WorkspaceID: 4, PackageID: 1, Expires: d.Expires},
		{WorkspaceID: 3, PackageID: 2, Expires: d.Expires},
		{WorkspaceID: 3, PackageID: 1, Expires: d.Expires + 1},
		{WorkspaceID: 31, PackageID: 1, Expires: 793615400}, // the same digits, split elsewhere
	} {
		if bytes.Equal(sign(other), first) {
			t.Errorf("%+v signs as %+v", other, d)
		}
	}
	mustOK(t, db.InitSecretKey(ctx, nil))
	if !bytes.Equal(sign(d), first) {
		t.Error("the stored key signs otherwise")
	}
	db.SecretKey = bytes.Repeat([]byte{7}, store.SecretKeySize)
	if bytes.Equal(sign(d), first) {
		t.Error("another key signs the same")
	}
}
