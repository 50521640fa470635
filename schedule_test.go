package partnerd

import (
	"testing"
	"time"
)

// TestSchedule checks the schedules of the clock trigger: their defaults,
// periods of minutes, hours, days and weeks, the time of day in a zone,
// start_after, and the inputs refused.
func TestSchedule(t *testing.T) {
	started := time.Date(2024, 3, 8, 10, 2, 0, 0, time.UTC)
	code := func(input string) string {
		return `{"number":0,"keyword":"trigger","provider":"clock","name":"scheduled_event","input":` + input + `}`
	}
	for _, c := range []struct {
		input string
		after time.Time
		want  string
	}{
		{`{}`, started, "2024-03-08T10:07:00Z"},
		{`{"time_unit":"minutes","trigger_every":"1"}`, started.Add(90 * time.Second), "2024-03-08T10:04:00Z"},
		{`{"time_unit":"hours","trigger_every":2}`, started.Add(3 * time.Hour), "2024-03-08T14:02:00Z"},
		{`{"time_unit":"days","trigger_every":"1","trigger_at":"05:00:00.000","timezone":"UTC"}`, started, "2024-03-09T05:00:00Z"},
		// Without a timezone, Pacific time: 10:02 UTC is 02:02 there.
		{`{"time_unit":"days","trigger_every":"1","trigger_at":"05:00:00.000"}`, started, "2024-03-08T05:00:00-08:00"},
		{`{"time_unit":"days","trigger_every":"1","trigger_at":"11:00"}`, started, "2024-03-08T11:00:00-08:00"},
		// Daylight saving time begins in New York on 2024-03-10: 09:00 stays 09:00 local.
		{`{"time_unit":"days","trigger_every":"1","trigger_at":"09:00:00","timezone":"America/New_York"}`,
			time.Date(2024, 3, 10, 15, 0, 0, 0, time.UTC), "2024-03-11T09:00:00-04:00"},
		// On the days that daylight saving time begins and ends, 09:00 is 09:00 local too.
		{`{"time_unit":"days","trigger_every":"1","trigger_at":"09:00:00","timezone":"America/New_York"}`,
			time.Date(2024, 3, 9, 15, 0, 0, 0, time.UTC), "2024-03-10T09:00:00-04:00"},
		{`{"time_unit":"days","trigger_every":"1","trigger_at":"09:00:00"}`,
			time.Date(2024, 11, 2, 17, 0, 0, 0, time.UTC), "2024-11-03T09:00:00-08:00"},
		{`{"time_unit":"days","trigger_every":"1","trigger_at":"09:00:00"}`, started, "2024-03-08T09:00:00-08:00"},
		{`{"time_unit":"weeks","trigger_every":"1","trigger_at":"08:00:00","timezone":"UTC"}`, started.AddDate(0, 0, 8), "2024-03-23T08:00:00Z"},
		// Pacific daylight saving time begins on 2024-03-10: 08:00 stays 08:00 local.
		{`{"time_unit":"weeks","trigger_every":"1","trigger_at":"08:00:00"}`, started.AddDate(0, 0, 8), "2024-03-22T08:00:00-07:00"},
		{`{"time_unit":"minutes","trigger_every":"10","start_after":"2024-04-01T00:00:00Z"}`, started, "2024-04-01T00:00:00Z"},
	} {
		s, ok, err := ParseSchedule(code(c.input))
		if !ok || err != nil {
			t.Fatalf("%s: %v, %v", c.input, ok, err)
		}
		got := s.Next(started, c.after)
		if want, _ := time.Parse(time.RFC3339, c.want); !got.Equal(want) {
			t.Errorf("%s after %v = %v, want %v", c.input, c.after, got, want)
		}
		if !got.After(c.after) {
			t.Errorf("%s: %v is not after %v", c.input, got, c.after)
		}
	}
	for _, input := range []string{`{"time_unit":"years"}`, `{"trigger_every":"0"}`, `{"trigger_every":"x"}`,
		`{"trigger_at":"25:00"}`, `{"timezone":"Mars/Olympus"}`, `{"start_after":"soon"}`} {
		if _, ok, err := ParseSchedule(code(input)); !ok || err == nil {
			t.Errorf("%s: accepted", input)
		}
	}
	if _, ok, _ := ParseSchedule(`{"provider":"workato_webhooks","name":"new_event"}`); ok {
		t.Error("a webhook trigger has a schedule")
	}
}

// TestValidateStartSchedule checks that a schedule that does not parse
// keeps its recipe from starting.
func TestValidateStartSchedule(t *testing.T) {
	r := &Recipe{Code: `{"number":0,"keyword":"trigger","provider":"clock","name":"scheduled_event","input":{"time_unit":"years"}}`,
		Config: []RecipeConfig{{Provider: "clock"}}}
	problems := r.ValidateStart(func(string) (bool, bool) { return false, true }, func(int64) (string, bool, bool) { return "", false, false })
	if problems == nil || len(problems.Code) != 1 || problems.Code[0].Step != 0 || problems.Code[0].Problems[0].Label != "Schedule" {
		t.Fatalf("problems = %+v", problems)
	}
}

// TestScheduleStartAfterPrecision checks that a start_after finer than a
// millisecond, the precision of stored times, is next only once.
func TestScheduleStartAfterPrecision(t *testing.T) {
	s, _, err := ParseSchedule(`{"provider":"clock","name":"scheduled_event","input":{"time_unit":"hours","trigger_every":"1","start_after":"2024-03-08T10:00:00.1234567Z"}}`)
	if err != nil {
		t.Fatal(err)
	}
	fired := time.Date(2024, 3, 8, 10, 0, 0, 123_000_000, time.UTC)
	if next := s.Next(fired.Add(-time.Hour), fired); !next.Equal(fired.Add(time.Hour)) {
		t.Errorf("next after the first firing = %v, want an hour later", next)
	}
}
