package http

// apiClientV1Input is the body of a v1 API client create.
type apiClientV1Input struct {
	Name        optional[string] `json:"name"`
	Description optional[string] `json:"description"`
}

// The routes of routes_api_platform.go: the v1 routes of a customer
// workspace ({result:[…]} lists) and of the caller's own (bare arrays),
// then the v2 clients and their keys.
var _ = document(map[string]routeDoc{
	"GET /api/managed_users/{mu}/api_collections":                         {summary: "List API collections", paged: apiPageMax, ok: resultOf[[]apiCollectionJSON]{}},
	"POST /api/managed_users/{mu}/api_collections":                        {summary: "Create an API collection, with an endpoint per operation of openapi_spec", body: apiCollectionInput{}, need: []string{"name"}, ok: apiCollectionJSON{}},
	"GET /api/managed_users/{mu}/api_endpoints":                           {summary: "List API endpoints", query: []string{"api_collection_id"}, paged: apiPageMax, ok: resultOf[[]apiEndpointJSON]{}},
	"PUT /api/managed_users/{mu}/api_endpoints/{id}/enable":               {summary: "Enable an endpoint whose recipe runs", ok: success{}},
	"PUT /api/managed_users/{mu}/api_endpoints/{id}/disable":              {summary: "Disable an endpoint", ok: success{}},
	"GET /api/managed_users/{mu}/api_clients":                             {summary: "List API clients", paged: apiPageMax, ok: resultOf[[]apiClientJSON]{}},
	"POST /api/managed_users/{mu}/api_clients":                            {summary: "Create an API client", body: apiClientV1Input{}, need: []string{"name"}, ok: apiClientJSON{}},
	"GET /api/managed_users/{mu}/api_access_profiles":                     {summary: "List access profiles", query: []string{"api_client_id"}, paged: apiPageMax, ok: resultOf[[]accessProfileJSON]{}},
	"POST /api/managed_users/{mu}/api_access_profiles":                    {summary: "Create an access profile; its secret is shown once", body: accessProfileInput{}, need: []string{"name", "api_client_id", "api_collection_ids", "auth_type"}, ok: accessProfileJSON{}},
	"PUT /api/managed_users/{mu}/api_access_profiles/{id}":                {summary: "Update an access profile", body: accessProfileInput{}, ok: accessProfileJSON{}},
	"PUT /api/managed_users/{mu}/api_access_profiles/{id}/enable":         {summary: "Enable an access profile", ok: success{}},
	"PUT /api/managed_users/{mu}/api_access_profiles/{id}/disable":        {summary: "Disable an access profile", ok: success{}},
	"PUT /api/managed_users/{mu}/api_access_profiles/{id}/refresh_secret": {summary: "A new secret for an access profile, shown once; jwt profiles have none", ok: accessProfileJSON{}},

	"GET /api/api_collections":                         {summary: "List API collections", paged: apiPageMax, ok: []apiCollectionJSON{}},
	"POST /api/api_collections":                        {summary: "Create an API collection, with an endpoint per operation of openapi_spec", body: apiCollectionInput{}, need: []string{"name"}, ok: apiCollectionJSON{}},
	"GET /api/api_endpoints":                           {summary: "List API endpoints", query: []string{"api_collection_id"}, paged: apiPageMax, ok: []apiEndpointJSON{}},
	"PUT /api/api_endpoints/{id}/enable":               {summary: "Enable an endpoint whose recipe runs", ok: success{}},
	"PUT /api/api_endpoints/{id}/disable":              {summary: "Disable an endpoint", ok: success{}},
	"GET /api/api_clients":                             {summary: "List API clients", paged: apiPageMax, ok: []apiClientJSON{}},
	"POST /api/api_clients":                            {summary: "Create an API client", body: apiClientV1Input{}, need: []string{"name"}, ok: apiClientJSON{}},
	"GET /api/api_access_profiles":                     {summary: "List access profiles", query: []string{"api_client_id"}, paged: apiPageMax, ok: []accessProfileJSON{}},
	"POST /api/api_access_profiles":                    {summary: "Create an access profile; its secret is shown once", body: accessProfileInput{}, need: []string{"name", "api_client_id", "api_collection_ids", "auth_type"}, ok: accessProfileJSON{}},
	"PUT /api/api_access_profiles/{id}":                {summary: "Update an access profile", body: accessProfileInput{}, ok: accessProfileJSON{}},
	"PUT /api/api_access_profiles/{id}/enable":         {summary: "Enable an access profile", ok: success{}},
	"PUT /api/api_access_profiles/{id}/disable":        {summary: "Disable an access profile", ok: success{}},
	"PUT /api/api_access_profiles/{id}/refresh_secret": {summary: "A new secret for an access profile, shown once; jwt profiles have none", ok: accessProfileJSON{}},

	"GET /api/v2/managed_users/{mu}/api_clients":                                       {summary: "List v2 API clients", paged: apiPageMax, ok: dataPage[apiClientV2JSON]{}},
	"POST /api/v2/managed_users/{mu}/api_clients":                                      {summary: "Create a v2 API client", body: apiClientInput{}, need: []string{"name", "auth_type"}, ok: dataOf[apiClientV2JSON]{}},
	"GET /api/v2/managed_users/{mu}/api_clients/{id}":                                  {summary: "Get a v2 API client", ok: dataOf[apiClientV2JSON]{}},
	"PUT /api/v2/managed_users/{mu}/api_clients/{id}":                                  {summary: "Update a v2 API client", body: apiClientInput{}, ok: dataOf[apiClientV2JSON]{}},
	"DELETE /api/v2/managed_users/{mu}/api_clients/{id}":                               {summary: "Delete a v2 API client", ok: success{}},
	"GET /api/v2/managed_users/{mu}/api_clients/{id}/api_keys":                         {summary: "List a client's API keys", paged: apiPageMax, ok: dataPage[apiKeyJSON]{}},
	"POST /api/v2/managed_users/{mu}/api_clients/{id}/api_keys":                        {summary: "Create an API key; its auth_token is shown once", body: apiKeyInput{}, need: []string{"name", "active"}, ok: dataOf[apiKeyJSON]{}},
	"PUT /api/v2/managed_users/{mu}/api_clients/{id}/api_keys/{key_id}":                {summary: "Update an API key", body: apiKeyInput{}, ok: dataOf[apiKeyJSON]{}},
	"DELETE /api/v2/managed_users/{mu}/api_clients/{id}/api_keys/{key_id}":             {summary: "Delete an API key", ok: success{}},
	"PUT /api/v2/managed_users/{mu}/api_clients/{id}/api_keys/{key_id}/enable":         {summary: "Enable an API key", ok: dataOf[apiKeyJSON]{}},
	"PUT /api/v2/managed_users/{mu}/api_clients/{id}/api_keys/{key_id}/disable":        {summary: "Disable an API key", ok: dataOf[apiKeyJSON]{}},
	"PUT /api/v2/managed_users/{mu}/api_clients/{id}/api_keys/{key_id}/refresh_secret": {summary: "A new auth_token for an API key, shown once", ok: dataOf[apiKeyJSON]{}},

	"GET /api/v2/api_clients":                                       {summary: "List v2 API clients", paged: apiPageMax, ok: dataPage[apiClientV2JSON]{}},
	"POST /api/v2/api_clients":                                      {summary: "Create a v2 API client", body: apiClientInput{}, need: []string{"name", "auth_type"}, ok: dataOf[apiClientV2JSON]{}},
	"GET /api/v2/api_clients/{id}":                                  {summary: "Get a v2 API client", ok: dataOf[apiClientV2JSON]{}},
	"PUT /api/v2/api_clients/{id}":                                  {summary: "Update a v2 API client", body: apiClientInput{}, ok: dataOf[apiClientV2JSON]{}},
	"DELETE /api/v2/api_clients/{id}":                               {summary: "Delete a v2 API client", ok: success{}},
	"GET /api/v2/api_clients/{id}/api_keys":                         {summary: "List a client's API keys", paged: apiPageMax, ok: dataPage[apiKeyJSON]{}},
	"POST /api/v2/api_clients/{id}/api_keys":                        {summary: "Create an API key; its auth_token is shown once", body: apiKeyInput{}, need: []string{"name", "active"}, ok: dataOf[apiKeyJSON]{}},
	"PUT /api/v2/api_clients/{id}/api_keys/{key_id}":                {summary: "Update an API key", body: apiKeyInput{}, ok: dataOf[apiKeyJSON]{}},
	"DELETE /api/v2/api_clients/{id}/api_keys/{key_id}":             {summary: "Delete an API key", ok: success{}},
	"PUT /api/v2/api_clients/{id}/api_keys/{key_id}/enable":         {summary: "Enable an API key", ok: dataOf[apiKeyJSON]{}},
	"PUT /api/v2/api_clients/{id}/api_keys/{key_id}/disable":        {summary: "Disable an API key", ok: dataOf[apiKeyJSON]{}},
	"PUT /api/v2/api_clients/{id}/api_keys/{key_id}/refresh_secret": {summary: "A new auth_token for an API key, shown once", ok: dataOf[apiKeyJSON]{}},

	"GET /api/v2/managed_users/{mu}/api_policies":         {summary: "List the API access policies of a customer workspace", paged: apiPageMax, ok: dataPage[apiPolicyJSON]{}},
	"POST /api/v2/managed_users/{mu}/api_policies":        {summary: "Create an API access policy in a customer workspace", body: apiPolicyInput{}, need: []string{"name"}, ok: dataOf[apiPolicyJSON]{}},
	"GET /api/v2/managed_users/{mu}/api_policies/{id}":    {summary: "Get an API access policy of a customer workspace", ok: dataOf[apiPolicyJSON]{}},
	"PUT /api/v2/managed_users/{mu}/api_policies/{id}":    {summary: "Update an API access policy; its clients are held to it at once", body: apiPolicyInput{}, ok: dataOf[apiPolicyJSON]{}},
	"DELETE /api/v2/managed_users/{mu}/api_policies/{id}": {summary: "Delete an API access policy; its clients keep none", ok: success{}},
	"GET /api/v2/api_policies":                            {summary: "List the API access policies", paged: apiPageMax, ok: dataPage[apiPolicyJSON]{}},
	"POST /api/v2/api_policies":                           {summary: "Create an API access policy", body: apiPolicyInput{}, need: []string{"name"}, ok: dataOf[apiPolicyJSON]{}},
	"GET /api/v2/api_policies/{id}":                       {summary: "Get an API access policy", ok: dataOf[apiPolicyJSON]{}},
	"PUT /api/v2/api_policies/{id}":                       {summary: "Update an API access policy; its clients are held to it at once", body: apiPolicyInput{}, ok: dataOf[apiPolicyJSON]{}},
	"DELETE /api/v2/api_policies/{id}":                    {summary: "Delete an API access policy; its clients keep none", ok: success{}},
})
