package partnerd

// ConnectionService keeps the connections of a workspace.
type ConnectionService interface {
}
