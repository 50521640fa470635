package partnerd

import (
	"context"
	"strconv"
	"time"
)

// PackageDownloadLifetime is how long the download_url of an export works.
const PackageDownloadLifetime = time.Hour

// PackageDownload is what a signed download_url grants: the zip of one
// export of one workspace, until Expires, and nothing else.
type PackageDownload struct {
	WorkspaceID int64
	PackageID   int64
	Expires     int64 // Unix seconds
}

// Message returns the bytes a signature of d covers: a fixed purpose, so
// that no other signature of the same key can stand for it, and d's
// fields, separated so that no two downloads share one message.
func (d PackageDownload) Message() []byte {
	b := []byte("partnerd package download v1\x00")
	b = strconv.AppendInt(b, d.WorkspaceID, 10)
	b = append(b, 0)
	b = strconv.AppendInt(b, d.PackageID, 10)
	b = append(b, 0)
	return strconv.AppendInt(b, d.Expires, 10)
}

// PackageSigner signs package downloads with a key that every replica
// shares and that signs nothing else.
type PackageSigner interface {
	// SignPackageDownload returns the MAC of d.Message().
	SignPackageDownload(ctx context.Context, d PackageDownload) ([]byte, error)
}
