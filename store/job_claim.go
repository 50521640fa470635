package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/partnerd/partnerd"
)

// ClaimJob gives worker the oldest queued job of a running recipe below
// its concurrency. The candidate is chosen by reads that take no write
// transaction, so that idle workers cost the one writer of SQLite
// nothing; it is then claimed in a transaction that checks it again, on
// PostgreSQL with the job locked (SKIP LOCKED, so that claimers pass each
// other's jobs) and the recipe's row locked to count its running jobs.
func (db *DB) ClaimJob(ctx context.Context, worker string, lease time.Duration) (*partnerd.ClaimedJob, error) {
	// A claimer that lost a candidate to another claims again: the other's
	// claim is committed by then, so the candidate differs.
	for range claimTries - 1 {
		c, err := db.claimOnce(ctx, worker, lease)
		if !errors.Is(err, errLostSlot) {
			return c, err
		}
	}
	c, err := db.claimOnce(ctx, worker, lease)
	if errors.Is(err, errLostSlot) {
		return nil, partnerd.ErrNotFound()
	}
	return c, err
}

// claimTries is how many times ClaimJob claims when it loses races.
const claimTries = 4

// errLostSlot is a claim whose candidate another claimer took, or whose
// recipe had no slot left once its row was locked.
var errLostSlot = errors.New("another claimer took the job or the recipe's last slot")

// Bounds of the search for a candidate: the oldest queued jobs looked at
// first, and then the recipes with queued jobs looked at one by one.
const (
	claimOldest  = 64
	claimRecipes = 1000
)

// claimCandidate is a queued job that a claimer may take.
type claimCandidate struct{ jobID, recipeID, workspaceID int64 }

// findClaimCandidate reads a queued job of a running recipe below its
// concurrency: the oldest among the oldest queued jobs, or else the oldest
// of the first recipe, by id, that has one and a free slot.
func (db *DB) findClaimCandidate(ctx context.Context, c conn) (claimCandidate, error) {
	busy := map[int64]int{}
	rows, err := c.query(ctx, `SELECT recipe_id, COUNT(*) FROM recipe_jobs WHERE run_state = 'running' GROUP BY recipe_id`)
	if err != nil {
		return claimCandidate{}, err
	}
	for rows.Next() {
		var id sql.NullInt64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return claimCandidate{}, err
		}
		busy[id.Int64] = n
	}
	if err := rows.Close(); err != nil {
		return claimCandidate{}, err
	}
	rows, err = c.query(ctx, `SELECT j.id, j.recipe_id, j.workspace_id, r.running, r.concurrency FROM recipe_jobs j
		JOIN recipes r ON r.id = j.recipe_id WHERE j.run_state = 'queued' ORDER BY j.id LIMIT ?`, claimOldest)
	if err != nil {
		return claimCandidate{}, err
	}
	var found *claimCandidate
	n := 0
	for rows.Next() {
		var cand claimCandidate
		var running bool
		var concurrency int
		if err := rows.Scan(&cand.jobID, &cand.recipeID, &cand.workspaceID, &running, &concurrency); err != nil {
			rows.Close()
			return claimCandidate{}, err
		}
		n++
		if found == nil && running && busy[cand.recipeID] < concurrency {
			found = &cand
		}
	}
	if err := rows.Close(); err != nil {
		return claimCandidate{}, err
	}
	if found != nil {
		return *found, nil
	}
	if n < claimOldest {
		return claimCandidate{}, partnerd.ErrNotFound() // every queued job was looked at
	}
	// The oldest jobs are all of recipes that run all they may, or are
	// stopped: the recipes with queued jobs, one index step each.
	after := int64(0)
	for range claimRecipes {
		var recipeID sql.NullInt64
		err := c.queryRow(ctx, `SELECT MIN(recipe_id) FROM recipe_jobs WHERE run_state = 'queued' AND recipe_id > ?`, after).Scan(&recipeID)
		if err != nil {
			return claimCandidate{}, err
		}
		if !recipeID.Valid {
			break
		}
		after = recipeID.Int64
		var running bool
		var concurrency int
		err = c.queryRow(ctx, `SELECT running, concurrency FROM recipes WHERE id = ?`, after).Scan(&running, &concurrency)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return claimCandidate{}, err
		}
		if !running || busy[after] >= concurrency {
			continue
		}
		cand := claimCandidate{recipeID: after}
		err = c.queryRow(ctx, `SELECT id, workspace_id FROM recipe_jobs WHERE recipe_id = ? AND run_state = 'queued'
			ORDER BY id LIMIT 1`, after).Scan(&cand.jobID, &cand.workspaceID)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		return cand, err
	}
	return claimCandidate{}, partnerd.ErrNotFound()
}

// claimOnce finds a candidate and claims it in one transaction.
func (db *DB) claimOnce(ctx context.Context, worker string, lease time.Duration) (*partnerd.ClaimedJob, error) {
	cand, err := db.findClaimCandidate(ctx, db.reader())
	if err != nil {
		return nil, err
	}
	var c *partnerd.ClaimedJob
	err = db.inTx(ctx, func(tx conn) error {
		var state string
		err := tx.queryRow(ctx, `SELECT j.run_state FROM recipe_jobs j WHERE j.id = ?`+db.dialect.skipLocked("j"), cand.jobID).Scan(&state)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && state != "queued") {
			return errLostSlot
		} else if err != nil {
			return err
		}
		var running bool
		var concurrency, busy int
		err = tx.queryRow(ctx, `SELECT running, concurrency FROM recipes WHERE id = ?`+db.dialect.forUpdate, cand.recipeID).Scan(&running, &concurrency)
		if err != nil {
			return err
		}
		err = tx.queryRow(ctx, `SELECT COUNT(*) FROM recipe_jobs WHERE recipe_id = ? AND run_state = 'running'`, cand.recipeID).Scan(&busy)
		if err != nil {
			return err
		}
		if !running || busy >= concurrency {
			return errLostSlot
		}
		r, err := db.findRecipe(ctx, tx, cand.workspaceID, cand.recipeID)
		if err != nil {
			return err
		}
		var attempts int
		err = tx.queryRow(ctx, `UPDATE recipe_jobs SET run_state = 'running', worker = ?, lease_until = ?,
			attempts = attempts + 1, version_no = ? WHERE id = ? RETURNING attempts`,
			worker, db.now()+lease.Milliseconds(), r.VersionNo, cand.jobID).Scan(&attempts)
		if err != nil {
			return err
		}
		c = &partnerd.ClaimedJob{WorkspaceID: cand.workspaceID, Recipe: r, Attempt: attempts, Worker: worker}
		if c.Job, err = findJob(ctx, tx, cand.jobID); err != nil {
			return err
		}
		c.TriggerOutput, err = triggerOutput(ctx, tx, cand.jobID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
