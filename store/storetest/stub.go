package storetest

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustCreateStub adds a stub of provider.action answering output to the account.
func mustCreateStub(tb testing.TB, db *store.DB, accountID int64, provider, action, output string) *partnerd.Stub {
	tb.Helper()
	s := &partnerd.Stub{Provider: provider, Action: action, Answers: []partnerd.StubAnswer{{Output: json.RawMessage(output)}}}
	if err := db.CreateStub(tb.Context(), accountID, s); err != nil {
		tb.Fatalf("create stub: %v", err)
	}
	return s
}

// testStubCreate checks that a stub comes back as it was stored, its
// match and answers included.
func testStubCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	s := &partnerd.Stub{Provider: "salesforce", Action: "search_sobjects",
		Match: &partnerd.StubMatch{Contains: json.RawMessage(`{"sobject_name":"Account"}`), Patterns: map[string]string{"name": "Acme.*"}},
		Answers: []partnerd.StubAnswer{{Output: json.RawMessage(`{"records":[]}`)},
			{Error: &partnerd.StubError{Status: 503, Message: "down"}, DelayMS: 5}}}
	mustOK(t, db.CreateStub(ctx, a.ID, s))
	if s.ID == 0 || s.AccountID != a.ID || !s.CreatedAt.Equal(t0) {
		t.Fatalf("created %+v", s)
	}
	got, err := db.FindStubByID(ctx, a.ID, s.ID)
	mustOK(t, err)
	if got.Provider != "salesforce" || got.Action != "search_sobjects" || got.Calls != 0 ||
		string(got.Match.Contains) != `{"sobject_name":"Account"}` || got.Match.Patterns["name"] != "Acme.*" ||
		len(got.Answers) != 2 || string(got.Answers[0].Output) != `{"records":[]}` ||
		got.Answers[1].Error.Status != 503 || got.Answers[1].DelayMS != 5 {
		t.Errorf("found %+v %+v %+v", got, got.Match, got.Answers)
	}
	plain := mustCreateStub(t, db, a.ID, "slack", "post_message", `{"ts":"1"}`)
	got, err = db.FindStubByID(ctx, a.ID, plain.ID)
	mustOK(t, err)
	if got.Match != nil {
		t.Errorf("a stub without match found with %+v", got.Match)
	}
}

// testStubCreateInvalid checks the refusals of bad stubs.
func testStubCreateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	for field, s := range map[string]*partnerd.Stub{
		"provider":                {Action: "x", Answers: []partnerd.StubAnswer{{}}},
		"answers":                 {Provider: "p", Action: "x"},
		"answers[0].error.status": {Provider: "p", Action: "x", Answers: []partnerd.StubAnswer{{Error: &partnerd.StubError{Status: 200, Message: "m"}}}},
		"answers[0].delay_ms":     {Provider: "p", Action: "x", Answers: []partnerd.StubAnswer{{DelayMS: -1}}},
		"match.contains":          {Provider: "p", Action: "x", Match: &partnerd.StubMatch{Contains: json.RawMessage(`[1]`)}, Answers: []partnerd.StubAnswer{{}}},
		"match.patterns.name":     {Provider: "p", Action: "x", Match: &partnerd.StubMatch{Patterns: map[string]string{"name": "("}}, Answers: []partnerd.StubAnswer{{}}},
	} {
		wantField(t, db.CreateStub(ctx, a.ID, s), partnerd.EINVALID, field)
	}
	wantCode(t, db.CreateStub(ctx, 1<<40, &partnerd.Stub{Provider: "p", Action: "x", Answers: []partnerd.StubAnswer{{}}}), partnerd.ENOTFOUND)
}

// testStubListDelete checks filters, order, and deletion of one and all.
func testStubListDelete(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	s1 := mustCreateStub(t, db, a.ID, "slack", "post_message", `{}`)
	s2 := mustCreateStub(t, db, a.ID, "jira", "create_issue", `{}`)
	s3 := mustCreateStub(t, db, a.ID, "slack", "post_message", `{}`)
	list, err := db.FindStubs(ctx, a.ID, partnerd.StubFilter{Provider: "slack"})
	mustOK(t, err)
	if len(list) != 2 || list[0].ID != s1.ID || list[1].ID != s3.ID {
		t.Errorf("slack stubs = %v", list)
	}
	list, err = db.FindStubs(ctx, a.ID, partnerd.StubFilter{})
	mustOK(t, err)
	if len(list) != 3 {
		t.Errorf("all stubs = %d", len(list))
	}
	mustOK(t, db.DeleteStub(ctx, a.ID, s2.ID))
	wantCode(t, db.DeleteStub(ctx, a.ID, s2.ID), partnerd.ENOTFOUND)
	_, err = db.FindStubByID(ctx, a.ID, s2.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	n, err := db.DeleteStubs(ctx, a.ID)
	mustOK(t, err)
	if n != 2 {
		t.Errorf("DeleteStubs = %d, want 2", n)
	}
}

// testStubHit checks that hits count one by one for the sequence of
// answers, and that a stub's calls are the recorded calls it answered.
func testStubHit(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	s := mustCreateStub(t, db, a.ID, "stripe", "create_customer", `{}`)
	for want := 1; want <= 3; want++ {
		n, err := db.HitStub(ctx, a.ID, s.ID)
		mustOK(t, err)
		if n != want {
			t.Errorf("hit %d = %d", want, n)
		}
	}
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	mustOK(t, db.RecordConnectorCalls(ctx, w.ID, []*partnerd.ConnectorCall{
		{Provider: "stripe", Action: "create_customer", StubID: s.ID, StartedAt: t0},
		{Provider: "stripe", Action: "create_customer", StubID: s.ID, StartedAt: t0},
		{Provider: "stripe", Action: "create_customer", StartedAt: t0},
	}))
	got, err := db.FindStubByID(ctx, a.ID, s.ID)
	mustOK(t, err)
	if got.Calls != 2 {
		t.Errorf("calls = %d, want the 2 recorded calls it answered", got.Calls)
	}
}

// testStubCrossTenant checks that an account neither sees nor changes
// another's stubs, and that a job of a customer workspace tries the stubs
// of its own account alone.
func testStubCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	wa := MustCreateCustomer(t, db, a.ID, "Customer A")
	wb := MustCreateCustomer(t, db, b.ID, "Customer B")
	sa := mustCreateStub(t, db, a.ID, "slack", "post_message", `{"from":"a"}`)
	_, err := db.FindStubByID(ctx, b.ID, sa.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteStub(ctx, b.ID, sa.ID), partnerd.ENOTFOUND)
	_, err = db.HitStub(ctx, b.ID, sa.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	if n, err := db.DeleteStubs(ctx, b.ID); err != nil || n != 0 {
		t.Errorf("B's DeleteStubs = %d, %v", n, err)
	}
	if list, err := db.FindStubs(ctx, b.ID, partnerd.StubFilter{}); err != nil || len(list) != 0 {
		t.Errorf("B's stubs = %v, %v", list, err)
	}
	// A customer workspace is no account: its id holds no stubs.
	wantCode(t, db.CreateStub(ctx, wa.ID, &partnerd.Stub{Provider: "p", Action: "x", Answers: []partnerd.StubAnswer{{}}}), partnerd.ENOTFOUND)
	for _, c := range []struct {
		workspaceID int64
		want        int
	}{{a.ID, 1}, {wa.ID, 1}, {b.ID, 0}, {wb.ID, 0}} {
		list, err := db.FindWorkspaceStubs(ctx, c.workspaceID, "slack", "post_message")
		mustOK(t, err)
		if len(list) != c.want {
			t.Errorf("workspace %d tries %d stubs, want %d", c.workspaceID, len(list), c.want)
		}
	}
	if list, _ := db.FindWorkspaceStubs(ctx, wa.ID, "slack", "other"); len(list) != 0 {
		t.Errorf("another action tries %v", list)
	}
}

// testStubHitConcurrent checks that concurrent hits of a stub, as jobs of
// several workers and replicas make them, each get a number of their own.
func testStubHitConcurrent(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	s := mustCreateStub(t, db, a.ID, "stripe", "create_customer", `{}`)
	const callers, hits = 8, 10
	got := make(chan int, callers*hits)
	var wg sync.WaitGroup
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range hits {
				n, err := db.HitStub(ctx, a.ID, s.ID)
				if err != nil {
					t.Error(err)
					return
				}
				got <- n
			}
		}()
	}
	wg.Wait()
	close(got)
	seen := map[int]bool{}
	for n := range got {
		if seen[n] || n < 1 || n > callers*hits {
			t.Errorf("hit number %d given twice or out of range", n)
		}
		seen[n] = true
	}
	if len(seen) != callers*hits {
		t.Errorf("%d distinct hit numbers, want %d", len(seen), callers*hits)
	}
}
