package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/partnerd/partnerd/client"
	"github.com/partnerd/partnerd/web/webtest"
)

// TestConsoleAgentTurnsActive is the proof of the console's live agents: the
// server runs as partnerd serve does, the console in headless Chromium shows
// a new agent awaiting setup, and once a real "partnerd agent" process
// enrols and connects, the open page shows the agent active within seconds,
// without a reload.
func TestConsoleAgentTurnsActive(t *testing.T) {
	bctx := webtest.NewBrowser(t, 2*time.Minute)
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	MustCreateCustomer(t, c, "Acme", "acme")
	mu := client.ExternalID("acme")
	group, err := c.CreateOnPremGroup(ctx, mu, "Datacenter")
	if err != nil {
		t.Fatal(err)
	}
	agent, err := c.CreateOnPremAgent(ctx, mu, client.CreateOnPremAgentParams{Name: "dc-agent-1", OS: "linux", OnPremGroupID: group.ID})
	if err != nil {
		t.Fatal(err)
	}
	code, err := c.OnPremActivationCode(ctx, mu, agent.ID)
	if err != nil {
		t.Fatal(err)
	}

	dir := webtest.ArtifactDir(t)
	acme := chromedp.Search(`//a[text()="Acme"]`)
	state := fmt.Sprintf(`[data-agent="%d"] [data-field="state"]`, agent.ID)
	err = chromedp.Do(bctx,
		chromedp.Navigate(m.URL()+"/console"),
		chromedp.SendKeys(chromedp.ID("token"), bootstrapToken),
		chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(acme),
	)
	if err != nil {
		t.Fatal(err)
	}
	// A page that a navigation replaced while a click was on its way loses
	// the node the click found; the customer's page is opened again then.
	for attempt := 1; ; attempt++ {
		err = chromedp.Do(bctx,
			chromedp.Navigate(m.URL()+"/console"),
			chromedp.Click(acme),
			chromedp.Click(chromedp.CSS(`a[href="#on-prem"]`)),
			chromedp.WaitVisible(chromedp.CSS(state)),
			webtest.Screenshot(dir, "console-agent-awaiting-setup.png"),
		)
		if err == nil || attempt == 3 || !strings.Contains(err.Error(), "Could not find node") {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	before, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(state)))
	if err != nil || before != "awaiting_setup" {
		t.Errorf("the agent before its process starts: %q (%v)", before, err)
	}
	if on, err := chromedp.Run(bctx, chromedp.Evaluate[bool](badgeOn(state))); err != nil || on {
		t.Errorf("the agent's badge before its process starts is on (%v)", err)
	}

	// The real agent process enrols with the code and connects; the API
	// says when it is active, the page shows it at its next poll.
	started := time.Now()
	proc := startAgent(t, "--server", m.AgentURL(), "--code", code.Code, "--state-dir", filepath.Join(t.TempDir(), "state"))
	connected := make(chan time.Duration, 1)
	go func() {
		for ctx.Err() == nil {
			if active, err := c.OnPremAgentActive(ctx, mu, agent.ID); err == nil && active {
				connected <- time.Since(started)
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	active := fmt.Sprintf(`document.querySelector(%q).textContent === "active" && %s`, state, badgeOn(state))
	err = chromedp.Do(bctx,
		chromedp.Poll[chromedp.Void](active, chromedp.WithPollingTimeout(20*time.Second)),
		webtest.Screenshot(dir, "console-agent-active.png"),
	)
	shown := time.Since(started)
	if err != nil {
		t.Fatalf("the page does not show the agent active within 20 s of its process starting: %v\n%s", err, proc.output)
	}
	select {
	case took := <-connected:
		t.Logf("the agent connected %v after its process started; the page showed it active %v later",
			took.Round(10*time.Millisecond), (shown - took).Round(10*time.Millisecond))
	case <-time.After(5 * time.Second):
		t.Logf("the page showed the agent active %v after its process started", shown.Round(10*time.Millisecond))
	}
	got, err := c.OnPremAgent(ctx, mu, agent.ID)
	if err != nil || got.State != "active" || got.LastSeenVersion == nil {
		t.Fatalf("the agent the page shows active = %+v, %v", got, err)
	}
	// Its version, reported as it connected, shows without a reload too.
	version := fmt.Sprintf(`[data-agent="%d"] [data-field="version"]`, agent.ID)
	shows := fmt.Sprintf(`document.querySelector(%q).textContent === %q`, version, *got.LastSeenVersion)
	if err := chromedp.Do(bctx, chromedp.Poll[chromedp.Void](shows, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("the page does not show the agent's version %q: %v", *got.LastSeenVersion, err)
	}
	t.Logf("screenshots in %s", dir)
}

// badgeOn returns a JavaScript expression that holds when the badge at the
// CSS selector sel is shown as on.
func badgeOn(sel string) string {
	return fmt.Sprintf(`document.querySelector(%q).classList.contains("on")`, sel)
}
