package partnerd

// PropertyService keeps the property objects of a workspace.
type PropertyService interface {
}
