package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/http"
)

// chromium returns the path of a Chromium binary: $PARTNERD_CHROMIUM, or
// Debian's chromium, which .ci/run installs.
func chromium() string {
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

// artifactDir returns where the browser test keeps its screenshots:
// $PARTNERD_ARTIFACTS, or testdata/artifacts (ignored by git).
func artifactDir(t *testing.T) string {
	dir := os.Getenv("PARTNERD_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("testdata", "artifacts")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBrowser drives the console in headless Chromium: it signs in, opens
// a customer, starts a recipe and sees it running, sees an agent turn
// active when its process connects, and keeps screenshots.
func TestBrowser(t *testing.T) {
	exe := chromium()
	switch {
	case exe == "" && os.Getenv("CI") != "":
		t.Fatal("no chromium binary in CI: .ci/run installs Debian's chromium")
	case exe == "":
		t.Skip("no chromium binary (apt-get install chromium, or set PARTNERD_CHROMIUM)")
	}
	e := newConsoleEnv(t)
	ctx := context.Background()
	group := &partnerd.OnPremGroup{Name: "Datacenter"}
	if err := e.DB.CreateOnPremGroup(ctx, e.Acme.ID, group); err != nil {
		t.Fatal(err)
	}
	agent := &partnerd.OnPremAgent{Name: "dc-agent-1", OS: "linux", GroupID: group.ID, AwaitingSetup: true, Enabled: true}
	if err := e.DB.CreateOnPremAgent(ctx, e.Acme.ID, agent); err != nil {
		t.Fatal(err)
	}

	// The console is mounted in the API server, as partnerd serve runs it.
	api := http.NewServer()
	api.Console = e.Console
	ts := httptest.NewServer(api)
	defer ts.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	bctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()

	dir := artifactDir(t)
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tab *chromedp.Target) (chromedp.Void, error) {
			png, err := chromedp.FullScreenshot(100)(ctx, tab)
			if err != nil {
				return chromedp.Void{}, err
			}
			return chromedp.Void{}, os.WriteFile(filepath.Join(dir, name), png, 0o644)
		}
	}
	row := fmt.Sprintf("#recipe-%d", e.Good.ID)
	start := chromedp.CSS(row + ` form[data-show="stopped"] button`)
	agentState := chromedp.CSS(fmt.Sprintf(`[data-agent="%d"] [data-field="state"]`, agent.ID))
	acme := chromedp.Search(`//a[text()="Acme"]`)
	err := chromedp.Do(bctx,
		chromedp.Navigate(ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("token")),
		shot("sign-in.png"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if location, err := chromedp.Run(bctx, chromedp.Location()); err != nil || !strings.HasSuffix(location, "/console/sign-in") {
		t.Errorf("the console without a session opened %s (%v)", location, err)
	}
	err = chromedp.Do(bctx,
		chromedp.SendKeys(chromedp.ID("token"), tokenA),
		chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(acme),
		shot("home.png"),
		chromedp.Click(acme),
		chromedp.WaitVisible(start),
	)
	if err != nil {
		t.Fatal(err)
	}
	if before, err := chromedp.Run(bctx, chromedp.Text(agentState)); err != nil || before != partnerd.OnPremAwaitingSetup {
		t.Errorf("the agent before it connects: %q (%v)", before, err)
	}
	err = chromedp.Do(bctx,
		chromedp.Click(start),
		chromedp.WaitVisible(chromedp.CSS(row+` form[data-show="running"] button`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if state, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(row+` [data-field="state"]`))); err != nil || state != "running" {
		t.Errorf("the recipe after start: %q (%v)", state, err)
	}

	// The agent's process connects: the page shows it within seconds.
	connected := time.Now()
	if err := e.DB.ConnectOnPremAgent(ctx, agent.ID, partnerd.OnPremPresence{Connection: "browser-test-1"}); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(bctx,
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector('%s').textContent === "active"`, agentState),
			chromedp.WithPollingTimeout(10*time.Second)),
		shot("customer.png"),
	)
	if err != nil {
		t.Fatalf("the agent does not show active: %v", err)
	}
	t.Logf("the agent showed active %v after it connected; screenshots in %s", time.Since(connected).Round(100*time.Millisecond), dir)
}
