package http

// testHelperRoutes lists the test helpers of whole accounts (running.md),
// served with --test-helpers only, with the envelope each one answers.
func (s *Server) testHelperRoutes() []route {
	return []route{
		{pattern: "POST /_partnerd/accounts", family: familyTest, handle: s.handleTestAccountCreate},                // {id, token, api_key}
		{pattern: "POST /_partnerd/reset", family: familyTest, handle: s.handleTestReset},                           // {success:true}
		{pattern: "POST /_partnerd/snapshot", family: familyTest, handle: s.handleTestSnapshotCreate},               // {id}
		{pattern: "POST /_partnerd/snapshot/{id}/restore", family: familyTest, handle: s.handleTestSnapshotRestore}, // {success:true}
		{pattern: journalRoute, family: familyTest, handle: s.handleTestRequests},                                   // [Request], newest first
		{pattern: journalClearRoute, family: familyTest, handle: s.handleTestRequestsClear},                         // {success:true}
		{pattern: "PUT /_partnerd/faults", family: familyTest, handle: s.handleTestFaults},                          // [Fault]
		{pattern: "GET /_partnerd/faults", family: familyTest, handle: s.handleTestFaultList},                       // [Fault]
		{pattern: "POST /_partnerd/faults", family: familyTest, handle: s.handleTestFaultCreate},                    // Fault
		{pattern: "DELETE /_partnerd/faults", family: familyTest, handle: s.handleTestFaultsClear},                  // {success:true}
		{pattern: "DELETE /_partnerd/faults/{id}", family: familyTest, handle: s.handleTestFaultDelete},             // {success:true}
		{pattern: "POST /_partnerd/stubs", family: familyTest, handle: s.handleTestStubCreate},                      // Stub
		{pattern: "GET /_partnerd/stubs", family: familyTest, handle: s.handleTestStubList},                         // [Stub]
		{pattern: "DELETE /_partnerd/stubs", family: familyTest, handle: s.handleTestStubsClear},                    // {success:true}
		{pattern: "GET /_partnerd/stubs/{id}", family: familyTest, handle: s.handleTestStubGet},                     // Stub
		{pattern: "DELETE /_partnerd/stubs/{id}", family: familyTest, handle: s.handleTestStubDelete},               // {success:true}
		{pattern: "GET /_partnerd/calls", family: familyTest, handle: s.handleTestCalls},                            // {data:[Call], total}
		{pattern: "DELETE /_partnerd/calls", family: familyTest, handle: s.handleTestCallsClear},                    // {success:true}
	}
}
