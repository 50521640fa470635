// Package webtest starts headless Chromium for the browser tests of the
// console and keeps their screenshots as test artifacts.
package webtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium returns the path of a Chromium binary: $PARTNERD_CHROMIUM, or
// Debian's chromium, which .ci/run installs; "" when there is none.
func Chromium() string {
	if p := os.Getenv("PARTNERD_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// NewBrowser starts headless Chromium and returns the context of its tab,
// which ends after timeout. Without a Chromium binary the test is skipped,
// or fails when CI is set, since .ci/run installs one. The browser stops
// when the test ends.
func NewBrowser(tb testing.TB, timeout time.Duration) context.Context {
	tb.Helper()
	exe := Chromium()
	switch {
	case exe == "" && os.Getenv("CI") != "":
		tb.Fatal("no chromium binary in CI: .ci/run installs Debian's chromium")
	case exe == "":
		tb.Skip("no chromium binary (apt-get install chromium, or set PARTNERD_CHROMIUM)")
	}
	// Chromium runs as root in CI containers, where it needs no sandbox;
	// the defaults already turn off its background networking.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tb.Cleanup(cancelAlloc)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	tb.Cleanup(cancelBrowser)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	tb.Cleanup(cancel)
	return ctx
}

// ArtifactDir returns where a browser test keeps its screenshots:
// $PARTNERD_ARTIFACTS, or testdata/artifacts of the package under test,
// which git ignores.
func ArtifactDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("PARTNERD_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("testdata", "artifacts")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// Screenshot is an action that saves a screenshot of the whole page as
// dir/name.
func Screenshot(dir, name string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tab *chromedp.Target) (chromedp.Void, error) {
		png, err := chromedp.FullScreenshot(100)(ctx, tab)
		if err != nil {
			return chromedp.Void{}, err
		}
		return chromedp.Void{}, os.WriteFile(filepath.Join(dir, name), png, 0o644)
	}
}
