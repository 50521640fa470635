package partnerd

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // The schedules' zones, in a container without a zone database.
)

// DefaultScheduleZone is the time zone of a schedule that names none, as
// Workato's scheduler documents it.
const DefaultScheduleZone = "America/Los_Angeles"

// defaultScheduleLocation is DefaultScheduleZone's location.
var defaultScheduleLocation = func() *time.Location {
	loc, err := time.LoadLocation(DefaultScheduleZone)
	if err != nil {
		return time.UTC
	}
	return loc
}()

// Schedule is when a recipe of the clock's scheduled_event trigger fires:
// every Every units (minutes, hours, days or weeks), the days and weeks at
// the time of day At in Location, from Start on.
type Schedule struct {
	Unit     string
	Every    int
	At       time.Duration // since midnight, for days and weeks
	Location *time.Location
	Start    *time.Time // start_after; nil fires from the recipe's start
}

// scheduleTrigger is what a schedule reads of a recipe's trigger.
type scheduleTrigger struct {
	Provider string `json:"provider"`
	Name     string `json:"name"`
	Input    struct {
		TimeUnit     string `json:"time_unit"`
		TriggerEvery any    `json:"trigger_every"`
		TriggerAt    string `json:"trigger_at"`
		Timezone     string `json:"timezone"`
		StartAfter   string `json:"start_after"`
	} `json:"input"`
}

// ParseSchedule reads the schedule of a recipe's code: ok is false for a
// recipe of another trigger. Its defaults are every 5 minutes, at
// midnight, in DefaultScheduleZone; the shortest period is a minute.
func ParseSchedule(code string) (s *Schedule, ok bool, err error) {
	var t scheduleTrigger
	if json.Unmarshal([]byte(code), &t) != nil || t.Provider != "clock" || t.Name != "scheduled_event" {
		return nil, false, nil
	}
	in := t.Input
	s = &Schedule{Unit: strings.ToLower(strings.TrimSpace(in.TimeUnit)), Every: 5, Location: defaultScheduleLocation}
	if s.Unit == "" {
		s.Unit = "minutes"
	}
	switch s.Unit {
	case "minutes", "hours", "days", "weeks":
	default:
		return nil, true, errors.New("time_unit must be minutes, hours, days or weeks")
	}
	switch every := in.TriggerEvery.(type) {
	case nil:
	case float64:
		s.Every = int(every)
	case string:
		if strings.TrimSpace(every) != "" {
			if s.Every, err = strconv.Atoi(strings.TrimSpace(every)); err != nil {
				return nil, true, errors.New("trigger_every must be a whole number")
			}
		}
	default:
		return nil, true, errors.New("trigger_every must be a whole number")
	}
	if s.Every < 1 || s.Every > 100_000 {
		return nil, true, errors.New("trigger_every must be between 1 and 100000")
	}
	if at := strings.TrimSpace(in.TriggerAt); at != "" {
		var clock time.Time
		for _, layout := range []string{"15:04:05.000", "15:04:05", "15:04"} {
			if clock, err = time.Parse(layout, at); err == nil {
				break
			}
		}
		if err != nil {
			return nil, true, errors.New("trigger_at must be a time of day such as 05:00:00")
		}
		s.At = clock.Sub(clock.Truncate(24 * time.Hour))
	}
	if tz := strings.TrimSpace(in.Timezone); tz != "" {
		if s.Location, err = time.LoadLocation(tz); err != nil {
			return nil, true, errors.New("timezone " + strconv.Quote(tz) + " is not a known time zone")
		}
	}
	if sa := strings.TrimSpace(in.StartAfter); sa != "" {
		start, err := time.Parse(time.RFC3339Nano, sa)
		if err != nil {
			return nil, true, errors.New("start_after must be an ISO 8601 time")
		}
		start = start.Truncate(time.Millisecond) // as precise as the times stored
		s.Start = &start
	}
	return s, true, nil
}

// Next returns the first time the schedule fires after after, for a
// recipe started at started.
func (s *Schedule) Next(started, after time.Time) time.Time {
	anchor := started
	if s.Start != nil {
		anchor = *s.Start
	}
	switch s.Unit {
	case "minutes", "hours":
		period := time.Duration(s.Every) * time.Minute
		if s.Unit == "hours" {
			period = time.Duration(s.Every) * time.Hour
		}
		if anchor.After(after) {
			return anchor
		}
		n := after.Sub(anchor)/period + 1
		return anchor.Add(n * period)
	}
	days := s.Every
	if s.Unit == "weeks" {
		days *= 7
	}
	a := anchor.In(s.Location)
	first := s.onDay(a.Year(), a.Month(), a.Day())
	if first.Before(anchor) {
		first = first.AddDate(0, 0, 1)
	}
	if first.After(after) {
		return first
	}
	// Whole periods of days from first, counted in calendar days so that a
	// change of daylight saving time keeps the time of day.
	n := int(after.Sub(first).Hours()/24) / days
	t := addDays(first, n*days, s)
	for !t.After(after) {
		t = addDays(t, days, s)
	}
	return t
}

// addDays adds calendar days at the schedule's time of day.
func addDays(t time.Time, days int, s *Schedule) time.Time {
	d := t.In(s.Location).AddDate(0, 0, days)
	return s.onDay(d.Year(), d.Month(), d.Day())
}

// onDay is the schedule's time of day At on a day of its Location, read
// on the clock of that day: on a day that daylight saving time begins or
// ends, midnight plus At would be an hour off.
func (s *Schedule) onDay(year int, month time.Month, day int) time.Time {
	at := s.At
	return time.Date(year, month, day, int(at/time.Hour), int(at%time.Hour/time.Minute), int(at%time.Minute/time.Second),
		int(at%time.Second), s.Location)
}
