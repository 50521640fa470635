package web_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/partnerd/partnerd/http"
	"github.com/partnerd/partnerd/web/webtest"
)

// TestBrowser drives the console in headless Chromium: it signs in, opens
// a customer, starts a recipe and sees it running, and keeps screenshots.
// An agent turning active as its process connects is shown by
// TestConsoleAgentTurnsActive in cmd/partnerd, with a real agent process.
func TestBrowser(t *testing.T) {
	bctx := webtest.NewBrowser(t, 60*time.Second)
	e := newConsoleEnv(t)

	// The console is mounted in the API server, as partnerd serve runs it.
	api := http.NewServer()
	api.Console = e.Console
	ts := httptest.NewServer(api)
	defer ts.Close()

	dir := webtest.ArtifactDir(t)
	row := fmt.Sprintf("#recipe-%d", e.Good.ID)
	start := chromedp.CSS(row + ` form[data-show="stopped"] button`)
	acme := chromedp.Search(`//a[text()="Acme"]`)
	err := chromedp.Do(bctx,
		chromedp.Navigate(ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("token")),
		webtest.Screenshot(dir, "sign-in.png"),
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
		webtest.Screenshot(dir, "home.png"),
		chromedp.Click(acme),
		chromedp.WaitVisible(start),
		chromedp.Click(start),
		chromedp.WaitVisible(chromedp.CSS(row+` form[data-show="running"] button`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if state, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(row+` [data-field="state"]`))); err != nil || state != "running" {
		t.Errorf("the recipe after start: %q (%v)", state, err)
	}
	if err := chromedp.Do(bctx, webtest.Screenshot(dir, "customer.png")); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
}
