package store_test

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store/storetest"
)

// fuzzPackage is a package with one asset of each type, the seed that the
// fuzzer mutates into packages the store almost takes.
var fuzzPackage = []string{
	"Sales/crm.connection.json", `{"name":"CRM","provider":"salesforce"}`,
	"Sales/sync.recipe.json", `{"name":"Sync","code":{"keyword":"trigger","provider":"salesforce","name":"new_object"},
		"config":[{"provider":"salesforce","account_id":{"zip_name":"crm.connection.json","folder":"Sales"}}]}`,
	"codes.lookup_table.json", `{"name":"Codes","schema":[{"label":"code","type":"string"}],"rows":[{"code":"A1"}]}`,
	"region.account_property.json", `{"name":"region","value":"eu"}`,
	"orders.api_group.json", `{"name":"Orders"}`,
	"get_order.api_endpoint.json", `{"name":"Get order","method":"GET","path":"orders/:id",
		"api_group":{"zip_name":"orders.api_group.json"},"flow":{"zip_name":"sync.recipe.json","folder":"Sales"}}`,
}

func fuzzZip(tb testing.TB, files ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			tb.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzImportPackage imports any bytes into a workspace: the import ends
// completed, or failed with the workspace exactly as it was, never with
// an internal error or a partial import.
func FuzzImportPackage(f *testing.F) {
	db := mustOpen(f, ":memory:")
	account, _ := storetest.MustCreateAccount(f, db, "A", "a@example.com")
	w := storetest.MustCreateCustomer(f, db, account.ID, "Customer")
	f.Add(fuzzZip(f, fuzzPackage...))
	f.Add(fuzzZip(f, append(fuzzPackage[:len(fuzzPackage):len(fuzzPackage)], "Sales/crm.connection.json", `{"name":"CRM","provider":"jira"}`)...))
	f.Add(fuzzZip(f, "x.lookup_table.json", `{"name":"Codes","schema":[{"label":"k","type":"string"}]}`))
	f.Add(fuzzZip(f, "../x.recipe.json", `{}`))
	f.Add([]byte("not a zip"))
	f.Fuzz(func(t *testing.T, zip []byte) {
		ctx := t.Context()
		before := storetest.DumpWorkspace(t, db, w.ID)
		p := &partnerd.Package{Operation: partnerd.PackageImport}
		if err := db.CreatePackage(ctx, w.ID, p); err != nil {
			t.Fatal(err)
		}
		if err := db.ImportPackage(ctx, w.ID, p.ID, zip, true); err != nil {
			t.Fatalf("internal error: %v", err)
		}
		p, err := db.FindPackageByID(ctx, w.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch p.Status {
		case partnerd.PackageCompleted:
		case partnerd.PackageFailed:
			if after := storetest.DumpWorkspace(t, db, w.ID); after != before {
				t.Fatalf("a failed import (%s) changed the workspace", *p.Error)
			}
		default:
			t.Fatalf("import ended %s", p.Status)
		}
	})
}
