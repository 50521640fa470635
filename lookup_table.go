package partnerd

// LookupTableService keeps the lookup table objects of a workspace.
type LookupTableService interface {
}
