package http

import "github.com/partnerd/partnerd"

// apiPlatformRoutes lists the routes of the API platform, in the order of
// the contract, with the envelope each one answers: the v1 routes of the
// Embedded family (lists {result:[…]}) and of the Developer one (bare
// arrays), then the v2 clients and their keys. Seed 001's PUT
// /api/api_access_profiles without an id names no profile and answers
// 405. Every route counts against "api_platform".
func (s *Server) apiPlatformRoutes() []route {
	const area, limit = partnerd.FamilyAPIPlatform, "api_platform"
	return []route{
		// The v1 routes in a customer workspace.
		{pattern: "GET /api/managed_users/{mu}/api_collections", family: familyE, area: area, limit: limit, handle: s.handleAPICollectionList},                            // {result:[ApiCollection]}
		{pattern: "POST /api/managed_users/{mu}/api_collections", family: familyE, area: area, limit: limit, handle: s.handleAPICollectionCreate},                         // ApiCollection
		{pattern: "GET /api/managed_users/{mu}/api_endpoints", family: familyE, area: area, limit: limit, handle: s.handleAPIEndpointList},                                // {result:[ApiEndpoint]}
		{pattern: "PUT /api/managed_users/{mu}/api_endpoints/{id}/enable", family: familyE, area: area, limit: limit, handle: s.handleAPIEndpointEnable},                  // {success:true}
		{pattern: "PUT /api/managed_users/{mu}/api_endpoints/{id}/disable", family: familyE, area: area, limit: limit, handle: s.handleAPIEndpointDisable},                // {success:true}
		{pattern: "GET /api/managed_users/{mu}/api_clients", family: familyE, area: area, limit: limit, handle: s.handleAPIClientList},                                    // {result:[ApiClient]}
		{pattern: "POST /api/managed_users/{mu}/api_clients", family: familyE, area: area, limit: limit, handle: s.handleAPIClientCreate},                                 // ApiClient
		{pattern: "GET /api/managed_users/{mu}/api_access_profiles", family: familyE, area: area, limit: limit, handle: s.handleAccessProfileList},                        // {result:[AccessProfile]}
		{pattern: "POST /api/managed_users/{mu}/api_access_profiles", family: familyE, area: area, limit: limit, handle: s.handleAccessProfileCreate},                     // AccessProfile + its secret
		{pattern: "PUT /api/managed_users/{mu}/api_access_profiles/{id}", family: familyE, area: area, limit: limit, handle: s.handleAccessProfileUpdate},                 // AccessProfile
		{pattern: "PUT /api/managed_users/{mu}/api_access_profiles/{id}/enable", family: familyE, area: area, limit: limit, handle: s.handleAccessProfileEnable},          // {success:true}
		{pattern: "PUT /api/managed_users/{mu}/api_access_profiles/{id}/disable", family: familyE, area: area, limit: limit, handle: s.handleAccessProfileDisable},        // {success:true}
		{pattern: "PUT /api/managed_users/{mu}/api_access_profiles/{id}/refresh_secret", family: familyE, area: area, limit: limit, handle: s.handleAccessProfileRefresh}, // AccessProfile + its new secret

		// The v1 routes in the caller's own workspace.
		{pattern: "GET /api/api_collections", family: familyD, area: area, limit: limit, handle: s.handleAPICollectionList},                            // [ApiCollection]
		{pattern: "POST /api/api_collections", family: familyD, area: area, limit: limit, handle: s.handleAPICollectionCreate},                         // ApiCollection
		{pattern: "GET /api/api_endpoints", family: familyD, area: area, limit: limit, handle: s.handleAPIEndpointList},                                // [ApiEndpoint]
		{pattern: "PUT /api/api_endpoints/{id}/enable", family: familyD, area: area, limit: limit, handle: s.handleAPIEndpointEnable},                  // {success:true}
		{pattern: "PUT /api/api_endpoints/{id}/disable", family: familyD, area: area, limit: limit, handle: s.handleAPIEndpointDisable},                // {success:true}
		{pattern: "GET /api/api_clients", family: familyD, area: area, limit: limit, handle: s.handleAPIClientList},                                    // [ApiClient]
		{pattern: "POST /api/api_clients", family: familyD, area: area, limit: limit, handle: s.handleAPIClientCreate},                                 // ApiClient
		{pattern: "GET /api/api_access_profiles", family: familyD, area: area, limit: limit, handle: s.handleAccessProfileList},                        // [AccessProfile]
		{pattern: "POST /api/api_access_profiles", family: familyD, area: area, limit: limit, handle: s.handleAccessProfileCreate},                     // AccessProfile + its secret
		{pattern: "PUT /api/api_access_profiles/{id}", family: familyD, area: area, limit: limit, handle: s.handleAccessProfileUpdate},                 // AccessProfile
		{pattern: "PUT /api/api_access_profiles/{id}/enable", family: familyD, area: area, limit: limit, handle: s.handleAccessProfileEnable},          // {success:true}
		{pattern: "PUT /api/api_access_profiles/{id}/disable", family: familyD, area: area, limit: limit, handle: s.handleAccessProfileDisable},        // {success:true}
		{pattern: "PUT /api/api_access_profiles/{id}/refresh_secret", family: familyD, area: area, limit: limit, handle: s.handleAccessProfileRefresh}, // AccessProfile + its new secret

		// The v2 clients and their keys in a customer workspace.
		{pattern: "GET /api/v2/managed_users/{mu}/api_clients", family: familyE2, area: area, limit: limit, handle: s.handleAPIClientV2List},                                     // {data:[ApiClientV2], count, page, per_page}
		{pattern: "POST /api/v2/managed_users/{mu}/api_clients", family: familyE2, area: area, limit: limit, handle: s.handleAPIClientV2Create},                                  // {data:ApiClientV2}
		{pattern: "GET /api/v2/managed_users/{mu}/api_clients/{id}", family: familyE2, area: area, limit: limit, handle: s.handleAPIClientV2Get},                                 // {data:ApiClientV2}
		{pattern: "PUT /api/v2/managed_users/{mu}/api_clients/{id}", family: familyE2, area: area, limit: limit, handle: s.handleAPIClientV2Update},                              // {data:ApiClientV2}
		{pattern: "DELETE /api/v2/managed_users/{mu}/api_clients/{id}", family: familyE2, area: area, limit: limit, handle: s.handleAPIClientV2Delete},                           // {success:true}
		{pattern: "GET /api/v2/managed_users/{mu}/api_clients/{id}/api_keys", family: familyE2, area: area, limit: limit, handle: s.handleAPIKeyList},                            // {data:[ApiKey], count, page, per_page}
		{pattern: "POST /api/v2/managed_users/{mu}/api_clients/{id}/api_keys", family: familyE2, area: area, limit: limit, handle: s.handleAPIKeyCreate},                         // {data:ApiKey} with auth_token
		{pattern: "PUT /api/v2/managed_users/{mu}/api_clients/{id}/api_keys/{key_id}", family: familyE2, area: area, limit: limit, handle: s.handleAPIKeyUpdate},                 // {data:ApiKey}
		{pattern: "DELETE /api/v2/managed_users/{mu}/api_clients/{id}/api_keys/{key_id}", family: familyE2, area: area, limit: limit, handle: s.handleAPIKeyDelete},              // {success:true}
		{pattern: "PUT /api/v2/managed_users/{mu}/api_clients/{id}/api_keys/{key_id}/enable", family: familyE2, area: area, limit: limit, handle: s.handleAPIKeyEnable},          // {data:ApiKey}
		{pattern: "PUT /api/v2/managed_users/{mu}/api_clients/{id}/api_keys/{key_id}/disable", family: familyE2, area: area, limit: limit, handle: s.handleAPIKeyDisable},        // {data:ApiKey}
		{pattern: "PUT /api/v2/managed_users/{mu}/api_clients/{id}/api_keys/{key_id}/refresh_secret", family: familyE2, area: area, limit: limit, handle: s.handleAPIKeyRefresh}, // {data:ApiKey} with auth_token

		// The v2 clients and their keys in the caller's own workspace.
		{pattern: "GET /api/v2/api_clients", family: familyD, area: area, limit: limit, handle: s.handleAPIClientV2List},                                     // {data:[ApiClientV2], count, page, per_page}
		{pattern: "POST /api/v2/api_clients", family: familyD, area: area, limit: limit, handle: s.handleAPIClientV2Create},                                  // {data:ApiClientV2}
		{pattern: "GET /api/v2/api_clients/{id}", family: familyD, area: area, limit: limit, handle: s.handleAPIClientV2Get},                                 // {data:ApiClientV2}
		{pattern: "PUT /api/v2/api_clients/{id}", family: familyD, area: area, limit: limit, handle: s.handleAPIClientV2Update},                              // {data:ApiClientV2}
		{pattern: "DELETE /api/v2/api_clients/{id}", family: familyD, area: area, limit: limit, handle: s.handleAPIClientV2Delete},                           // {success:true}
		{pattern: "GET /api/v2/api_clients/{id}/api_keys", family: familyD, area: area, limit: limit, handle: s.handleAPIKeyList},                            // {data:[ApiKey], count, page, per_page}
		{pattern: "POST /api/v2/api_clients/{id}/api_keys", family: familyD, area: area, limit: limit, handle: s.handleAPIKeyCreate},                         // {data:ApiKey} with auth_token
		{pattern: "PUT /api/v2/api_clients/{id}/api_keys/{key_id}", family: familyD, area: area, limit: limit, handle: s.handleAPIKeyUpdate},                 // {data:ApiKey}
		{pattern: "DELETE /api/v2/api_clients/{id}/api_keys/{key_id}", family: familyD, area: area, limit: limit, handle: s.handleAPIKeyDelete},              // {success:true}
		{pattern: "PUT /api/v2/api_clients/{id}/api_keys/{key_id}/enable", family: familyD, area: area, limit: limit, handle: s.handleAPIKeyEnable},          // {data:ApiKey}
		{pattern: "PUT /api/v2/api_clients/{id}/api_keys/{key_id}/disable", family: familyD, area: area, limit: limit, handle: s.handleAPIKeyDisable},        // {data:ApiKey}
		{pattern: "PUT /api/v2/api_clients/{id}/api_keys/{key_id}/refresh_secret", family: familyD, area: area, limit: limit, handle: s.handleAPIKeyRefresh}, // {data:ApiKey} with auth_token

		// The API access policies, in a customer workspace and in the caller's own.
		{pattern: "GET /api/v2/managed_users/{mu}/api_policies", family: familyE2, area: area, limit: limit, handle: s.handleAPIPolicyList},           // {data:[ApiPolicy], count, page, per_page}
		{pattern: "POST /api/v2/managed_users/{mu}/api_policies", family: familyE2, area: area, limit: limit, handle: s.handleAPIPolicyCreate},        // {data:ApiPolicy}
		{pattern: "GET /api/v2/managed_users/{mu}/api_policies/{id}", family: familyE2, area: area, limit: limit, handle: s.handleAPIPolicyGet},       // {data:ApiPolicy}
		{pattern: "PUT /api/v2/managed_users/{mu}/api_policies/{id}", family: familyE2, area: area, limit: limit, handle: s.handleAPIPolicyUpdate},    // {data:ApiPolicy}
		{pattern: "DELETE /api/v2/managed_users/{mu}/api_policies/{id}", family: familyE2, area: area, limit: limit, handle: s.handleAPIPolicyDelete}, // {success:true}
		{pattern: "GET /api/v2/api_policies", family: familyD, area: area, limit: limit, handle: s.handleAPIPolicyList},                               // {data:[ApiPolicy], count, page, per_page}
		{pattern: "POST /api/v2/api_policies", family: familyD, area: area, limit: limit, handle: s.handleAPIPolicyCreate},                            // {data:ApiPolicy}
		{pattern: "GET /api/v2/api_policies/{id}", family: familyD, area: area, limit: limit, handle: s.handleAPIPolicyGet},                           // {data:ApiPolicy}
		{pattern: "PUT /api/v2/api_policies/{id}", family: familyD, area: area, limit: limit, handle: s.handleAPIPolicyUpdate},                        // {data:ApiPolicy}
		{pattern: "DELETE /api/v2/api_policies/{id}", family: familyD, area: area, limit: limit, handle: s.handleAPIPolicyDelete},                     // {success:true}
	}
}
