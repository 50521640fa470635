package http

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

var (
	fuzzrunN    = flag.Int("fuzzrun.n", 0, "requests TestFuzzRequests sends; 0 is 100,000, or 10,000 under -short or the race detector")
	fuzzrunSeed = flag.Uint64("fuzzrun.seed", 0, "seed of TestFuzzRequests, to replay a run; 0 picks one")
)

const (
	fuzzHang         = 10 * time.Second // a request that takes longer hangs
	fuzzJobsHang     = time.Minute      // background package jobs still running after it hang
	fuzzRestoreEvery = 1000             // requests between two restores of the seeded accounts
	fuzzMaxFailures  = 20               // failures reported before the run stops
)

// TestFuzzRequests sends random and mutated requests over every route of
// the table, and wholly random ones, to a server over a store seeded with
// objects of every kind. No answer may be a 5xx (a handler still at work
// when its request's fuzzHang deadline passes answers 504), no request may
// panic or hang. Every fuzzRestoreEvery requests the seeded accounts are
// restored, so that their ids stay real and the data stays small. Replay
// a failure with the seed and count it prints.
func TestFuzzRequests(t *testing.T) {
	n := *fuzzrunN
	if n == 0 {
		// The race detector slows the server tenfold: its run looks for
		// races in fewer requests.
		switch {
		case raceDetector:
			n = 2_000
		case testing.Short():
			n = 10_000
		default:
			n = 100_000
		}
	}
	seed := *fuzzrunSeed
	if seed == 0 {
		seed = rand.Uint64()
	}
	f := newFuzzer(t, seed)
	t.Logf("%d requests, seed %d", n, seed)
	defer func() {
		if !f.waitForPackageJobs() {
			t.Errorf("package imports or exports still run %v after the last request", fuzzJobsHang)
		}
	}()
	statuses := map[int]int{}
	var refused, failures, plain4xx, repairs int
	var plainExamples []string
	start := time.Now()
	for i := range n {
		if i > 0 && i%fuzzRestoreEvery == 0 {
			for account := range f.accounts {
				f.restore(t, account, i)
			}
		}
		c := f.next()
		raw := c.raw
		req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			refused++ // net/http answers 400 itself; no handler sees it.
			continue
		}
		req.RemoteAddr = "192.0.2.1:40000"
		rec, panicked, hung := f.serve(req)
		if hung {
			t.Fatalf("request %d did not finish in %v; replay with -fuzzrun.seed=%d -fuzzrun.n=%d\n%s",
				i, fuzzHang+5*time.Second, seed, i+1, quoteRequest(raw))
		}
		if panicked != "" || rec.Code >= 500 {
			failures++
			t.Errorf("request %d answered %d%s; replay with -fuzzrun.seed=%d -fuzzrun.n=%d\n%s\nresponse: %s",
				i, rec.Code, panicked, seed, i+1, quoteRequest(raw), quoteCut(rec.Body.Bytes(), 2000))
			if failures >= fuzzMaxFailures {
				t.Fatalf("stopped after %d failures", failures)
			}
		}
		statuses[rec.Code]++
		if rec.Code >= 400 && rec.Code < 500 && req.Method != http.MethodHead && !json.Valid(rec.Body.Bytes()) {
			plain4xx++
			if example := fmt.Sprintf("%s %s: %d %s", req.Method, quoteCut([]byte(req.RequestURI), 80), rec.Code,
				quoteCut(rec.Body.Bytes(), 80)); len(plainExamples) < 5 && !slices.Contains(plainExamples, example) {
				plainExamples = append(plainExamples, example)
			}
		}
		if rec.Code < 300 {
			f.remember(c, rec.Body.Bytes())
		}
		if c.account >= 0 && (rec.Code == http.StatusUnauthorized && !f.signsIn(c.account) || rec.Code < 300 && c.route != nil && fuzzWipes[c.route.pattern]) {
			// The run revoked the account's own token, limited its
			// addresses, or wiped its seeded objects: restore it, or most
			// of what follows is a 401 or a 404.
			f.restore(t, c.account, i)
			repairs++
		}
	}
	elapsed := time.Since(start)
	t.Logf("%d requests in %v (%.0f/s), seed %d", n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), seed)
	t.Logf("statuses: %s; refused by the HTTP parser: %d; accounts restored after a 401 or a wipe: %d",
		countsText(statuses), refused, repairs)
	if plain4xx > 0 {
		t.Logf("%d client errors whose body is not JSON, such as: %s", plain4xx, strings.Join(plainExamples, "; "))
	}
	t.Logf("%s", f.coverage(t))
}

// fuzzWipes are the routes that remove most or all of the seeded objects.
var fuzzWipes = map[string]bool{
	"POST /_partnerd/reset":                                true,
	"DELETE /api/managed_users/{mu}":                       true,
	"DELETE /api/managed_users/{mu}/projects/{project_id}": true,
	"DELETE /api/projects/{project_id}":                    true,
}

// serve serves one request in process. The request's context ends after
// fuzzHang, which a handler that heeds it answers with a 504; serve
// recovers a panic, and gives up waiting on a handler that does not
// return soon after its deadline.
func (f *fuzzer) serve(req *http.Request) (rec *httptest.ResponseRecorder, panicked string, hung bool) {
	ctx, cancel := context.WithTimeout(context.Background(), fuzzHang)
	defer cancel()
	req = req.WithContext(ctx)
	rec = httptest.NewRecorder()
	done := make(chan string, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Sprintf(" after a panic: %v\n%s", p, debug.Stack())
				return
			}
			done <- ""
		}()
		f.s.ServeHTTP(rec, req)
	}()
	f.timer.Reset(fuzzHang + 5*time.Second)
	defer f.timer.Stop()
	select {
	case panicked = <-done:
		return rec, panicked, false
	case <-f.timer.C:
		return nil, "", true
	}
}

// signsIn reports whether the account's token still signs in from the
// fuzzer's address: a 401 of a request whose credentials were mutated
// leaves the account as it was, and needs no restore.
func (f *fuzzer) signsIn(account int) bool {
	req := httptest.NewRequest(http.MethodGet, "/api/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+f.accounts[account].token)
	req.RemoteAddr = "192.0.2.1:40000"
	rec := httptest.NewRecorder()
	f.s.ServeHTTP(rec, req)
	return rec.Code == http.StatusOK
}

// restore brings a seeded account back to its state after seeding. Now
// and then it takes a fresh snapshot of that state, so that the snapshots
// the run takes (an account keeps its last store.SnapshotsKept) never push
// it out: fewer than 1 request in 200 takes one.
func (f *fuzzer) restore(t *testing.T, account, request int) {
	t.Helper()
	ctx := context.Background()
	a := &f.accounts[account]
	if err := f.s.Snapshots.RestoreSnapshot(ctx, a.id, a.snapshot); err != nil {
		t.Fatalf("restore account %d: %v", a.id, err)
	}
	// A restore leaves a token revoked since the snapshot revoked: the
	// run's client takes its token back.
	if _, err := f.s.DevAPIClients.RegenerateDevAPIClientToken(ctx, a.id, a.clientID, partnerd.HashSecret(a.token)); err != nil {
		t.Fatalf("give account %d its token back: %v", a.id, err)
	}
	if account == 0 {
		clear(f.created) // Mostly A's, and gone.
	}
	if request-a.snapshotAt < 10_000 {
		return
	}
	snap, err := f.s.Snapshots.CreateSnapshot(ctx, a.id)
	if err != nil {
		t.Fatalf("snapshot account %d: %v", a.id, err)
	}
	a.snapshot, a.snapshotAt = snap.ID, request
	if account == 0 {
		f.ids["snapshot/{id}"] = snap.ID
	}
}

// waitForPackageJobs waits for the imports and exports the run started,
// which go on in the background, and reports whether they all ended within
// fuzzJobsHang.
func (f *fuzzer) waitForPackageJobs() bool {
	deadline := time.Now().Add(fuzzJobsHang)
	for len(packageJobs) > 0 {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// coverage says how many routes of the table answered a success and a
// client error, and names the routes that never succeeded.
func (f *fuzzer) coverage(t *testing.T) string {
	families, err := f.env.requests.Gather()
	if err != nil {
		t.Fatal(err)
	}
	succeeded, failed := map[string]bool{}, map[string]bool{}
	for _, mf := range families {
		if mf.GetName() != "partnerd_http_requests_total" {
			continue
		}
		for _, metric := range mf.GetMetric() {
			var route, status string
			for _, l := range metric.GetLabel() {
				switch l.GetName() {
				case "route":
					route = l.GetValue()
				case "status":
					status = l.GetValue()
				}
			}
			if strings.HasPrefix(status, "2") {
				succeeded[route] = true
			} else {
				failed[route] = true
			}
		}
	}
	var never []string
	for _, rt := range f.routes {
		if !succeeded[rt.pattern] {
			never = append(never, rt.pattern)
		}
	}
	return fmt.Sprintf("routes: %d in the table, %d answered a success, %d an error; never a success: %s",
		len(f.routes), len(succeeded), len(failed), strings.Join(never, "; "))
}

// countsText lists counts by status, in order of status.
func countsText(counts map[int]int) string {
	var codes []int
	for code := range counts {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	var parts []string
	for _, code := range codes {
		parts = append(parts, strconv.Itoa(code)+": "+strconv.Itoa(counts[code]))
	}
	return strings.Join(parts, ", ")
}

// quoteRequest shows a raw request with its bytes escaped, the body cut
// past 2,000 bytes.
func quoteRequest(raw []byte) string {
	head, body, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	return fmt.Sprintf("request head: %q\nrequest body (%d bytes): %s", head, len(body), quoteCut(body, 2000))
}

// quoteCut quotes b, cut past max bytes.
func quoteCut(b []byte, max int) string {
	if len(b) <= max {
		return strconv.Quote(string(b))
	}
	return strconv.Quote(string(b[:max])) + fmt.Sprintf("… (%d bytes)", len(b))
}
