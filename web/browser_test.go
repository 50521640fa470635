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
// a customer whose objects are in every state, starts a recipe and sees it
// running, stops another on its own page, opens an error page, and keeps
// screenshots.
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
	if location, err := chromedp.Run(bctx, chromedp.Location()); err != nil || strings.Contains(location, "/start") {
		t.Errorf("the start left the browser at %s (%v)", location, err)
	}
	for sel, want := range map[string]string{
		`//tr[td[text()="Authorized Jira"]]//span[contains(@class,"badge")]`: "success",
		`//tr[td[text()="Failed Slack"]]//span[contains(@class,"badge")]`:    "failed",
		`//tr[td[text()="Shell Oracle"]]//span[contains(@class,"badge")]`:    "disconnected",
		`//tr[td[text()="Active agent"]]//span[@data-field="state"]`:         "active",
		`//tr[td[text()="Gone agent"]]//span[@data-field="state"]`:           "inactive",
		`//tr[td[text()="New agent"]]//span[@data-field="state"]`:            "awaiting_setup",
		`//tr[td[a[text()="Always on"]]]//span[@data-field="state"]`:         "running",
		`//tr[td[a[text()="Half done"]]]//span[@data-field="state"]`:         "stopped",
		`//tr[td[text()="Otto Operator"]]/td[4]`:                             "Sync operator",
		`//tr[td[text()="Salesforce"]]/td[5]`:                                "Onboarding",
	} {
		if got, err := chromedp.Run(bctx, chromedp.Text(chromedp.Search(sel))); err != nil || got != want {
			t.Errorf("%s: %q (%v), want %q", sel, got, err, want)
		}
	}
	if err := chromedp.Do(bctx, webtest.Screenshot(dir, "customer.png")); err != nil {
		t.Fatal(err)
	}

	// The running recipe's page stops it and comes back to itself.
	recipe := fmt.Sprintf("%s/console/customers/%d/recipes/%d", ts.URL, e.Acme.ID, e.Running.ID)
	err = chromedp.Do(bctx,
		chromedp.Navigate(recipe),
		chromedp.WaitVisible(chromedp.CSS(`button[name="stop"]`)),
		webtest.Screenshot(dir, "recipe-running.png"),
		chromedp.Click(chromedp.CSS(`button[name="stop"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[name="start"]`)),
		webtest.Screenshot(dir, "recipe-stopped.png"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if location, err := chromedp.Run(bctx, chromedp.Location()); err != nil || location != recipe {
		t.Errorf("the stop left the browser at %s (%v)", location, err)
	}

	// A refused start shows why, on the recipe's page.
	err = chromedp.Do(bctx,
		chromedp.Navigate(fmt.Sprintf("%s/console/customers/%d/recipes/%d", ts.URL, e.Acme.ID, e.Broken.ID)),
		chromedp.Click(chromedp.CSS(`button[name="start"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.alert`)),
		webtest.Screenshot(dir, "recipe-refused.png"),
	)
	if err != nil {
		t.Fatal(err)
	}

	// An error page keeps the navigation.
	err = chromedp.Do(bctx,
		chromedp.Navigate(ts.URL+"/console/customers/999999"),
		chromedp.WaitVisible(chromedp.Search(`//h1[text()="404 Not Found"]`)),
		chromedp.WaitVisible(chromedp.Search(`//header//a[text()="Customers"]`)),
		webtest.Screenshot(dir, "not-found.png"),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
}
