package storetest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// withConcurrency returns the package zip with the concurrency of one of
// its recipe files set to n.
func withConcurrency(t *testing.T, zip []byte, file string, n int) []byte {
	t.Helper()
	files := zipFiles(t, zip)
	var rf map[string]any
	mustOK(t, json.Unmarshal([]byte(files[file]), &rf))
	rf["concurrency"] = n
	b, err := json.Marshal(rf)
	mustOK(t, err)
	files[file] = string(b)
	return zipOf(t, files)
}

// concurrencyOf reads the concurrency of a recipe file of the zip.
func concurrencyOf(t *testing.T, zip []byte, file string) int {
	t.Helper()
	var rf partnerd.RecipeFile
	mustOK(t, json.Unmarshal([]byte(zipFiles(t, zip)[file]), &rf))
	return rf.Concurrency
}

// testPackageConcurrency checks that an import sets each recipe's
// concurrency from its file, on a new recipe and on one it updates, that
// the export writes it back, and that a concurrency out of range fails
// the import.
func testPackageConcurrency(t *testing.T, db *store.DB) {
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	a, b := MustCreateCustomer(t, db, acc.ID, "Customer A"), MustCreateCustomer(t, db, acc.ID, "Customer B")
	tp := mustCreateTemplate(t, db, a.ID)
	into := mustCreateFolder(t, db, b.ID, nil, "Integrations")
	zip := mustExport(t, db, a.ID, tp.folder.ID)
	if n := concurrencyOf(t, zip, "daily_digest.recipe.json"); n != 1 {
		t.Errorf("exported concurrency = %d, want 1", n)
	}

	mustImport(t, db, b.ID, into.ID, withConcurrency(t, zip, "daily_digest.recipe.json", 3), false)
	if r := recipeNamed(t, db, b.ID, "Daily digest"); r.Concurrency != 3 {
		t.Errorf("imported concurrency = %d, want 3", r.Concurrency)
	}
	if r := recipeNamed(t, db, b.ID, "New lead"); r.Concurrency != 1 {
		t.Errorf("concurrency of a recipe file without a change = %d, want 1", r.Concurrency)
	}
	mustImport(t, db, b.ID, into.ID, withConcurrency(t, zip, "daily_digest.recipe.json", partnerd.MaxRecipeConcurrency), false)
	r := recipeNamed(t, db, b.ID, "Daily digest")
	if r.Concurrency != partnerd.MaxRecipeConcurrency || r.VersionNo != 1 {
		t.Errorf("updated concurrency = %d (version %d), want %d in version 1", r.Concurrency, r.VersionNo, partnerd.MaxRecipeConcurrency)
	}
	if n := concurrencyOf(t, mustExport(t, db, b.ID, into.ID), "daily_digest.recipe.json"); n != partnerd.MaxRecipeConcurrency {
		t.Errorf("re-exported concurrency = %d", n)
	}

	for _, n := range []int{-1, partnerd.MaxRecipeConcurrency + 1} {
		p := importZip(t, db, b.ID, into.ID, withConcurrency(t, zip, "daily_digest.recipe.json", n), false)
		if p.Status != partnerd.PackageFailed || p.Error == nil || !strings.Contains(*p.Error, "concurrency") {
			t.Errorf("import of concurrency %d = %s %v", n, p.Status, p.Error)
		}
	}
	if r := recipeNamed(t, db, b.ID, "Daily digest"); r.Concurrency != partnerd.MaxRecipeConcurrency {
		t.Errorf("a failed import changed the concurrency to %d", r.Concurrency)
	}
}
