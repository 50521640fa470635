package partnerd_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// packageZip returns a zip of the files, by path, in the order given.
func packageZip(t testing.TB, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// goodPackage is a package with one asset of each type.
var goodPackage = []string{
	"Sales/crm.connection.json", `{"name":"CRM","provider":"salesforce","description":"Main"}`,
	"Sales/sync.recipe.json", `{"name":"Sync","code":{"keyword":"trigger","provider":"salesforce","name":"new_object"},
		"config":[{"provider":"salesforce","account_id":{"zip_name":"crm.connection.json","name":"CRM","folder":"Sales"}}]}`,
	"codes.lookup_table.json", `{"name":"Codes","schema":[{"label":"code","type":"string"}],"rows":[{"code":"A1"},{}]}`,
	"region.account_property.json", `{"name":"region","value":"eu"}`,
	"orders.api_group.json", `{"name":"Orders","version":"1.0"}`,
	"get_order.api_endpoint.json", `{"name":"Get order","method":"get","path":"/orders/:id",
		"api_group":{"zip_name":"orders.api_group.json"},"flow":{"zip_name":"sync.recipe.json","folder":"Sales"}}`,
}

func TestReadPackage(t *testing.T) {
	c, err := partnerd.ReadPackage(packageZip(t, goodPackage...))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range c.Files {
		paths = append(paths, f.Folder+"|"+f.Path+"|"+f.Type)
	}
	want := []string{"Sales|Sales/crm.connection.json|connection", "Sales|Sales/sync.recipe.json|recipe",
		"|codes.lookup_table.json|lookup_table", "|get_order.api_endpoint.json|api_endpoint",
		"|orders.api_group.json|api_group", "|region.account_property.json|account_property"}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("files = %v", paths)
	}
	r, err := c.Files[1].Recipe.Recipe(func(ref *partnerd.PackageRef) *int64 {
		if c.File(ref) != c.Files[0] {
			t.Errorf("reference %+v names %v", ref, c.File(ref))
		}
		id := int64(7)
		return &id
	})
	if err != nil || r.Code != `{"keyword":"trigger","provider":"salesforce","name":"new_object"}` || !r.Private ||
		*r.Config[0].AccountID != 7 || *r.TriggerApplication != "salesforce" {
		t.Errorf("recipe = %+v, %v", r, err)
	}
	if e := c.Files[3].APIEndpoint.Endpoint(); e.Method != "GET" || e.Path != "orders/:id" {
		t.Errorf("endpoint = %+v", e)
	}
	table, rows, err := c.Files[2].LookupTable.Table()
	if err != nil || table.Name != "Codes" || len(rows) != 2 || *rows[0][0] != "A1" || rows[1][0] != nil {
		t.Errorf("table = %+v %v %v", table, rows, err)
	}

	// What WritePackage writes reads back the same.
	var buf bytes.Buffer
	if err := partnerd.WritePackage(&buf, c.Files, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	again, err := partnerd.ReadPackage(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(again.Files)
	wantJSON, _ := json.Marshal(c.Files)
	if !bytes.Equal(got, wantJSON) {
		t.Errorf("written and read again:\n%s\nwant\n%s", got, wantJSON)
	}
}

func TestReadPackageRefused(t *testing.T) {
	for _, tt := range []struct {
		files []string
		want  string
	}{
		{[]string{"x.recipe.json", `{"name":"X","code":{"keyword":"trigger"},"config":[{"provider":"a","account_id":{"zip_name":"y.connection.json"}}]}`},
			`x.recipe.json: config entry 1 account_id refers to "y.connection.json", which is not a connection file of the package`},
		{[]string{"x.api_endpoint.json", `{"name":"X","method":"GET","path":"x"}`}, "x.api_endpoint.json: api_group can't be blank"},
		{[]string{"x.api_endpoint.json", `{"name":"X","method":"TRACE","path":"x","api_group":{"zip_name":"g.api_group.json"}}`, "g.api_group.json", `{"name":"G"}`},
			"x.api_endpoint.json: method must be one of GET, POST, PUT, PATCH, DELETE"},
		{[]string{"x.account_property.json", `{"name":"","value":"v"}`}, "x.account_property.json: name can't be blank"},
		{[]string{"x.connection.json", `{"name":"A\u0000B","provider":"p"}`}, "x.connection.json: name is invalid"},
		{[]string{"x.recipe.json", `{"name":"X"}`}, "x.recipe.json: code can't be blank"},
		{[]string{".recipe.json", `{}`}, ".recipe.json: is not an asset file"},
		{[]string{"a//b.recipe.json", `{}`}, "a//b.recipe.json: the path is not clean"},
		{[]string{"./b.recipe.json", `{}`}, "./b.recipe.json: the path is not clean"},
		{[]string{"", `{}`}, `"": an entry has no name`},
		{[]string{"a\xffb.recipe.json", `{}`}, `"a\xffb.recipe.json": the name is not valid text`},
	} {
		_, err := partnerd.ReadPackage(packageZip(t, tt.files...))
		if partnerd.ErrorCode(err) != partnerd.EINVALID || !strings.HasPrefix(partnerd.ErrorMessage(err), tt.want) {
			t.Errorf("%s: %v, want %q", tt.files[0], err, tt.want)
		}
	}
	many := make([]string, 0, 2*(partnerd.MaxPackageFiles+1))
	for i := range partnerd.MaxPackageFiles + 1 {
		many = append(many, "d/"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+".txt", "")
	}
	if _, err := partnerd.ReadPackage(packageZip(t, many...)); partnerd.ErrorMessage(err) != "The package holds more than 10000 files" {
		t.Errorf("too many files: %v", err)
	}
	deep := strings.Repeat("a/", partnerd.MaxPackageFiles+1) + "x.connection.json"
	if _, err := partnerd.ReadPackage(packageZip(t, deep, `{}`)); !strings.HasSuffix(partnerd.ErrorMessage(err), "takes the package past 10000 folders") {
		t.Errorf("too many folders: %v", err)
	}
}

func TestPackageNames(t *testing.T) {
	for in, want := range map[string]string{"New lead": "new_lead", "  Lead -> Ticket (v2)!": "lead_ticket_v2",
		"Zähler über": "zähler_über", "日本語 レシピ": "日本語_レシピ", "***": "asset", strings.Repeat("ab ", 60): strings.Repeat("ab_", 33) + "a"} {
		if got := partnerd.SnakeName(in); got != want {
			t.Errorf("SnakeName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"Sales": "Sales", "a/b": "a_b", `a\b`: "a_b", "..": "_", " ": "_", "C:": "C_", "C: D": "C: D"} {
		if got := partnerd.DirName(in); got != want {
			t.Errorf("DirName(%q) = %q, want %q", in, got, want)
		}
	}
	names := partnerd.ZipNames{}
	got := []string{names.Name("", "My recipe", "recipe"), names.Name("", "my recipe", "recipe"),
		names.Name("Sub", "My recipe", "recipe"), names.Name("", "My recipe", "connection"), names.Name("", "my_recipe", "recipe")}
	want := []string{"my_recipe.recipe.json", "my_recipe_2.recipe.json", "my_recipe.recipe.json", "my_recipe.connection.json", "my_recipe_3.recipe.json"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("zip names = %v", got)
	}
}

// FuzzReadPackage feeds any bytes to the package reader: it answers a
// package or a client error, never a panic, and a package it reads is
// written and read back the same.
func FuzzReadPackage(f *testing.F) {
	f.Add(packageZip(f, goodPackage...))
	f.Add(packageZip(f, "../x.recipe.json", "{}"))
	f.Add(packageZip(f, "x.connection.json", `{"name":"X","provider":"p"}`, "y.recipe.json", `{"name":"Y","code":"{\"a\":1}"}`))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := partnerd.ReadPackage(b)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := partnerd.WritePackage(&buf, c.Files, time.Time{}); err != nil {
			t.Fatal(err)
		}
		again, err := partnerd.ReadPackage(buf.Bytes())
		if err != nil {
			t.Fatalf("a package read back: %v", err)
		}
		if len(again.Files) != len(c.Files) {
			t.Fatalf("read back %d files of %d", len(again.Files), len(c.Files))
		}
		for i, f := range c.Files {
			if again.Files[i].Path != f.Path || again.Files[i].Type != f.Type {
				t.Fatalf("file %d read back as %s", i, again.Files[i].Path)
			}
		}
	})
}
