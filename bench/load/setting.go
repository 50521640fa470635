package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// writeSetting prints what the figures were measured on.
func writeSetting(w io.Writer, b *bench, pinned bool, dsn string, fig figures) {
	cfg := b.cfg
	fmt.Fprintf(w, "partnerd load benchmark, %s, commit %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), commit())
	fmt.Fprintf(w, "- Machine: %s, %d CPUs, Linux %s, %s; load average %s at the start, %s at the end.\n",
		cpuModel(), machineCPUs(), kernel(), runtime.Version(), b.loadAverage, loadAverage())
	pinning := fmt.Sprintf("partnerd and the bare server on CPU %d, the load generator on CPU %d (taskset)", serverCPU, loadCPU)
	if !pinned {
		pinning = "nothing pinned (taskset or a second CPU is missing)"
	}
	fmt.Fprintf(w, "- Pinning: %s; keep-alive HTTP/1.1 over loopback, one connection per goroutine, requests back to back.\n", pinning)
	database := "SQLite, a file on " + filesystem(filepath.Dir(dsn))
	if isPostgres(dsn) {
		database = "PostgreSQL, its processes on any CPU"
	}
	sync := "partnerd's default"
	if cfg.synchronous != "" {
		sync = "--synchronous " + cfg.synchronous
	}
	fmt.Fprintf(w, "- Database: %s; synchronous: %s; rate limits off.\n", database, sync)
	page := ""
	if fig.listPageSize > 0 {
		page = fmt.Sprintf(" A page of 100 recipes is %.0f KB.", float64(fig.listPageSize)/1000)
	}
	fmt.Fprintf(w, "- Data: %s customer workspaces; %s recipes over %d of them; lookup tables of %s and %d rows.%s\n",
		thousands(customerCount), thousands(recipeCount), recipeWorkspaces, thousands(bigTableRows), smallTableRows, page)
	each := fmt.Sprintf("the median of %d measurements of %v (requests/s: the range in brackets)", cfg.repeat, cfg.duration)
	if cfg.repeat == 1 {
		each = fmt.Sprintf("one measurement of %v", cfg.duration)
	}
	fmt.Fprintf(w, "- Each figure: %s, after %v of warm-up; p50 and p99 are partnerd's. bare answers partnerd's bytes "+
		"from memory; bare+fsync also appends each write to a file and fsyncs it, one at a time.\n", each, warmUp(cfg.duration))
	fmt.Fprintf(w, "- %s\n", targetsNote(b))
}

// commit returns the checkout's commit, marked when it has changes.
func commit() string {
	out, err := exec.Command("git", "describe", "--always", "--dirty").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

// cpuModel returns the model name of the first CPU.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name, value, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return runtime.GOARCH
}

// machineCPUs counts the machine's CPUs, whatever this process is pinned
// to.
func machineCPUs() int {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.NumCPU()
	}
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "processor") {
			n++
		}
	}
	return max(1, n)
}

// loadAverage returns the machine's load average over the last minute:
// what else ran beside the benchmark.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Fields(string(data) + " unknown")[0]
}

func kernel() string {
	data, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(data))
}

// filesystem names the file system of dir, which decides what an fsync
// costs.
func filesystem(dir string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return "an unknown file system"
	}
	names := map[int64]string{0xef53: "ext4", 0x58465342: "xfs", 0x9123683e: "btrfs", 0x01021994: "tmpfs (fsync costs nothing)",
		0x794c7630: "overlayfs", 0x2fc12fc1: "zfs"}
	if name, ok := names[int64(st.Type)]; ok {
		return name
	}
	return fmt.Sprintf("file system 0x%x", st.Type)
}
