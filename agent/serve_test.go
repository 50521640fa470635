package agent

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// TestServeCancelWhileFull has the server send more requests than the
// agent runs at once, all of them stuck in the customer's service, and
// then cancel the first: the agent still reads the cancel and ends that
// operation, rather than wait with its reader for a free slot; past
// maxWaiting requests waiting, it refuses one at once.
func TestServeCancelWhileFull(t *testing.T) {
	stuck := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer stuck.Close()
	defer stuck.CloseClientConnections()
	profiles, err := ParseHTTPProfiles([]byte("http:\n  erp:\n    base_url: " + stuck.URL + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	ops := &operations{db: &databases{}, http: &httpServices{profiles: profiles}}
	defer ops.http.close()

	conns := make(chan *websocket.Conn, 1)
	done := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		conns <- c
		<-done
		c.CloseNow()
	}))
	defer server.Close()
	defer close(done)
	c, _, err := websocket.Dial(t.Context(), server.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	a := &Agent{Logger: slog.New(slog.DiscardHandler)}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go a.serve(ctx, c, ops)
	s := <-conns
	send := func(r Request) {
		b, _ := json.Marshal(r)
		if err := s.Write(ctx, websocket.MessageText, b); err != nil {
			t.Fatal(err)
		}
	}
	for id := range int64(maxRunning + 1) {
		send(Request{Type: TypeHTTP, ID: id + 1, Profile: "erp", HTTP: &HTTPRequest{Method: "GET", Path: "/slow"}})
	}
	send(Request{Type: TypeCancel, ID: 1})
	rctx, rcancel := context.WithTimeout(ctx, 30*time.Second)
	defer rcancel()
	_, data, err := s.Read(rctx)
	if err != nil {
		t.Fatalf("no answer after the cancel: %v", err)
	}
	m, err := DecodeMessage(data)
	if err != nil || m.Type != TypeResult || m.ID != 1 || m.Error == nil {
		t.Fatalf("the answer after the cancel = %+v, %v", m, err)
	}

	// Every slot is taken again: maxWaiting more wait, and one more is
	// refused at once.
	for id := range int64(maxWaiting + 1) {
		send(Request{Type: TypeHTTP, ID: 100 + id, Profile: "erp", HTTP: &HTTPRequest{Method: "GET", Path: "/slow"}})
	}
	if _, data, err = s.Read(rctx); err != nil {
		t.Fatalf("no answer to the request past the waiting ones: %v", err)
	}
	if m, err = DecodeMessage(data); err != nil || m.ID != 100+maxWaiting || m.Error == nil || !strings.Contains(*m.Error, "try again later") {
		t.Fatalf("the answer past the waiting ones = %+v, %v", m, err)
	}
}
