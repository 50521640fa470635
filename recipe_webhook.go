package partnerd

import (
	"crypto/rand"
	"encoding/hex"
)

// Webhook trigger: the provider and trigger of recipes whose events are
// posted to their webhook URL.
const (
	WebhookProvider = "workato_webhooks"
	WebhookTrigger  = "new_event"
)

// NewWebhookToken returns a random 32-character webhook token.
func NewWebhookToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// WebhookEvent is the event that a recipe's webhook URL names; the
// webhook takes events posted under any name.
const WebhookEvent = "new_event"

// WebhookURL returns the URL that a webhook-triggered recipe takes events
// at, under base (the server's public URL):
// base/webhooks/rest/{token}/new_event. It returns nil for a recipe of
// another trigger.
func (r *Recipe) WebhookURL(base string) *string {
	if r.WebhookToken == "" || r.TriggerApplication == nil || *r.TriggerApplication != WebhookProvider {
		return nil
	}
	u := base + "/webhooks/rest/" + r.WebhookToken + "/" + WebhookEvent
	return &u
}
