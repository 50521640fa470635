// Command gateway measures partnerd's API gateway: an enabled endpoint of
// a started three-step recipe (receive_request, a logger step,
// return_response) is called with a v2 API key by concurrent callers,
// each on its own keep-alive connection, and waits for the recipe's
// answer; every call is a durable job.
//
//	go run ./bench/gateway
//
// Beside it, with the same callers: calls with a key of another
// collection, which the gateway refuses with 403 after its own work
// (parsing, authentication, routing, grant, IP lists) and before any job;
// and a bare net/http server in this process answering every request with
// the bytes the endpoint answered. The gap between the gateway and the
// bare server is what partnerd adds. It asserts nothing; it exits 1 only
// when the server fails or an answer is not the expected one.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/bench/child"
	"github.com/partnerd/partnerd/client"
)

// token is the API token of the account partnerd bootstraps.
var token = partnerd.TokenPrefix + "gateway0000000000000000000000000000000000000000"

// The targets of the issue, printed beside the figures.
const (
	targetRate = 2000
	targetP99  = 20 * time.Millisecond
)

func main() {
	db := flag.String("db", "", "a postgres:// URL to serve from; default: a fresh SQLite file")
	binary := flag.String("binary", "", "a partnerd binary to measure; default: build it from the checkout")
	duration := flag.Duration("duration", 10*time.Second, "each measurement, after a warm-up of a fifth of it (at most 1s); at most 5m")
	callers := flag.Int("callers", 32, "concurrent callers, each on its own keep-alive connection; at most 256")
	withPolicy := flag.Bool("policy", false, "hold the clients to an API access policy (a rate limit and a usage quota far above the load), so that its counting is measured too")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("gateway: ")
	if *duration <= 0 || *duration > 5*time.Minute || *callers < 1 || *callers > 256 {
		log.Fatal("-duration must be within (0, 5m] and -callers within [1, 256]")
	}
	dir, err := os.MkdirTemp("", "partnerd-bench-gateway-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if *binary, err = child.Build(*binary, dir); err != nil {
		log.Fatal(err)
	}
	dsn, dbName := *db, "PostgreSQL"
	if dsn == "" {
		dsn, dbName = filepath.Join(dir, "partnerd.db"), "SQLite"
	}
	// The rate limit is on, and far above the load, so that the policy's
	// counting is measured too.
	srv, err := child.Start(*binary, dsn, dir, token, "--rate-limits", "off", "--access-log=false", "--gateway-rate-limit", "100000000")
	if err != nil {
		log.Fatal(err)
	}
	code := run(srv, dbName, *duration, *callers, *withPolicy)
	srv.Stop()
	os.Exit(code)
}

// setup is what the measurements call.
type setup struct {
	url, key, otherKey string
	answer             []byte
}

func run(srv *child.Server, dbName string, duration time.Duration, callers int, withPolicy bool) int {
	hc := &http.Client{Timeout: 60 * time.Second,
		Transport: &http.Transport{MaxIdleConns: callers, MaxIdleConnsPerHost: callers, MaxConnsPerHost: callers}}
	s, err := prepare(srv, hc, withPolicy)
	if err != nil {
		log.Print(err)
		return 1
	}
	body := []byte(`{"name":"Ada"}`)
	call := func(url, key string, want int) func() (int, bool, error) {
		return func() (int, bool, error) {
			req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
			req.Header.Set("API-TOKEN", key)
			req.Header.Set("Content-Type", "application/json")
			res, err := hc.Do(req)
			if err != nil {
				return 0, false, err
			}
			defer res.Body.Close()
			_, err = io.Copy(io.Discard, res.Body)
			return res.StatusCode, res.StatusCode == want, err
		}
	}
	bare, stopBare, err := bareServer(s.answer)
	if err != nil {
		log.Print(err)
		return 1
	}
	defer stopBare()

	log.Printf("calling %s from %d callers for %v after a warm-up", s.url, callers, duration)
	gw := measure(call(s.url, s.key, 201), callers, duration)
	log.Printf("the same calls with a key of another collection (403)")
	front := measure(call(s.url, s.otherKey, 403), callers, duration)
	log.Printf("a bare server answering the same bytes")
	ceiling := measure(call(bare, s.key, 201), callers, duration)
	if srv.Exited() {
		log.Printf("partnerd exited during the measurement; see %s", srv.LogPath)
		return 1
	}
	_, peak := srv.Memory()

	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
	met := func(ok bool) string {
		if ok {
			return "met"
		}
		return "missed"
	}
	policy := ""
	if withPolicy {
		policy = ", clients under an API access policy"
	}
	fmt.Printf("\n## partnerd API gateway (%s, %d callers, %v each after a warm-up, %d CPUs%s)\n\n", dbName, callers, duration, runtime.NumCPU(), policy)
	fmt.Printf("endpoint: POST …/orders/{id} with a v2 API key (API-TOKEN), a JSON body; recipe: receive_request,\n" +
		"a logger step over a pill of the path, return_response 201 with three pills; a job stored per call\n\n")
	fmt.Printf("| loop | requests/s | p50 | p99 | max | requests | unexpected | errors |\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range []struct {
		name string
		s    stats
	}{{"gateway call, recipe answers 201", gw}, {"gateway front only, 403 (no job)", front}, {"bare net/http, same bytes (ceiling)", ceiling}} {
		fmt.Printf("| %s | %.0f | %s | %s | %s | %d | %d | %d |\n", r.name, r.s.rate(), ms(r.s.p(50)), ms(r.s.p(99)), ms(r.s.max()),
			len(r.s.latencies), r.s.unexpected, r.s.errors)
	}
	fmt.Printf("\n| figure | measured | target | |\n|---|---|---|---|\n")
	fmt.Printf("| requests/s | %.0f | ≥ %d | %s |\n", gw.rate(), targetRate, met(gw.rate() >= targetRate))
	fmt.Printf("| p99 | %s | ≤ %s | %s |\n", ms(gw.p(99)), ms(targetP99), met(gw.p(99) <= targetP99))
	fmt.Printf("| gateway's own p50 (front − bare) | %s | | |\n", ms(front.p(50)-ceiling.p(50)))
	fmt.Printf("| recipe and job p50 (call − front) | %s | | |\n", ms(gw.p(50)-front.p(50)))
	fmt.Printf("| rate against the bare ceiling | %.1f%% | | |\n", 100*gw.rate()/ceiling.rate())
	fmt.Printf("\nserver resident memory at its peak: %d MiB (VmHWM)\n", peak>>20)
	if gw.unexpected+gw.errors+front.unexpected+front.errors > 0 {
		log.Printf("some answers were not the expected ones; see %s", srv.LogPath)
		return 1
	}
	return 0
}

// prepare creates, through the API, a customer with the recipe, its
// collection and endpoint (started and enabled), and a v2 key of a client
// granted it and one of a client granted another collection; it calls the
// endpoint once and keeps its answer.
func prepare(srv *child.Server, hc *http.Client, withPolicy bool) (*setup, error) {
	ctx := context.Background()
	c := client.New(srv.URL(), client.WithToken(token), client.WithHTTPClient(hc), client.WithUserAgent("partnerd-bench-gateway"))
	stamp := strconv.FormatInt(time.Now().UnixNano(), 36)
	cu, err := c.CreateCustomer(ctx, client.CreateCustomerParams{Name: "Gateway Bench " + stamp,
		NotificationEmail: "ops@gateway-bench.test", ExternalID: "gateway-bench-" + stamp})
	if err != nil {
		return nil, fmt.Errorf("create customer: %w", err)
	}
	mu := cu.Ref()
	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Get order", Code: recipeCode(),
		Config: []client.RecipeConfig{{Provider: "workato_api_platform"}, {Provider: "logger"}}})
	if err != nil {
		return nil, fmt.Errorf("create recipe: %w", err)
	}
	spec := func(extra string) *client.OpenAPISpec {
		return &client.OpenAPISpec{Format: "yaml", Content: "openapi: 3.0.0\ninfo:\n  version: '1.0'\npaths:\n  /orders/{id}:\n    post:\n      operationId: getOrder\n" + extra}
	}
	col, err := c.CreateAPICollection(ctx, mu, client.CreateAPICollectionParams{Name: "Orders",
		OpenAPISpec: spec("      x-workato-recipe-id: " + strconv.FormatInt(id, 10) + "\n")})
	if err != nil {
		return nil, fmt.Errorf("create collection: %w", err)
	}
	other, err := c.CreateAPICollection(ctx, mu, client.CreateAPICollectionParams{Name: "Other", OpenAPISpec: spec("")})
	if err != nil {
		return nil, fmt.Errorf("create collection: %w", err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		return nil, fmt.Errorf("start recipe: %w", err)
	}
	eps, err := c.APIEndpoints(ctx, mu, client.APIEndpointListOptions{APICollectionID: col.ID})
	if err != nil || len(eps) != 1 {
		return nil, fmt.Errorf("endpoints: %+v, %v", eps, err)
	}
	if err := c.EnableAPIEndpoint(ctx, mu, eps[0].ID); err != nil {
		return nil, fmt.Errorf("enable endpoint: %w", err)
	}
	var policyID *int64
	if withPolicy {
		p, err := c.CreateCustomerAPIPolicy(ctx, mu, client.APIPolicyParams{Name: "Bench", RateLimitRequests: client.Ptr(100_000_000),
			QuotaInterval: "month", QuotaRequests: client.Ptr(1_000_000_000)})
		if err != nil {
			return nil, fmt.Errorf("create policy: %w", err)
		}
		policyID = &p.ID
	}
	newKey := func(name string, collection int64) (string, error) {
		cl, err := c.CreateCustomerAPIClientV2(ctx, mu, client.APIClientV2Params{Name: name, AuthType: "token", APICollectionIDs: []int64{collection},
			APIPolicyID: policyID})
		if err != nil {
			return "", err
		}
		k, err := c.CreateCustomerAPIKey(ctx, mu, cl.ID, client.APIKeyParams{Name: name, Active: client.Ptr(true)})
		if err != nil {
			return "", err
		}
		return k.AuthToken, nil
	}
	s := &setup{url: strings.Replace(eps[0].URL, ":id", "42", 1)}
	if s.key, err = newKey("Bench", col.ID); err != nil {
		return nil, err
	}
	if s.otherKey, err = newKey("Elsewhere", other.ID); err != nil {
		return nil, err
	}
	res, err := c.CallAPIEndpoint(ctx, "POST", s.url, client.EndpointCredential{Token: s.key}, map[string]any{"name": "Ada"})
	if err != nil {
		return nil, err
	}
	if res.StatusCode != 201 || !strings.Contains(string(res.Body), `"order":"42"`) {
		return nil, fmt.Errorf("the first call answered %d %s", res.StatusCode, res.Body)
	}
	s.answer = res.Body
	return s, nil
}

// recipeCode is the endpoint's recipe: receive_request, a logger step,
// return_response.
func recipeCode() map[string]any {
	pill := func(path ...any) string {
		return "#{_dp('" + mustJSON(map[string]any{"pill_type": "output", "provider": "workato_api_platform", "line": "api", "path": path}) + "')}"
	}
	return map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_api_platform", "name": "receive_request",
		"as": "api", "input": map[string]any{}, "block": []any{
			map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message", "as": "log",
				"input": map[string]any{"message": "Order " + pill("request", "id")}},
			map[string]any{"number": 2, "keyword": "action", "provider": "workato_api_platform", "name": "return_response", "as": "reply",
				"input": map[string]any{"http_status_code": "201", "response": map[string]any{
					"order": pill("request", "id"), "name": pill("request", "name"), "client": pill("context", "api_client", "name")}}},
		}}
}

// bareServer serves, on loopback, answer with 201 to every request after
// reading its body, and returns its URL.
func bareServer(answer []byte) (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	s := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
		w.WriteHeader(http.StatusCreated)
		w.Write(answer)
	})}
	go s.Serve(l)
	return "http://" + l.Addr().String() + "/", func() { s.Close() }, nil
}

// stats are the results of one measured loop.
type stats struct {
	elapsed    time.Duration
	latencies  []time.Duration // sorted
	unexpected int             // answers of another status than the one wanted
	errors     int             // requests that got no answer
}

func (s stats) rate() float64 { return float64(len(s.latencies)) / s.elapsed.Seconds() }

func (s stats) p(q int) time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	return s.latencies[(len(s.latencies)-1)*q/100]
}

func (s stats) max() time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	return s.latencies[len(s.latencies)-1]
}

// measure runs do from callers goroutines back to back: a warm-up of a
// fifth of duration (at most 1s), then duration, counting only the
// requests sent within it.
func measure(do func() (status int, ok bool, err error), callers int, duration time.Duration) stats {
	warmup := min(duration/5, time.Second)
	begin := time.Now()
	from, until := begin.Add(warmup), begin.Add(warmup+duration)
	results := make([]stats, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[i]
			for {
				t0 := time.Now()
				if !t0.Before(until) {
					return
				}
				_, ok, err := do()
				d := time.Since(t0)
				if t0.Before(from) {
					continue
				}
				switch {
				case err != nil:
					r.errors++
				case !ok:
					r.unexpected++
				}
				if err == nil {
					r.latencies = append(r.latencies, d)
				}
			}
		}()
	}
	wg.Wait()
	all := stats{elapsed: duration}
	for _, r := range results {
		all.latencies = append(all.latencies, r.latencies...)
		all.unexpected += r.unexpected
		all.errors += r.errors
	}
	slices.Sort(all.latencies)
	return all
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
