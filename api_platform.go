package partnerd

// APIPlatformService keeps the api platform objects of a workspace.
type APIPlatformService interface {
}
