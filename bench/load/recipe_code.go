package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
)

// recipeStep is a step of a recipe as Workato exports it: besides the
// fields partnerd reads, the pick list selection, the input with its
// datapills, and the schemas of the fields the step reads and writes, which
// make up most of a real recipe's size.
type recipeStep struct {
	Number                   int               `json:"number"`
	Provider                 string            `json:"provider,omitempty"`
	Name                     string            `json:"name"`
	As                       string            `json:"as"`
	Title                    *string           `json:"title"`
	Description              string            `json:"description"`
	Keyword                  string            `json:"keyword"`
	DynamicPickListSelection map[string]string `json:"dynamicPickListSelection,omitempty"`
	ToggleCfg                map[string]bool   `json:"toggleCfg,omitempty"`
	Input                    map[string]any    `json:"input"`
	ExtendedOutputSchema     []schemaField     `json:"extended_output_schema,omitempty"`
	ExtendedInputSchema      []schemaField     `json:"extended_input_schema,omitempty"`
	VisibleConfigFields      []string          `json:"visible_config_fields,omitempty"`
	Block                    []*recipeStep     `json:"block,omitempty"`
	UUID                     string            `json:"uuid"`
}

// schemaField is a field of a step's input or output schema.
type schemaField struct {
	ControlType string `json:"control_type"`
	Label       string `json:"label"`
	Name        string `json:"name"`
	Type        string `json:"type"`
	Optional    bool   `json:"optional,omitempty"`
	Sticky      bool   `json:"sticky,omitempty"`
}

// salesforceObjects are the objects the recipes' triggers watch, each with
// the fields a trigger of that object outputs.
var salesforceObjects = []struct {
	name   string
	fields []string
}{
	{"Opportunity", []string{"Id", "Name", "AccountId", "Amount", "CloseDate", "StageName", "Probability", "OwnerId",
		"LeadSource", "NextStep", "Type", "ForecastCategoryName", "CampaignId", "IsClosed", "IsWon", "Description",
		"CreatedDate", "LastModifiedDate", "SystemModstamp", "ExpectedRevenue"}},
	{"Account", []string{"Id", "Name", "Type", "ParentId", "BillingStreet", "BillingCity", "BillingState",
		"BillingPostalCode", "BillingCountry", "Phone", "Website", "Industry", "AnnualRevenue", "NumberOfEmployees",
		"OwnerId", "Description", "CreatedDate", "LastModifiedDate", "AccountNumber", "Rating"}},
	{"Contact", []string{"Id", "AccountId", "FirstName", "LastName", "Salutation", "Title", "Email", "Phone",
		"MobilePhone", "MailingStreet", "MailingCity", "MailingState", "MailingPostalCode", "MailingCountry",
		"Department", "LeadSource", "OwnerId", "CreatedDate", "LastModifiedDate", "HasOptedOutOfEmail"}},
	{"Case", []string{"Id", "CaseNumber", "ContactId", "AccountId", "Status", "Origin", "Subject", "Priority",
		"Description", "IsClosed", "ClosedDate", "OwnerId", "Reason", "Type", "SuppliedEmail", "CreatedDate",
		"LastModifiedDate", "IsEscalated", "ParentId", "ContactEmail"}},
}

// recipeProviders are the applications of every recipe, in the order of
// its config.
var recipeProviders = []string{"salesforce", "lookup_table", "slack", "logger"}

// newRecipeCode returns the code of recipe n: a Salesforce trigger, a lookup
// table lookup, and a condition that posts to Slack and logs. The code is
// the same for the same n, about 2 to 2.5 KB.
func newRecipeCode(n int) string {
	rnd := rand.New(rand.NewPCG(uint64(n), 0x9e3779b97f4a7c15))
	object := salesforceObjects[rnd.IntN(len(salesforceObjects))]
	fields := object.fields[:3+rnd.IntN(3)]
	tag := func() string { return fmt.Sprintf("%08x", rnd.Uint32()) }
	uuid := func() string {
		return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", rnd.Uint32(), rnd.IntN(1<<16), rnd.IntN(1<<12), rnd.IntN(1<<12), rnd.Uint64()&(1<<48-1))
	}
	trigger := tag()
	pill := func(field string) string {
		return fmt.Sprintf("#{_('data.salesforce.%s.%s')}", trigger, field)
	}
	output := make([]schemaField, len(fields))
	for i, f := range fields {
		output[i] = schemaField{ControlType: "text", Label: labelOf(f), Name: f, Type: "string", Optional: i > 0, Sticky: i < 3}
	}
	lookup := &recipeStep{Number: 1, Provider: "lookup_table", Name: "lookup_entry", As: tag(), Keyword: "action",
		Description: "Lookup entry in Regions table",
		Input: map[string]any{"lookup_table_id": fmt.Sprint(1 + rnd.IntN(50)),
			"parameters": map[string]string{"code": pill(fields[1])}},
		UUID: uuid()}
	text := fmt.Sprintf("%s %s changed: %s, see https://login.salesforce.com/%s",
		object.name, pill("Name"), pill(fields[2]), pill("Id"))
	post := &recipeStep{Number: 3, Provider: "slack", Name: "post_message", As: tag(), Keyword: "action",
		Description: `Post <span class="provider">message</span> to Slack`,
		Input:       map[string]any{"channel": "#sales-" + strings.ToLower(object.name), "text": text}, UUID: uuid()}
	log := &recipeStep{Number: 4, Provider: "logger", Name: "log_message", As: tag(), Keyword: "action",
		Description: "Log message", Input: map[string]any{"user_logs": "Synced " + pill("Id")}, UUID: uuid()}
	condition := &recipeStep{Number: 2, As: tag(), Keyword: "if", Name: "",
		Input: map[string]any{"type": "compound", "operand": "and", "conditions": []map[string]string{
			{"operand": "not_equals_to", "lhs": pill(fields[2]), "rhs": "Closed Lost"}}},
		Block: []*recipeStep{post, log}, UUID: uuid()}
	root := &recipeStep{Number: 0, Provider: "salesforce", Name: "new_updated_object", As: trigger, Keyword: "trigger",
		Description:              `New/updated <span class="provider">` + object.name + `</span> in Salesforce`,
		DynamicPickListSelection: map[string]string{"sobject_name": object.name},
		ToggleCfg:                map[string]bool{"since": true},
		Input:                    map[string]any{"sobject_name": object.name, "since": "2024-01-01T00:00:00-08:00", "field_list": strings.Join(fields, ",")},
		ExtendedOutputSchema:     output, Block: []*recipeStep{lookup, condition}, UUID: uuid()}
	var code strings.Builder
	enc := json.NewEncoder(&code)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(root); err != nil {
		panic(err) // The step types always marshal.
	}
	return strings.TrimSuffix(code.String(), "\n")
}

// labelOf turns a field name such as LastModifiedDate into its label,
// "Last modified date".
func labelOf(name string) string {
	var b strings.Builder
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
