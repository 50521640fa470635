package partnerd

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/url"
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

// webhookTrigger is what a webhook URL shows of a recipe's trigger.
type webhookTrigger struct {
	Provider string `json:"provider"`
	Name     string `json:"name"`
	Input    struct {
		Suffix any `json:"webhook_suffix"`
	} `json:"input"`
}

// WebhookURL returns the URL that a webhook-triggered recipe takes events
// at, under base (the server's public URL): base/webhooks/rest/{token}/{event},
// where event is the trigger's webhook_suffix ("event" when it has none).
// It returns nil for a recipe of another trigger.
func (r *Recipe) WebhookURL(base string) *string {
	if r.WebhookToken == "" || r.TriggerApplication == nil || *r.TriggerApplication != WebhookProvider || r.Code == "" {
		return nil
	}
	var t webhookTrigger
	if json.Unmarshal([]byte(r.Code), &t) != nil || t.Provider != WebhookProvider {
		return nil
	}
	event, _ := t.Input.Suffix.(string)
	if event == "" {
		event = "event"
	}
	u := base + "/webhooks/rest/" + r.WebhookToken + "/" + url.PathEscape(event)
	return &u
}
