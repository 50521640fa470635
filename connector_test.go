package partnerd_test

import (
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

func TestCustomConnectorName(t *testing.T) {
	for title, want := range map[string]string{
		"Acme CRM":              "acme_crm",
		"  Acme -- CRM (v2)!  ": "acme_crm_v2",
		"ACME":                  "acme",
		"2nd Opinion":           "2nd_opinion",
		"Ünïcode Café":          "n_code_caf",
		"日本語":                   "custom_connector",
		"   ":                   "",
		"":                      "",
	} {
		if got := partnerd.CustomConnectorName(title); got != want {
			t.Errorf("CustomConnectorName(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestCustomConnectorValidate(t *testing.T) {
	valid := func() *partnerd.CustomConnector {
		return &partnerd.CustomConnector{Name: "acme", Title: "Acme", Code: "{ title: 'Acme' }"}
	}
	if err := valid().Validate(); err != nil {
		t.Fatalf("a valid connector: %v", err)
	}
	for field, change := range map[string]func(*partnerd.CustomConnector){
		"title": func(c *partnerd.CustomConnector) { c.Title = " " },
		"code":  func(c *partnerd.CustomConnector) { c.Code = "\n" },
		"name":  func(c *partnerd.CustomConnector) { c.Name = "Acme CRM" },
	} {
		c := valid()
		change(c)
		err := c.Validate()
		if e, ok := err.(*partnerd.Error); !ok || e.Code != partnerd.EINVALID || len(e.Fields[field]) == 0 {
			t.Errorf("%s: %v", field, err)
		}
	}
	for _, name := range []string{"acme-crm", strings.Repeat("a", 256)} {
		c := valid()
		c.Name = name
		if err := c.Validate(); partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Errorf("name %.20q: %v", name, err)
		}
	}
	blank := &partnerd.CustomConnector{}
	err := blank.Validate().(*partnerd.Error)
	if len(err.Fields["title"]) == 0 || len(err.Fields["code"]) == 0 || err.Fields["name"] != nil {
		t.Errorf("a blank connector: %v, want title and code only", err)
	}
}

func TestCustomConnectorAsConnector(t *testing.T) {
	desc := "Our CRM"
	c := (&partnerd.CustomConnector{Name: "acme_crm", Title: "Acme CRM", Description: &desc}).Connector()
	if c.Name != "acme_crm" || c.Title != "Acme CRM" || *c.Description != desc || !c.RequiresConnection || c.OAuth ||
		c.Categories == nil || c.Triggers == nil || c.Actions == nil || c.InputFields == nil || c.PickLists == nil {
		t.Errorf("Connector() = %+v", c)
	}
}
