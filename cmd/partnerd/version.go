package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/partnerd/partnerd"
)

// buildTime is when the binary was built, set with
// -ldflags "-X main.buildTime=…" by scripts/release and the Dockerfile;
// without it the commit's time stands in.
var buildTime = ""

// buildVersion is what "partnerd version" shows.
type buildVersion struct {
	Version  string // the module version, or partnerd.Version when set at build time
	Commit   string // the VCS revision, "-dirty" when built from a modified tree
	Time     string // the build time, else the commit's
	Go       string
	Platform string
}

// readVersion gathers the version from the variables set at build time,
// then from the build information the go command stamps in the binary.
func readVersion(info *debug.BuildInfo, ok bool) buildVersion {
	v := buildVersion{Version: partnerd.Version, Commit: partnerd.Commit, Time: buildTime,
		Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if !ok {
		return v
	}
	if m := info.Main.Version; v.Version == "dev" && m != "" && m != "(devel)" {
		v.Version = m
	}
	var revision, modified, commitTime string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		case "vcs.time":
			commitTime = s.Value
		}
	}
	if v.Commit == "" && revision != "" {
		v.Commit = revision
		if modified == "true" {
			v.Commit += "-dirty"
		}
	}
	if v.Time == "" {
		v.Time = commitTime
	}
	return v
}

// printVersion prints the version and build information.
func printVersion(w io.Writer) {
	v := readVersion(debug.ReadBuildInfo())
	fmt.Fprintf(w, "partnerd %s\n", v.Version)
	if v.Commit != "" {
		fmt.Fprintf(w, "commit   %s\n", v.Commit)
	}
	if v.Time != "" {
		fmt.Fprintf(w, "built    %s\n", v.Time)
	}
	fmt.Fprintf(w, "go       %s %s\n", v.Go, v.Platform)
}
