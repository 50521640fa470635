package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	nethttp "net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// largestWriter records an answer and the largest single write of it.
type largestWriter struct {
	*httptest.ResponseRecorder
	largest int
}

func (w *largestWriter) Write(p []byte) (int, error) {
	w.largest = max(w.largest, len(p))
	return w.ResponseRecorder.Write(p)
}

// TestRecipeLargeStreams: lists and gets of recipes with large code write
// the answer a piece at a time, never the whole body at once, and the
// pieces make the answer an encoding whole would be, with its length.
func TestRecipeLargeStreams(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	ctx := context.Background()
	step := `{"number":%d,"keyword":"action","provider":"logger","name":"log","input":{"message":"a \"quoted\" <b>&amp; line\n"}}`
	var steps []string
	for n := 1; len(steps)*len(step) < 3<<20; n++ {
		steps = append(steps, fmt.Sprintf(step, n))
	}
	large := `{"number":0,"keyword":"trigger","provider":"clock","name":"scheduled_event","block":[` + strings.Join(steps, ",") + `]}`
	var ids []int64
	for _, code := range []string{large, `{"number":0,"keyword":"trigger","provider":"clock","name":"scheduled_event"}`, large} {
		r := &partnerd.Recipe{Name: "R", Code: code, Private: true}
		if err := e.DB.CreateRecipe(ctx, 3, r); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	const limit = 256 << 10
	for _, url := range []string{
		"/api/managed_users/3/recipes", "/api/managed_users/3/recipes", // The second reads what the first kept.
		"/api/managed_users/3/recipes/" + strconv.FormatInt(ids[0], 10),
		"/api/managed_users/3/recipes?exclude_code=true",
	} {
		w := &largestWriter{ResponseRecorder: httptest.NewRecorder()}
		req := httptest.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+tokenA)
		e.Server.ServeHTTP(w, req)
		body := w.Body.Bytes()
		if w.Code != nethttp.StatusOK {
			t.Fatalf("GET %s: %d %.200s", url, w.Code, body)
		}
		if got := w.Header().Get("Content-Length"); got != strconv.Itoa(len(body)) {
			t.Errorf("GET %s: Content-Length %s for a body of %d bytes", url, got, len(body))
		}
		if len(body) > limit && w.largest > limit {
			t.Errorf("GET %s: a write of %d bytes at once of a body of %d; want at most %d", url, w.largest, len(body), limit)
		}
		var list struct {
			Result []struct {
				ID   int64   `json:"id"`
				Code *string `json:"code"`
			} `json:"result"`
		}
		if strings.Contains(url, "/recipes/") {
			list.Result = list.Result[:0]
			var one struct {
				ID   int64   `json:"id"`
				Code *string `json:"code"`
			}
			if err := json.Unmarshal(body, &one); err != nil {
				t.Fatalf("GET %s: %v", url, err)
			}
			list.Result = append(list.Result, one)
		} else if err := json.Unmarshal(body, &list); err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
		for _, r := range list.Result {
			want, err := e.DB.FindRecipeByID(ctx, 3, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case strings.Contains(url, "exclude_code"):
				if r.Code != nil {
					t.Errorf("GET %s: recipe %d has code", url, r.ID)
				}
			case r.Code == nil || *r.Code != want.Code:
				t.Errorf("GET %s: recipe %d's code differs from the stored code", url, r.ID)
			}
		}
	}
}
