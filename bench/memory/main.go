// Command memory measures partnerd's resident memory while it serves large
// recipes: readers that list several recipes near the size limit at once,
// and clients that ask for a large recipe and never read the answer.
//
//	go run ./bench/memory
//
// It prints the server's peak resident memory against a bound and against
// the size of the data it serves, and exits 1 when the peak exceeds the
// bound. It asserts nothing about time.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/bench/child"
)

// token is the API token of the account partnerd bootstraps.
var token = partnerd.TokenPrefix + "memory00000000000000000000000000000000000000000"

func main() {
	binary := flag.String("binary", "", "a partnerd binary to measure; default: build it from the checkout")
	db := flag.String("db", "", "a postgres:// URL to serve from; default: a fresh SQLite file")
	recipes := flag.Int("recipes", 4, "large recipes to list")
	recipeMB := flag.Int("recipe-mb", 95, "code of each listed recipe, in MB")
	readers := flag.Int("readers", 6, "concurrent readers of GET /api/recipes?per_page=100")
	rounds := flag.Int("rounds", 2, "lists each reader reads")
	stalled := flag.Int("stalled", 20, "clients that ask for the stalled recipe and never read")
	stalledMB := flag.Int("stalled-mb", 30, "code of the recipe the stalled clients ask for, in MB")
	boundMiB := flag.Int64("bound", 512, "the bound on peak resident memory while serving, in MiB")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("memory: ")

	dir, err := os.MkdirTemp("", "partnerd-bench-memory-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if *binary, err = child.Build(*binary, dir); err != nil {
		log.Fatal(err)
	}
	dsn := *db
	if dsn == "" {
		dsn = filepath.Join(dir, "partnerd.db")
	}
	srv, err := start(*binary, dsn, dir)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Stop()

	// Create the recipes through the API.
	idle := srv.status()
	var dataBytes int64
	var stalledID int64
	for i := range *recipes + 1 {
		mb := *recipeMB
		if i == *recipes {
			mb = *stalledMB
		}
		code := recipeCode(mb << 20)
		dataBytes += int64(len(code))
		id, err := srv.createRecipe(fmt.Sprintf("Large %d", i+1), code)
		if err != nil {
			log.Fatal(err)
		}
		stalledID = id
		log.Printf("created recipe %d, %d MB of code", id, len(code)>>20)
	}
	created := srv.status()

	// Serve from a fresh process, so that what creating left does not
	// count.
	srv.Stop()
	if srv, err = start(*binary, dsn, dir); err != nil {
		log.Fatal(err)
	}
	defer srv.Stop()
	ready := srv.status()
	var sampled atomic.Int64
	stopSampling := make(chan struct{})
	sampling := make(chan struct{})
	go func() {
		defer close(sampling)
		for {
			if m := srv.status(); m.rss > sampled.Load() {
				sampled.Store(m.rss)
			}
			select {
			case <-stopSampling:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	conns := make([]net.Conn, 0, *stalled)
	for range *stalled {
		c, err := srv.stall(stalledID)
		if err != nil {
			log.Fatal(err)
		}
		conns = append(conns, c)
	}
	var wg sync.WaitGroup
	results := make([]string, *readers)
	var listBytes atomic.Int64
	for i := range *readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses := map[int]int{}
			for range *rounds {
				status, n, err := srv.list()
				if err != nil {
					statuses[-1]++
					log.Printf("reader %d: %v", i, err)
					continue
				}
				statuses[status]++
				listBytes.Store(n)
			}
			results[i] = fmt.Sprint(statuses)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	served := srv.status()
	for _, c := range conns {
		c.Close()
	}
	close(stopSampling)
	<-sampling

	mib := func(n int64) string { return fmt.Sprintf("%d MiB", n>>20) }
	bound := *boundMiB << 20
	fmt.Printf("\n## partnerd memory with large recipes (%s)\n\n", filepath.Base(*binary))
	fmt.Printf("data: %d recipes of %d MB listed by %d readers × %d lists (GET /api/recipes?per_page=100), "+
		"%d clients stalled on a recipe of %d MB; %s of code in all\n\n",
		*recipes, *recipeMB, *readers, *rounds, *stalled, *stalledMB, mib(dataBytes))
	fmt.Printf("| phase | peak resident (VmHWM) | peak sampled VmRSS | against the data | against the bound (%s) |\n|---|---|---|---|---|\n", mib(bound))
	fmt.Printf("| idle after start | %s | | | |\n", mib(idle.hwm))
	fmt.Printf("| creating the recipes (one at a time) | %s | | %.2f× | %s |\n", mib(created.hwm), float64(created.hwm)/float64(dataBytes), verdict(created.hwm, bound))
	fmt.Printf("| idle after a restart | %s | | | |\n", mib(ready.hwm))
	fmt.Printf("| serving the readers and stalled clients | %s | %s | %.2f× | %s |\n\n", mib(served.hwm), mib(sampled.Load()),
		float64(served.hwm)/float64(dataBytes), verdict(served.hwm, bound))
	fmt.Printf("each list answer: %s; readers done in %v; answers by reader (status: count): %s\n",
		mib(listBytes.Load()), elapsed.Round(100*time.Millisecond), strings.Join(results, " "))
	if served.hwm > bound {
		os.Exit(1)
	}
}

func verdict(n, bound int64) string {
	if n > bound {
		return "exceeded"
	}
	return "within"
}

// recipeCode returns valid recipe code of about size bytes: a trigger and
// logger steps whose messages hold quotes and datapills, as real code does.
func recipeCode(size int) string {
	var b bytes.Buffer
	b.Grow(size + 16<<10)
	b.WriteString(`{"number":0,"keyword":"trigger","provider":"clock","name":"scheduled_event","as":"trigger","input":{},"block":[`)
	msg := strings.Repeat(`Deal #{_('data.salesforce.trigger.Name')} is \"closed\" at #{_('data.salesforce.trigger.Amount')}; `, 80)
	for n := 1; b.Len() < size; n++ {
		if n > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"number":%d,"keyword":"action","provider":"logger","name":"log_message","as":"log%d","input":{"message":"%s"}}`, n, n, msg)
	}
	b.WriteString(`]}`)
	return b.String()
}

// server is the partnerd process under measure, with a client that
// waits as long as a large answer takes.
type server struct {
	*child.Server
	hc *http.Client
}

func start(binary, dsn, dir string) (*server, error) {
	c, err := child.Start(binary, dsn, dir, token, "--rate-limits", "off")
	if err != nil {
		return nil, err
	}
	return &server{Server: c, hc: &http.Client{Timeout: 10 * time.Minute}}, nil
}

// memory is the resident memory of the server now and at its peak.
type memory struct{ rss, hwm int64 }

// status reads the server's memory; zero when it cannot be read.
func (s *server) status() memory {
	rss, hwm := s.Memory()
	return memory{rss, hwm}
}

func (s *server) request(method, path string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(context.Background(), method, s.URL()+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	return s.hc.Do(req)
}

// createRecipe creates a recipe of code and returns its id.
func (s *server) createRecipe(name, code string) (int64, error) {
	var body bytes.Buffer
	fmt.Fprintf(&body, `{"name":%q,"code":`, name)
	body.WriteString(code) // The code as a JSON value, rather than a string holding it.
	body.WriteString(`}`)
	res, err := s.request("POST", "/api/recipes", &body)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(res.Body)
	var id int64
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("create recipe: %s: %s", res.Status, answer)
	}
	_, idText, _ := strings.Cut(string(answer), `"id":`)
	id, err = strconv.ParseInt(strings.TrimRight(idText, "}"), 10, 64)
	return id, err
}

// list reads a page of recipes to the end and returns its status and size.
func (s *server) list() (int, int64, error) {
	res, err := s.request("GET", "/api/recipes?per_page=100", nil)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	return res.StatusCode, n, err
}

// stall sends a request for a recipe on a new connection, whose answer
// it never reads, and returns the connection.
func (s *server) stall(id int64) (net.Conn, error) {
	c, err := net.Dial("tcp", s.Addr)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(c, "GET /api/recipes/%d HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n\r\n", id, s.Addr, token)
	return c, nil
}
