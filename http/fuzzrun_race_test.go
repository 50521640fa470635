//go:build race

package http

// raceDetector reports whether the tests run under the race detector.
const raceDetector = true
