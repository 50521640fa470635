package partnerd

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// PackageContents is a package read from a zip: its asset files in path
// order, every reference between them checked.
type PackageContents struct {
	Files  []*PackageFile
	byPath map[string]*PackageFile
}

// File returns the file a reference names; ReadPackage checked that it
// is there and of the right type.
func (c *PackageContents) File(ref *PackageRef) *PackageFile { return c.byPath[ref.Path()] }

// ReadPackage reads a package from the bytes of a zip, which may come from
// anyone: a zip that is broken or too large, an entry whose path is
// absolute or climbs out of the package, a file that is not
// <name>.<type>.json of a known type or not a valid asset, a file that
// expands too much, and a reference to a file that is not in the package
// are each EINVALID, naming the file at fault.
func ReadPackage(b []byte) (*PackageContents, error) {
	tooMany := Errorf(EINVALID, "The package holds more than %d files", MaxPackageFiles)
	switch {
	case len(b) > MaxPackageSize:
		return nil, Errorf(EINVALID, "The package is larger than %d MiB", MaxPackageSize>>20)
	case bytes.Count(b, []byte("PK\x01\x02")) > MaxPackageFiles:
		// A central directory header starts with these bytes: counting
		// them bounds the memory the zip reader takes for its entries.
		return nil, tooMany
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, Errorf(EINVALID, "The package is not a valid zip file")
	}
	if len(zr.File) > MaxPackageFiles {
		return nil, tooMany
	}
	c := &PackageContents{byPath: map[string]*PackageFile{}}
	folders := map[string]bool{}
	var unzipped uint64
	for _, zf := range zr.File {
		name := zf.Name
		if problem := packagePathProblem(name); problem != "" {
			return nil, packageFileErrorf(name, problem)
		}
		if strings.HasSuffix(name, "/") {
			continue // A directory: its files name it.
		}
		if !zf.Mode().IsRegular() {
			return nil, packageFileErrorf(name, "is not a regular file")
		}
		folder, base := "", name
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			folder, base = name[:i], name[i+1:]
		}
		typ, problem := packageFileType(base)
		if problem != "" {
			return nil, packageFileErrorf(name, problem)
		}
		if c.byPath[name] != nil {
			return nil, packageFileErrorf(name, "is in the package twice")
		}
		// Each directory is a folder an import may create: as many as
		// files at most, however deep the paths.
		for i := 1; i <= len(folder); i++ {
			if i == len(folder) || folder[i] == '/' {
				folders[folder[:i]] = true
			}
		}
		if len(folders) > MaxPackageFiles {
			return nil, packageFileErrorf(name, "takes the package past "+strconv.Itoa(MaxPackageFiles)+" folders")
		}
		data, err := readPackageEntry(zf, &unzipped)
		if err != nil {
			return nil, err
		}
		f, err := decodePackageFile(name, folder, typ, data)
		if err != nil {
			return nil, err
		}
		c.byPath[name] = f
		c.Files = append(c.Files, f)
	}
	slices.SortFunc(c.Files, func(a, b *PackageFile) int { return strings.Compare(a.Path, b.Path) })
	return c, c.check()
}

// packagePathProblem returns what is wrong with the path of a zip entry,
// or "": it must be relative, clean, and stay inside the package.
func packagePathProblem(name string) string {
	switch {
	case name == "":
		return "an entry has no name"
	case !ValidText(name):
		return "the name is not valid text"
	case strings.ContainsRune(name, '\\'):
		return "the path holds a backslash"
	case strings.HasPrefix(name, "/"), isDrive(name):
		return "the path is absolute"
	}
	for _, seg := range strings.Split(strings.TrimSuffix(name, "/"), "/") {
		switch seg {
		case "..":
			return "the path climbs out of the package"
		case ".", "":
			return "the path is not clean"
		}
	}
	return ""
}

// isDrive reports whether a path starts with a Windows drive, "C:/".
func isDrive(name string) bool {
	return len(name) >= 2 && name[1] == ':' && unicode.IsLetter(rune(name[0])) && (len(name) == 2 || name[2] == '/')
}

// packageFileType returns the asset type of a file name
// <name>.<type>.json, or what is wrong with the name.
func packageFileType(base string) (typ, problem string) {
	stem, ok := strings.CutSuffix(base, ".json")
	i := strings.LastIndexByte(stem, '.')
	if !ok || i <= 0 {
		return "", "is not an asset file: its name must be <name>.<type>.json"
	}
	if typ = stem[i+1:]; !isAssetType(typ) {
		return "", "has an unknown asset type " + strconv.Quote(typ) +
			": the types are recipe, connection, lookup_table, account_property, api_group and api_endpoint"
	}
	return typ, ""
}

// readPackageEntry reads a file of a zip, counting its bytes in unzipped.
// A file larger than a whole package, one that expands more than
// MaxPackageRatio, or one that takes the package past MaxPackageUnzipped
// is a zip bomb.
func readPackageEntry(zf *zip.File, unzipped *uint64) ([]byte, error) {
	bomb := packageFileErrorf(zf.Name, "expands too much when unzipped (a zip bomb?)")
	if zf.UncompressedSize64 > MaxPackageSize || *unzipped+zf.UncompressedSize64 > MaxPackageUnzipped {
		return nil, bomb
	}
	rc, err := zf.Open()
	if errors.Is(err, zip.ErrAlgorithm) {
		return nil, packageFileErrorf(zf.Name, "is compressed with a method this server does not read: use deflate")
	} else if err != nil {
		return nil, packageFileErrorf(zf.Name, "cannot be read: the zip is damaged")
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, MaxPackageSize+1))
	if errors.Is(err, zip.ErrChecksum) {
		return nil, packageFileErrorf(zf.Name, "is damaged: its checksum does not match")
	} else if err != nil {
		return nil, packageFileErrorf(zf.Name, "cannot be read: the zip is damaged")
	}
	n := uint64(len(data))
	if *unzipped += n; n > MaxPackageSize || *unzipped > MaxPackageUnzipped ||
		(n > 1<<20 && n > zf.CompressedSize64*MaxPackageRatio) {
		return nil, bomb
	}
	return data, nil
}

// check checks that every reference names a file of the package of the
// right type, and that no two files hold the same account property.
func (c *PackageContents) check() error {
	properties := map[string]bool{}
	for _, f := range c.Files {
		switch f.Type {
		case AssetRecipe:
			for i, e := range f.Recipe.Config {
				if e.AccountID != nil {
					if err := c.checkRef(f, e.AccountID, AssetConnection, "config entry "+strconv.Itoa(i+1)+" account_id"); err != nil {
						return err
					}
				}
			}
		case AssetAPIEndpoint:
			if err := c.checkRef(f, f.APIEndpoint.APIGroup, AssetAPIGroup, "api_group"); err != nil {
				return err
			}
			if f.APIEndpoint.Flow != nil {
				if err := c.checkRef(f, f.APIEndpoint.Flow, AssetRecipe, "flow"); err != nil {
					return err
				}
			}
		case AssetAccountProperty:
			if name := f.AccountProperty.Name; properties[name] {
				return packageFileErrorf(f.Path, "holds the account property "+strconv.Quote(name)+" that another file holds")
			} else {
				properties[name] = true
			}
		}
	}
	return nil
}

// checkRef checks that the reference field of the file names a file of typ.
func (c *PackageContents) checkRef(from *PackageFile, ref *PackageRef, typ, field string) error {
	if to := c.byPath[ref.Path()]; to == nil || to.Type != typ {
		article := "a "
		if strings.IndexByte("aeiou", typ[0]) >= 0 {
			article = "an "
		}
		return packageFileErrorf(from.Path, field+" refers to "+strconv.QuoteToASCII(shortPath(ref.Path()))+
			", which is not "+article+typ+" file of the package")
	}
	return nil
}

// WritePackage writes the files into a zip in path order, each an indented
// JSON object stamped with modified, in the form ReadPackage reads.
func WritePackage(w io.Writer, files []*PackageFile, modified time.Time) error {
	files = slices.Clone(files)
	slices.SortFunc(files, func(a, b *PackageFile) int { return strings.Compare(a.Path, b.Path) })
	zw := zip.NewWriter(w)
	for _, f := range files {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(f.content()); err != nil {
			return err
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Path, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		if _, err := fw.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	return zw.Close()
}

// SnakeName returns a name in snake case, for a file name: in lower case,
// each run of characters other than letters and digits one "_", trimmed
// of "_", at most 100 bytes; "asset" when nothing is left.
func SnakeName(name string) string {
	var b strings.Builder
	underscore := false
	for _, r := range strings.ToLower(name) {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			underscore = true
			continue
		}
		sep := ""
		if underscore && b.Len() > 0 {
			sep = "_"
		}
		if b.Len()+len(sep)+utf8.RuneLen(r) > 100 {
			break
		}
		b.WriteString(sep)
		b.WriteRune(r)
		underscore = false
	}
	if b.Len() == 0 {
		return "asset"
	}
	return b.String()
}

// DirName returns the directory of a folder in a package: its name with
// "/" and "\" turned into "_"; a blank name, "." and ".." are "_", and a
// name that reads as a Windows drive ("C:") ends in "_".
func DirName(name string) string {
	name = strings.NewReplacer("/", "_", "\\", "_").Replace(strings.TrimSpace(name))
	switch {
	case name == "", name == ".", name == "..":
		return "_"
	case isDrive(name + "/"):
		return name[:1] + "_"
	}
	return name
}

// ZipNames hands out the file names of assets, each unique in its
// directory: a second "My recipe" of a folder is my_recipe_2.recipe.json.
type ZipNames map[string]bool

// Name returns the file name of an asset of the type in the directory.
func (n ZipNames) Name(folder, name, typ string) string {
	stem := SnakeName(name)
	for i := 1; ; i++ {
		file := stem + "." + typ + ".json"
		if i > 1 {
			file = stem + "_" + strconv.Itoa(i) + "." + typ + ".json"
		}
		if path := PackagePath(folder, file); !n[path] {
			n[path] = true
			return file
		}
	}
}
