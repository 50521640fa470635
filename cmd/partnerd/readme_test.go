package main

import (
	"context"
	"io"
	nethttp "net/http"
	"os"
	"strings"
	"testing"
)

// readmeBlock returns the lines of the first sh block after a heading of
// the README, continuation lines joined.
func readmeBlock(tb testing.TB, readme, heading string) []string {
	tb.Helper()
	_, after, ok := strings.Cut(readme, "\n"+heading+"\n")
	if !ok {
		tb.Fatalf("the README has no %q", heading)
	}
	_, block, ok := strings.Cut(after, "```sh\n")
	if !ok {
		tb.Fatalf("%s has no sh block", heading)
	}
	block, _, _ = strings.Cut(block, "```")
	return strings.Split(strings.TrimSpace(strings.ReplaceAll(block, "\\\n", " ")), "\n")
}

// shellWords splits a command line as sh does for the quoting the README
// uses: single quotes, double quotes and $NAME, expanded from vars.
func shellWords(line string, vars map[string]string) []string {
	var words []string
	var word strings.Builder
	inWord, quote := false, byte(0)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '\'' && c != '\'':
			word.WriteByte(c)
		case c == '\'' || c == '"':
			inWord = true
			if quote == c {
				quote = 0
			} else if quote == 0 {
				quote = c
			} else {
				word.WriteByte(c)
			}
		case c == '$':
			j := i + 1
			for j < len(line) && (line[j] == '_' || 'A' <= line[j] && line[j] <= 'Z' || 'a' <= line[j] && line[j] <= 'z' || '0' <= line[j] && line[j] <= '9') {
				j++
			}
			word.WriteString(vars[line[i+1:j]])
			inWord, i = true, j-1
		case (c == ' ' || c == '\t') && quote == 0:
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	return words
}

// curlRequest builds the request of a curl command line of the README,
// sent to base instead of localhost:8080.
func curlRequest(tb testing.TB, words []string, base string) *nethttp.Request {
	tb.Helper()
	method, url, data := "", "", ""
	header := nethttp.Header{}
	for i := 1; i < len(words); i++ {
		switch w := words[i]; w {
		case "-s":
		case "-X":
			i++
			method = words[i]
		case "-H":
			i++
			k, v, _ := strings.Cut(words[i], ":")
			header.Add(k, strings.TrimSpace(v))
		case "-d":
			i++
			data = words[i]
		default:
			if strings.HasPrefix(w, "-") {
				tb.Fatalf("the test reads no curl option %s", w)
			}
			url = base + strings.TrimPrefix(w, "localhost:8080")
		}
	}
	if data != "" {
		header.Set("Content-Type", "application/x-www-form-urlencoded") // As curl -d sends.
		if method == "" {
			method = "POST"
		}
	}
	if method == "" {
		method = "GET"
	}
	req, err := nethttp.NewRequest(method, url, strings.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header = header
	return req
}

// TestReadmeQuickstart follows the README literally: the commands of "Run
// it" start the server (on a free port and a fresh database), and each
// curl of "A first call" answers 200.
func TestReadmeQuickstart(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	var args []string
	for _, line := range readmeBlock(t, string(readme), "## Run it") {
		words := shellWords(line, env)
		switch {
		case len(words) == 2 && words[0] == "export":
			k, v, _ := strings.Cut(words[1], "=")
			env[k] = v
		case len(words) >= 4 && strings.Join(words[:4], " ") == "go run ./cmd/partnerd serve":
			args = words[4:]
		default:
			t.Fatalf("the test does not know the command %q", line)
		}
	}
	m := NewMain()
	args = append(args, "--addr", "127.0.0.1:0", "--agent-addr", "127.0.0.1:0", "--db", tempDB(t))
	if err := m.ParseFlags(args, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	m.Logger = newLogger(io.Discard, "text")
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })

	vars := map[string]string{}
	calls := 0
	for _, line := range readmeBlock(t, string(readme), "## A first call") {
		words := shellWords(line, vars)
		switch {
		case len(words) == 2 && words[0] == "export":
			k, v, _ := strings.Cut(words[1], "=")
			vars[k] = v
		case len(words) > 1 && words[0] == "curl":
			res, err := nethttp.DefaultClient.Do(curlRequest(t, words, m.URL()))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Errorf("%s: %d %s", line, res.StatusCode, body)
			}
			calls++
		default:
			t.Fatalf("the test does not know the command %q", line)
		}
	}
	if calls < 3 {
		t.Errorf("the README's first call makes %d requests", calls)
	}
}

// TestShellWords covers the quoting the README uses.
func TestShellWords(t *testing.T) {
	got := shellWords(`curl -s -H "Authorization: Bearer $T" -d '{"a":"$T b"}' x`, map[string]string{"T": "tok"})
	want := []string{"curl", "-s", "-H", "Authorization: Bearer tok", "-d", `{"a":"$T b"}`, "x"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("shellWords = %q", got)
	}
}
