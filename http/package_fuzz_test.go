package http

import (
	"testing"

	"github.com/partnerd/partnerd"
)

// FuzzExportManifestBody checks that any body of an export manifest create
// or update decodes to a manifest or a client error, and that a manifest
// that validates names each asset once, properties by name alone.
func FuzzExportManifestBody(f *testing.F) {
	for _, s := range []string{``, `null`, `{}`, `{"export_manifest":null}`, `{"export_manifest":"x"}`,
		`{"export_manifest":{"name":"M","folder_id":"6","assets":[{"id":1,"type":"recipe"},{"id":"1","type":"recipe","checked":"true"}]}}`,
		`{"export_manifest":{"name":"M","assets":[{"id":null,"name":"region","type":"account_property","checked":false}]}}`,
		`{"export_manifest":{"folder_id":-1}}`, `{"export_manifest":{"assets":[{"id":"x"}]}}`, `{"export_manifest":{"assets":[null]}}`, "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, create := range []bool{true, false} {
			var in exportManifestBody
			if err := decodeJSON(body, &in); err != nil {
				if partnerd.ErrorCode(err) != partnerd.EINVALID {
					t.Fatalf("%q: %v", body, err)
				}
				return
			}
			m := &partnerd.ExportManifest{Name: "Kept", FolderID: 3}
			if err := in.apply(m, create); err != nil {
				if partnerd.ErrorCode(err) != partnerd.EINVALID {
					t.Fatalf("%q: %v", body, err)
				}
				continue
			}
			if err := m.Validate(); err != nil {
				continue
			}
			seen := map[partnerd.AssetRef]bool{}
			for _, a := range m.Assets {
				if seen[a] || (a.Type == partnerd.AssetAccountProperty) != (a.ID == 0) {
					t.Fatalf("%q: assets %+v", body, m.Assets)
				}
				seen[a] = true
			}
		}
	})
}
