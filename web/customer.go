package web

import (
	"context"
	"slices"
	"strings"

	"github.com/partnerd/partnerd"
)

// maxFolders bounds the folder tree the customer page shows.
const maxFolders = 300

// customerView is everything the customer page shows of a workspace. Each
// list holds its first page; its total says whether there are more.
type customerView struct {
	Customer *partnerd.Workspace

	Folders     []folderRow
	FolderNames map[int64]string // every folder the lists name, "Home" for the home folder
	Members     list[*partnerd.Member]
	Roles       list[*partnerd.Role]
	Connections list[*partnerd.Connection]
	Recipes     list[*partnerd.Recipe]
	Tables      list[*partnerd.LookupTable]
	Properties  []property

	Collections list[*partnerd.APICollection]
	Endpoints   list[*partnerd.APIEndpoint]
	APIClients  list[*partnerd.APIClient]
	Profiles    list[*partnerd.AccessProfile]

	OnPrem     bool
	Groups     list[*partnerd.OnPremGroup]
	GroupNames map[int64]string
	Agents     list[*partnerd.OnPremAgent]
}

// list is the first page of a list and the total of its items.
type list[T any] struct {
	Items []T
	Total int
}

func listOf[T any](items []T, total int, err error) (list[T], error) {
	return list[T]{items, total}, err
}

// folderRow is a folder of the tree, with its depth under the home folder
// (the indent shows at most 8 levels).
type folderRow struct {
	*partnerd.Folder
	Indent int
}

type property struct{ Name, Value string }

var firstPage = partnerd.Page{Page: 1, PerPage: perPage}

// customerView reads what the customer page shows.
func (c *Console) customerView(ctx context.Context, ws *partnerd.Workspace) (*customerView, error) {
	v := &customerView{Customer: ws, OnPrem: c.OnPrem != nil}
	var err error
	if v.Folders, err = c.folderTree(ctx, ws.ID); err != nil {
		return nil, err
	}
	if v.Members, err = listOf(c.Members.FindMembers(ctx, ws.ID, firstPage)); err != nil {
		return nil, err
	}
	if v.Roles, err = listOf(c.Roles.FindRoles(ctx, ws.ID, partnerd.RoleFilter{Page: firstPage})); err != nil {
		return nil, err
	}
	if v.Connections, err = listOf(c.Connections.FindConnections(ctx, ws.ID, partnerd.ConnectionFilter{Page: firstPage})); err != nil {
		return nil, err
	}
	if v.Recipes, err = listOf(c.Recipes.FindRecipes(ctx, ws.ID, partnerd.RecipeFilter{ExcludeCode: true, Page: firstPage})); err != nil {
		return nil, err
	}
	if v.Tables, err = listOf(c.LookupTables.FindLookupTables(ctx, ws.ID, firstPage)); err != nil {
		return nil, err
	}
	props, err := c.Properties.FindProperties(ctx, ws.ID, "")
	if err != nil {
		return nil, err
	}
	for name, value := range props {
		v.Properties = append(v.Properties, property{name, value})
	}
	slices.SortFunc(v.Properties, func(a, b property) int { return strings.Compare(a.Name, b.Name) })
	if v.Collections, err = listOf(c.APIPlatform.FindAPICollections(ctx, ws.ID, firstPage)); err != nil {
		return nil, err
	}
	if v.Endpoints, err = listOf(c.APIPlatform.FindAPIEndpoints(ctx, ws.ID, partnerd.APIEndpointFilter{Page: firstPage})); err != nil {
		return nil, err
	}
	if v.APIClients, err = listOf(c.APIPlatform.FindAPIClients(ctx, ws.ID, firstPage)); err != nil {
		return nil, err
	}
	if v.Profiles, err = listOf(c.APIPlatform.FindAccessProfiles(ctx, ws.ID, partnerd.AccessProfileFilter{Page: firstPage})); err != nil {
		return nil, err
	}
	if c.OnPrem != nil {
		if v.Groups, err = listOf(c.OnPrem.FindOnPremGroups(ctx, ws.ID, firstPage)); err != nil {
			return nil, err
		}
		if v.Agents, err = listOf(c.OnPrem.FindOnPremAgents(ctx, ws.ID, firstPage)); err != nil {
			return nil, err
		}
		v.GroupNames = map[int64]string{}
		for _, g := range v.Groups.Items {
			v.GroupNames[g.ID] = g.Name
		}
	}
	return v, c.nameFolders(ctx, v)
}

// nameFolders fills v.FolderNames with the folders of the tree and every
// other folder that a recipe, connection or lookup table of v is in.
func (c *Console) nameFolders(ctx context.Context, v *customerView) error {
	v.FolderNames = map[int64]string{}
	for _, f := range v.Folders {
		v.FolderNames[f.ID] = f.Name
	}
	var ids []int64
	for _, r := range v.Recipes.Items {
		ids = append(ids, r.FolderID)
	}
	for _, cn := range v.Connections.Items {
		ids = append(ids, cn.FolderID)
	}
	for _, t := range v.Tables.Items {
		ids = append(ids, t.FolderID)
	}
	for _, id := range ids {
		if _, ok := v.FolderNames[id]; ok {
			continue
		}
		name, err := c.folderName(ctx, v.Customer.ID, id)
		if err != nil {
			return err
		}
		v.FolderNames[id] = name
	}
	return nil
}

// folderName returns the name of a folder, "Home" for the home folder and
// "—" for a folder out of the caller's reach.
func (c *Console) folderName(ctx context.Context, workspaceID, id int64) (string, error) {
	f, err := c.Folders.FindFolderByID(ctx, workspaceID, id)
	switch {
	case partnerd.ErrorCode(err) == partnerd.ENOTFOUND:
		return "—", nil
	case err != nil:
		return "", err
	case f.ParentID == nil:
		return "Home", nil
	}
	return f.Name, nil
}

// folderTree returns the folders under the home folder depth-first, each
// after its parent, up to maxFolders.
func (c *Console) folderTree(ctx context.Context, workspaceID int64) ([]folderRow, error) {
	var out []folderRow
	var walk func(parent *int64, depth int) error
	walk = func(parent *int64, depth int) error {
		for page := 1; len(out) < maxFolders; page++ {
			children, _, err := c.Folders.FindFolders(ctx, workspaceID, partnerd.FolderFilter{ParentID: parent, Page: partnerd.Page{Page: page, PerPage: perPage}})
			if err != nil {
				return err
			}
			for _, f := range children {
				if len(out) >= maxFolders {
					return nil
				}
				out = append(out, folderRow{f, min(depth, 8)})
				if err := walk(&f.ID, depth+1); err != nil {
					return err
				}
			}
			if len(children) < perPage {
				return nil
			}
		}
		return nil
	}
	return out, walk(nil, 0)
}
