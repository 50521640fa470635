package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/partnerd/partnerd"
)

var _ partnerd.TagService = (*DB)(nil)

// tagHandle returns the handle of the tag with id: "tag-", eight
// characters, "-" and six more, as Workato's look. The first eleven are
// a bijective mix of the id in base 62, so handles are unique and stable
// without looking sequential.
func tagHandle(id int64) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	x := uint64(id)*0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019 // an odd multiplier: a bijection of uint64
	y := uint64(id)
	var b [14]byte
	for i := range b {
		if i < 11 { // 62^11 > 2^64: eleven digits hold every x.
			b[i] = alphabet[x%62]
			x /= 62
		} else {
			b[i] = alphabet[y%62]
			y /= 62
		}
	}
	return "tag-" + string(b[:8]) + "-" + string(b[8:])
}

const tagColumns = `t.id, t.workspace_id, t.handle, t.title, t.description, t.color, t.author_id, t.author_name,
	t.created_at, t.updated_at, t.last_assigned_at,
	(SELECT COUNT(*) FROM recipe_tags rt WHERE rt.tag_id = t.id),
	(SELECT COUNT(*) FROM connection_tags ct WHERE ct.tag_id = t.id)`

func scanTag(s interface{ Scan(...any) error }) (*partnerd.Tag, error) {
	t := &partnerd.Tag{}
	var created, updated int64
	var assigned sql.NullInt64
	if err := s.Scan(&t.ID, &t.WorkspaceID, &t.Handle, &t.Title, &t.Description, &t.Color, &t.AuthorID, &t.AuthorName,
		&created, &updated, &assigned, &t.RecipeCount, &t.ConnectionCount); err != nil {
		return nil, err
	}
	t.CreatedAt, t.UpdatedAt, t.LastAssignedAt = fromMS(created), fromMS(updated), nullTime(assigned)
	return t, nil
}

// tagSortColumns maps the sort fields of a tag list to their expressions.
var tagSortColumns = map[string]string{
	partnerd.TagSortTitle:           "lower(t.title)",
	partnerd.TagSortAssignmentCount: "((SELECT COUNT(*) FROM recipe_tags rt WHERE rt.tag_id = t.id) + (SELECT COUNT(*) FROM connection_tags ct WHERE ct.tag_id = t.id))",
	partnerd.TagSortUpdatedAt:       "t.updated_at",
	partnerd.TagSortLastAssignedAt:  "COALESCE(t.last_assigned_at, 0)",
}

// FindTags returns a page of the workspace's tags and how many match.
func (db *DB) FindTags(ctx context.Context, workspaceID int64, f partnerd.TagFilter) ([]*partnerd.Tag, int, error) {
	where := []string{"t.workspace_id = ?"}
	args := []any{workspaceID}
	if f.Query != "" {
		if !partnerd.ValidText(f.Query) {
			return nil, 0, partnerd.FieldError("q[title_or_description_cont]", "is invalid")
		}
		where = append(where, `(lower(t.title) LIKE ? ESCAPE '\' OR lower(t.description) LIKE ? ESCAPE '\')`)
		q := "%" + likeEscaper.Replace(strings.ToLower(f.Query)) + "%"
		args = append(args, q, q)
	}
	if len(f.Handles) > 0 {
		where = append(where, "t.handle IN ("+placeholders(len(f.Handles))+")")
		for _, h := range f.Handles {
			args = append(args, h)
		}
	}
	if f.AuthorID != nil {
		where, args = append(where, "t.author_id = ?"), append(args, *f.AuthorID)
	}
	if f.RecipeID != nil {
		where, args = append(where, "t.id IN (SELECT tag_id FROM recipe_tags WHERE recipe_id = ?)"), append(args, *f.RecipeID)
	}
	if f.ConnectionID != nil {
		where, args = append(where, "t.id IN (SELECT tag_id FROM connection_tags WHERE connection_id = ?)"), append(args, *f.ConnectionID)
	}
	if f.OnlyAssigned {
		where = append(where, "(EXISTS (SELECT 1 FROM recipe_tags rt WHERE rt.tag_id = t.id) OR EXISTS (SELECT 1 FROM connection_tags ct WHERE ct.tag_id = t.id))")
	}
	var order []string
	for _, s := range f.Sort {
		col, ok := tagSortColumns[s.Field]
		if !ok {
			return nil, 0, partnerd.FieldError("sort_by", "must be one of title, assignment_count, updated_at, last_assigned_at")
		}
		if s.Desc {
			col += " DESC"
		}
		order = append(order, col)
	}
	order = append(order, "lower(t.title)", "t.id")
	cond := strings.Join(where, " AND ")
	r := db.reader()
	var total int
	if err := r.queryRow(ctx, `SELECT COUNT(*) FROM tags t WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	page := f.Page
	if page.PerPage <= 0 {
		page = partnerd.Page{Page: max(page.Page, 1), PerPage: partnerd.MaxTagsPerPage}
	}
	rows, err := r.query(ctx, `SELECT `+tagColumns+` FROM tags t WHERE `+cond+` ORDER BY `+strings.Join(order, ", ")+
		` LIMIT ? OFFSET ?`, append(args, page.PerPage, page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.Tag{}
	for rows.Next() {
		t, err := scanTag(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, t)
	}
	return list, total, rows.Err()
}

// FindTagByHandle returns one tag of the workspace.
func (db *DB) FindTagByHandle(ctx context.Context, workspaceID int64, handle string) (*partnerd.Tag, error) {
	return findTag(ctx, db.reader(), workspaceID, handle)
}

func findTag(ctx context.Context, c conn, workspaceID int64, handle string) (*partnerd.Tag, error) {
	t, err := scanTag(c.queryRow(ctx, `SELECT `+tagColumns+` FROM tags t WHERE t.workspace_id = ? AND t.handle = ?`, workspaceID, handle))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	}
	return t, err
}

// CreateTag creates a tag of the workspace.
func (db *DB) CreateTag(ctx context.Context, workspaceID int64, t *partnerd.Tag) error {
	if t.Color == "" {
		t.Color = partnerd.TagColors[0]
	}
	if err := t.Validate(); err != nil {
		return err
	}
	if !partnerd.ValidText(t.AuthorName) {
		return partnerd.FieldError("author", "is invalid")
	}
	now := db.now()
	return db.inTx(ctx, func(tx conn) error {
		err := tx.queryRow(ctx, `INSERT INTO tags (workspace_id, handle, title, description, color, author_id, author_name,
			created_at, updated_at) SELECT id, '', ?, ?, ?, ?, ?, ?, ? FROM workspaces WHERE id = ? RETURNING id`,
			t.Title, t.Description, t.Color, t.AuthorID, t.AuthorName, now, now, workspaceID).Scan(&t.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		}
		t.Handle = tagHandle(t.ID)
		if _, err := tx.exec(ctx, `UPDATE tags SET handle = ? WHERE id = ?`, t.Handle, t.ID); err != nil {
			return err
		}
		t.WorkspaceID, t.CreatedAt, t.UpdatedAt = workspaceID, fromMS(now), fromMS(now)
		return nil
	})
}

// UpdateTag changes the fields upd sets.
func (db *DB) UpdateTag(ctx context.Context, workspaceID int64, handle string, upd partnerd.TagUpdate) (*partnerd.Tag, error) {
	var out *partnerd.Tag
	err := db.inTx(ctx, func(tx conn) error {
		t, err := findTag(ctx, tx, workspaceID, handle)
		if err != nil {
			return err
		}
		if upd.Title != nil {
			t.Title = *upd.Title
		}
		if upd.Description != nil {
			t.Description = *upd.Description
		}
		if upd.Color != nil {
			t.Color = *upd.Color
		}
		if err := t.Validate(); err != nil {
			return err
		}
		now := db.now()
		if _, err := tx.exec(ctx, `UPDATE tags SET title = ?, description = ?, color = ?, updated_at = ?
			WHERE workspace_id = ? AND id = ?`, t.Title, t.Description, t.Color, now, workspaceID, t.ID); err != nil {
			return err
		}
		t.UpdatedAt = fromMS(now)
		out = t
		return nil
	})
	return out, err
}

// DeleteTag deletes the tag and its assignments.
func (db *DB) DeleteTag(ctx context.Context, workspaceID int64, handle string) error {
	return db.inTx(ctx, func(tx conn) error {
		return changedOne(tx.exec(ctx, `DELETE FROM tags WHERE workspace_id = ? AND handle = ?`, workspaceID, handle))
	})
}

// AssignTags adds and removes tags of recipes and connections, all or none.
func (db *DB) AssignTags(ctx context.Context, workspaceID int64, a partnerd.TagAssignment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	now := db.now()
	return db.inTx(ctx, func(tx conn) error {
		tagIDs := map[string]int64{}
		for _, h := range append(append([]string{}, a.Add...), a.Remove...) {
			if _, ok := tagIDs[h]; ok {
				continue
			}
			var id int64
			err := tx.queryRow(ctx, `SELECT id FROM tags WHERE workspace_id = ? AND handle = ?`, workspaceID, h).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return partnerd.ErrNotFound().WithDetail("no tag %q in the workspace", h)
			} else if err != nil {
				return err
			}
			tagIDs[h] = id
		}
		for _, asset := range []struct {
			table, link, column string
			ids                 []int64
		}{
			{"recipes", "recipe_tags", "recipe_id", a.RecipeIDs},
			{"connections", "connection_tags", "connection_id", a.ConnectionIDs},
		} {
			for _, id := range asset.ids {
				var n int
				if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM `+asset.table+` WHERE workspace_id = ? AND id = ?`,
					workspaceID, id).Scan(&n); err != nil {
					return err
				}
				if n == 0 {
					return partnerd.ErrNotFound().WithDetail("no %s %d in the workspace", strings.TrimSuffix(asset.table, "s"), id)
				}
				for _, h := range a.Add {
					if _, err := tx.exec(ctx, `INSERT INTO `+asset.link+` (tag_id, `+asset.column+`) VALUES (?, ?)
						ON CONFLICT DO NOTHING`, tagIDs[h], id); err != nil {
						return err
					}
				}
				for _, h := range a.Remove {
					if _, err := tx.exec(ctx, `DELETE FROM `+asset.link+` WHERE tag_id = ? AND `+asset.column+` = ?`,
						tagIDs[h], id); err != nil {
						return err
					}
				}
			}
		}
		for _, h := range a.Add {
			if _, err := tx.exec(ctx, `UPDATE tags SET last_assigned_at = ? WHERE id = ?`, now, tagIDs[h]); err != nil {
				return err
			}
		}
		return nil
	})
}
