// Package storetest is the one backend-agnostic suite of package store. The
// store's own test runs it on SQLite always and on PostgreSQL when
// PARTNERD_TEST_POSTGRES names a database, so both dialects answer the same.
package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// tests lists every behaviour of the suite, one subtest each.
var tests = []struct {
	name string
	fn   func(t *testing.T, db *store.DB)
}{
	{"AccountCreate", testAccountCreate},
	{"AccountCreateInvalid", testAccountCreateInvalid},
	{"AccountCount", testAccountCount},
	{"AccountDelete", testAccountDelete},
	{"AuthenticateAPIKey", testAuthenticateAPIKey},
	{"AuthenticateTokenUnknown", testAuthenticateTokenUnknown},
	{"CustomerCounts", testCustomerCounts},
	{"CustomerCreate", testCustomerCreate},
	{"CustomerCreateInvalid", testCustomerCreateInvalid},
	{"CustomerFindByExternalID", testCustomerFindByExternalID},
	{"CustomerExternalIDConflict", testCustomerExternalIDConflict},
	{"CustomerList", testCustomerList},
	{"CustomerUpdate", testCustomerUpdate},
	{"CustomerUpdateInvalid", testCustomerUpdateInvalid},
	{"CustomerDelete", testCustomerDelete},
	{"CustomerCrossTenant", testCustomerCrossTenant},
	{"CustomerUsage", testCustomerUsage},

	{"DevAPIClientCreate", testDevAPIClientCreate},
	{"DevAPIClientCreateInvalid", testDevAPIClientCreateInvalid},
	{"DevAPIClientList", testDevAPIClientList},
	{"DevAPIClientUpdate", testDevAPIClientUpdate},
	{"DevAPIClientDelete", testDevAPIClientDelete},
	{"DevAPIClientRegenerate", testDevAPIClientRegenerate},
	{"DevAPIClientCrossTenant", testDevAPIClientCrossTenant},
	{"ClientRoleCreate", testClientRoleCreate},
	{"ClientRoleCreateInvalid", testClientRoleCreateInvalid},
	{"ClientRoleCrossTenant", testClientRoleCrossTenant},
	{"ClientRoleUpdate", testClientRoleUpdate},
	{"ClientRoleDelete", testClientRoleDelete},
	{"ClientRoleChangeCrossTenant", testClientRoleChangeCrossTenant},

	{"MemberCreate", testMemberCreate},
	{"MemberCreateInvalid", testMemberCreateInvalid},
	{"MemberList", testMemberList},
	{"MemberUpdate", testMemberUpdate},
	{"MemberDelete", testMemberDelete},
	{"MemberFindInAccount", testMemberFindInAccount},
	{"MemberCrossTenant", testMemberCrossTenant},

	{"EnvironmentProvision", testEnvironmentProvision},
	{"EnvironmentCrossTenant", testEnvironmentCrossTenant},
	{"EnvironmentSnapshot", testEnvironmentSnapshot},
	{"DeploymentDeploy", testDeploymentDeploy},
	{"DeploymentNotProvisioned", testDeploymentNotProvisioned},
	{"DeploymentCrossTenant", testDeploymentCrossTenant},

	{"FolderHome", testFolderHome},
	{"FolderCreate", testFolderCreate},
	{"FolderCreateInvalid", testFolderCreateInvalid},
	{"FolderList", testFolderList},
	{"FolderRename", testFolderRename},
	{"FolderMove", testFolderMove},
	{"FolderMoveInvalid", testFolderMoveInvalid},
	{"FolderDelete", testFolderDelete},
	{"ProjectDelete", testProjectDelete},
	{"FolderCrossTenant", testFolderCrossTenant},
	{"FolderMoveConcurrent", testFolderMoveConcurrent},
	{"FolderDeleteConcurrent", testFolderDeleteConcurrent},
	{"FolderScopeRead", testFolderScopeRead},
	{"FolderScopeWrite", testFolderScopeWrite},
	{"FolderScopeNone", testFolderScopeNone},

	{"ConnectionCreate", testConnectionCreate},
	{"ConnectionCreateInvalid", testConnectionCreateInvalid},
	{"ConnectionList", testConnectionList},
	{"ConnectionUpdate", testConnectionUpdate},
	{"ConnectionUpdateInvalid", testConnectionUpdateInvalid},
	{"ConnectionDelete", testConnectionDelete},
	{"ConnectionFindInAccount", testConnectionFindInAccount},
	{"ConnectionCrossTenant", testConnectionCrossTenant},
	{"ConnectionFolderScope", testConnectionFolderScope},
	{"ConnectionInputEncrypted", testConnectionInputEncrypted},
	{"ConnectionWithInput", testConnectionWithInput},
	{"ConnectionFolderDeleteConcurrent", testConnectionFolderDeleteConcurrent},
	{"SecretKey", testSecretKey},

	{"RoleCreate", testRoleCreate},
	{"RoleCreateInvalid", testRoleCreateInvalid},
	{"RoleFind", testRoleFind},
	{"RoleCopy", testRoleCopy},
	{"RoleCrossTenant", testRoleCrossTenant},

	{"RecipeCreate", testRecipeCreate},
	{"RecipeCreateInvalid", testRecipeCreateInvalid},
	{"RecipeList", testRecipeList},
	{"RecipeUpdate", testRecipeUpdate},
	{"RecipeStart", testRecipeStart},
	{"RecipeCopy", testRecipeCopy},
	{"RecipeCrossTenant", testRecipeCrossTenant},
	{"RecipeStamps", testRecipeStamps},
	{"RecipeJobs", testRecipeJobs},
	{"JobQueue", testJobQueue},
	{"JobQueueStopped", testJobQueueStopped},
	{"JobQueueConcurrency", testJobQueueConcurrency},
	{"JobQueueConcurrentClaims", testJobQueueConcurrentClaims},
	{"JobQueueRescue", testJobQueueRescue},
	{"JobQueueCrossTenant", testJobQueueCrossTenant},
	{"JobLineCap", testJobLineCap},
	{"JobQueueWebhook", testJobQueueWebhook},
	{"JobQueueSchedule", testJobQueueSchedule},
	{"JobQueuePrune", testJobQueuePrune},
	{"JobQueueReady", testJobQueueReady},
	{"JobQueueWatch", testJobQueueWatch},
	{"JobRepeat", testJobRepeat},
	{"JobRepeatCrossTenant", testJobRepeatCrossTenant},
	{"RecipeResetTrigger", testRecipeResetTrigger},
	{"RecipeVersion", testRecipeVersion},
	{"PackageConcurrency", testPackageConcurrency},
	{"JobQueueClaimEvent", testJobQueueClaimEvent},
	{"JobQueueLiveLines", testJobQueueLiveLines},
	{"JobQueueManyLines", testJobQueueManyLines},
	{"JobLineAgent", testJobLineAgent},
	{"RecipeUsage", testRecipeUsage},
	{"RecipeSearch", testRecipeSearch},
	{"RecipeFolderScope", testRecipeFolderScope},
	{"RecipeStartConcurrent", testRecipeStartConcurrent},
	{"RecipeStartFolderScope", testRecipeStartFolderScope},
	{"ReferenceCrossTenant", testReferenceCrossTenant},
	{"ConnectionDeleteCrossTenant", testConnectionDeleteCrossTenant},

	{"StubCreate", testStubCreate},
	{"StubCreateInvalid", testStubCreateInvalid},
	{"StubListDelete", testStubListDelete},
	{"StubHit", testStubHit},
	{"StubHitConcurrent", testStubHitConcurrent},
	{"StubCrossTenant", testStubCrossTenant},
	{"ConnectorCalls", testConnectorCalls},
	{"ConnectorCallsCrossTenant", testConnectorCallsCrossTenant},
	{"ConnectorCallsWithFinish", testConnectorCallsWithFinish},
	{"JobAppendRetried", testJobAppendRetried},
	{"JobLinesManyRetried", testJobLinesManyRetried},

	{"ConnectorCatalog", testConnectorCatalog},
	{"ConnectorShared", testConnectorShared},
	{"CustomConnectorCreate", testCustomConnectorCreate},
	{"CustomConnectorCreateInvalid", testCustomConnectorCreateInvalid},
	{"CustomConnectorFind", testCustomConnectorFind},
	{"CustomConnectorUpdate", testCustomConnectorUpdate},
	{"CustomConnectorRelease", testCustomConnectorRelease},
	{"CustomConnectorShare", testCustomConnectorShare},
	{"CustomConnectorCrossTenant", testCustomConnectorCrossTenant},

	{"APICollectionCreate", testAPICollectionCreate},
	{"APICollectionCreateInvalid", testAPICollectionCreateInvalid},
	{"APIEndpointEnable", testAPIEndpointEnable},
	{"APIClientCreate", testAPIClientCreate},
	{"APIClientUpdate", testAPIClientUpdate},
	{"AccessProfileSecrets", testAccessProfileSecrets},
	{"APIPlatformCrossTenant", testAPIPlatformCrossTenant},
	{"APIGatewayCredentials", testAPIGatewayCredentials},
	{"APIPolicies", testAPIPolicies},
	{"APIJWTCredentials", testAPIJWTCredentials},
	{"APIGatewayCrossTenant", testAPIGatewayCrossTenant},
	{"RateLimitWindows", testRateLimitWindows},
	{"APIPlatformFolderScope", testAPIPlatformFolderScope},

	{"LookupTableCreate", testLookupTableCreate},
	{"LookupTableCreateInvalid", testLookupTableCreateInvalid},
	{"LookupTableList", testLookupTableList},
	{"LookupTableDelete", testLookupTableDelete},
	{"LookupTableCrossTenant", testLookupTableCrossTenant},
	{"LookupTableFolderScope", testLookupTableFolderScope},
	{"LookupRows", testLookupRows},
	{"LookupRowFilters", testLookupRowFilters},
	{"LookupRowLimit", testLookupRowLimit},
	{"PropertyUpsert", testPropertyUpsert},
	{"PropertyAllOrNothing", testPropertyAllOrNothing},
	{"PropertyLimit", testPropertyLimit},
	{"PropertyCrossTenant", testPropertyCrossTenant},

	{"ActivityFilters", testActivityFilters},
	{"ActivityInvalid", testActivityInvalid},
	{"ActivityPrune", testActivityPrune},
	{"ActivityCrossTenant", testActivityCrossTenant},
	{"TagCreate", testTagCreate},
	{"TagCreateInvalid", testTagCreateInvalid},
	{"TagAssign", testTagAssign},
	{"TagCrossTenant", testTagCrossTenant},

	{"PackageRoundTrip", testPackageRoundTrip},
	{"PackageRestart", testPackageRestart},
	{"PackageDamaged", testPackageDamaged},
	{"PackageOneImport", testPackageOneImport},
	{"PackageCrossTenant", testPackageCrossTenant},
	{"PackageFolderScope", testPackageFolderScope},
	{"PackageDownloadSignature", testPackageDownloadSignature},
	{"FolderAssets", testFolderAssets},
	{"ExportManifest", testExportManifest},

	{"OnPremGroups", testOnPremGroups},
	{"OnPremAgents", testOnPremAgents},
	{"OnPremPresence", testOnPremPresence},
	{"OnPremGroupStatus", testOnPremGroupStatus},
	{"OnPremActivationCodes", testOnPremActivationCodes},
	{"OnPremCrossTenant", testOnPremCrossTenant},
	{"OnPremRelay", testOnPremRelay},
	{"OnPremRelayClaimOnce", testOnPremRelayClaimOnce},
	{"OnPremRelayLeaseExpiry", testOnPremRelayLeaseExpiry},
	{"OnPremRelayCrossTenant", testOnPremRelayCrossTenant},

	{"SnapshotCoversSchema", testSnapshotCoversSchema},
	{"SnapshotRestore", testSnapshotRestore},
	{"SnapshotCredentials", testSnapshotCredentials},
	{"SnapshotCrossTenant", testSnapshotCrossTenant},
	{"SnapshotKept", testSnapshotKept},
	{"ResetAccount", testResetAccount},

	{"RateLimitAllow", testRateLimitAllow},
	{"RateLimitConcurrent", testRateLimitConcurrent},
}

// Run runs the suite, each test in parallel on its own fresh, migrated
// database from open, which closes it when the test ends.
func Run(t *testing.T, open func(tb testing.TB) *store.DB) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, open(t))
		})
	}
}

// MustCreateAccount creates a partner account with a fresh first client
// token, which the returned client carries in Token.
func MustCreateAccount(tb testing.TB, db *store.DB, name, email string) (*partnerd.Workspace, *partnerd.DevAPIClient) {
	tb.Helper()
	token, hash := partnerd.NewToken()
	w, c, err := db.CreateAccount(tb.Context(), &partnerd.NewAccount{
		Name:       name,
		Email:      email,
		APIKeyHash: partnerd.HashSecret(partnerd.RandomString(32)),
		ClientName: name + " admin client",
		TokenHash:  hash,
	})
	if err != nil {
		tb.Fatalf("create account %q: %v", name, err)
	}
	c.Token = token
	return w, c
}

// MustCreateCustomer creates a customer workspace of the account with the
// defaults the API fills in.
func MustCreateCustomer(tb testing.TB, db *store.DB, accountID int64, name string) *partnerd.Workspace {
	tb.Helper()
	w := newCustomer(name)
	if err := db.CreateCustomer(tb.Context(), accountID, w); err != nil {
		tb.Fatalf("create customer %q: %v", name, err)
	}
	return w
}

// newCustomer returns a valid customer workspace that is not stored yet.
func newCustomer(name string) *partnerd.Workspace {
	return &partnerd.Workspace{
		Name:              name,
		NotificationEmail: "ops@example.com",
		PlanID:            partnerd.DefaultPlanID,
		TimeZone:          partnerd.DefaultTimeZone,
		TeamName:          name,
	}
}

// fixClock sets the store's clock to the returned pointer's time, which a
// test may move on.
func fixClock(db *store.DB, t time.Time) *time.Time {
	now := t
	db.Now = func() time.Time { return now }
	return &now
}

// t0 is the fixed time tests start their clock at.
var t0 = time.Date(2024, 5, 1, 12, 0, 30, 0, time.UTC)

// wantCode fails the test unless err carries the code.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := partnerd.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q (err %v), want %q", got, err, code)
	}
}

// wantField fails the test unless err is a *partnerd.Error with the code
// naming the field.
func wantField(tb testing.TB, err error, code, field string) {
	tb.Helper()
	wantCode(tb, err, code)
	var e *partnerd.Error
	if !errors.As(err, &e) {
		tb.Fatalf("error %v is not a *partnerd.Error", err)
	}
	if len(e.Fields[field]) == 0 {
		tb.Fatalf("error fields = %v, want a problem with %q", e.Fields, field)
	}
}

// mustOK fails the test when err is not nil.
func mustOK(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

func page(n, per int) partnerd.Page { return partnerd.Page{Page: n, PerPage: per} }
