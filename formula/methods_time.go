package formula

import (
	"sync"
	"time"
)

// timeMethods apply to dates and times.
var timeMethods = methodTable{
	"strftime":           {1, 1, timeStrftime},
	"to_date":            {0, 1, func(s *state, v Value, _ []Value) (Value, error) { return Date(v.tm), nil }},
	"to_time":            {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return Time(v.tm), nil }},
	"iso8601":            {0, 0, timeISO8601},
	"in_time_zone":       {0, 1, timeInZone},
	"beginning_of_hour":  {0, 0, timeAt(startOfHour)},
	"beginning_of_day":   {0, 0, timeAt(startOfDay)},
	"beginning_of_week":  {0, 0, dateAt(startOfWeek)},
	"beginning_of_month": {0, 0, dateAt(func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location()) })},
	"beginning_of_quarter": {0, 0, dateAt(func(t time.Time) time.Time {
		return time.Date(t.Year(), (t.Month()-1)/3*3+1, 1, 0, 0, 0, 0, t.Location())
	})},
	"beginning_of_year": {0, 0, dateAt(func(t time.Time) time.Time { return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, t.Location()) })},
	"end_of_hour":       {0, 0, timeAt(func(t time.Time) time.Time { return endOf(startOfHour(t).Add(time.Hour)) })},
	"end_of_day":        {0, 0, timeAt(func(t time.Time) time.Time { return endOf(startOfDay(t).AddDate(0, 0, 1)) })},
	"end_of_week":       {0, 0, dateAt(func(t time.Time) time.Time { return endOf(startOfWeek(t).AddDate(0, 0, 7)) })},
	"end_of_month": {0, 0, dateAt(func(t time.Time) time.Time {
		return endOf(time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, t.Location()))
	})},
	"end_of_quarter": {0, 0, dateAt(func(t time.Time) time.Time {
		return endOf(time.Date(t.Year(), (t.Month()-1)/3*3+4, 1, 0, 0, 0, 0, t.Location()))
	})},
	"end_of_year": {0, 0, dateAt(func(t time.Time) time.Time { return endOf(time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, t.Location())) })},
	"wday":        {0, 0, timeInt(func(t time.Time) int { return int(t.Weekday()) })},
	"yday":        {0, 0, timeInt(time.Time.YearDay)},
	"yweek":       {0, 0, timeInt(func(t time.Time) int { _, w := t.ISOWeek(); return w })},
	"year":        {0, 0, timeInt(time.Time.Year)},
	"month":       {0, 0, timeInt(func(t time.Time) int { return int(t.Month()) })},
	"day":         {0, 0, timeInt(time.Time.Day)},
	"mday":        {0, 0, timeInt(time.Time.Day)},
	"hour":        {0, 0, timeInt(time.Time.Hour)},
	"min":         {0, 0, timeInt(time.Time.Minute)},
	"sec":         {0, 0, timeInt(time.Time.Second)},
	"to_i":        {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return Int(v.tm.Unix()), nil }},
	"to_f":        {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return Float(float64(v.tm.UnixNano()) / 1e9), nil }},
	"dst?":        {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return Bool(v.tm.IsDST()), nil }},
}

func startOfHour(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, t.Location())
}

func startOfDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// startOfWeek returns the Monday that starts t's week, as ActiveSupport does.
func startOfWeek(t time.Time) time.Time {
	back := (int(t.Weekday()) + 6) % 7
	return startOfDay(t).AddDate(0, 0, -back)
}

// endOf returns the last microsecond before t.
func endOf(t time.Time) time.Time { return t.Add(-time.Microsecond) }

// timeAt makes a method that maps a time and returns a time, even for a date.
func timeAt(f func(time.Time) time.Time) methodFunc {
	return func(s *state, v Value, _ []Value) (Value, error) { return Time(f(v.tm)), nil }
}

// dateAt makes a method that maps a time, returning a date for a date.
func dateAt(f func(time.Time) time.Time) methodFunc {
	return func(s *state, v Value, _ []Value) (Value, error) {
		if v.kind == KindDate {
			return Date(f(v.tm)), nil
		}
		return Time(f(v.tm)), nil
	}
}

func timeInt(f func(time.Time) int) methodFunc {
	return func(s *state, v Value, _ []Value) (Value, error) { return Int(int64(f(v.tm))), nil }
}

func timeStrftime(s *state, v Value, args []Value) (Value, error) {
	layout, err := s.argString(args, 0)
	if err != nil {
		return Value{}, err
	}
	out := strftime(v.tm, layout)
	return String(out), s.alloc(int64(len(out)))
}

// timeISO8601 renders a time as 2006-01-02T15:04:05-07:00 (Z in UTC), a date as 2006-01-02.
func timeISO8601(s *state, v Value, _ []Value) (Value, error) {
	if v.kind == KindDate {
		return String(v.tm.Format(dateLayout)), nil
	}
	return String(v.tm.Format(time.RFC3339)), nil
}

// timeInZone moves a time to a zone (an IANA name or a Rails name such as
// "Pacific Time (US & Canada)"); a date becomes its midnight there.
func timeInZone(s *state, v Value, args []Value) (Value, error) {
	loc := s.opt.Location
	if len(args) == 1 {
		name, err := s.argString(args, 0)
		if err != nil {
			return Value{}, err
		}
		if loc = zone(name); loc == nil {
			return Value{}, s.fail(CodeArgument, "unknown time zone %q", name)
		}
	}
	if v.kind == KindDate {
		return Time(time.Date(v.tm.Year(), v.tm.Month(), v.tm.Day(), 0, 0, 0, 0, loc)), nil
	}
	return Time(v.tm.In(loc)), nil
}

// railsZones maps the Rails names of common zones to IANA names.
var railsZones = map[string]string{
	"Pacific Time (US & Canada)": "America/Los_Angeles", "Mountain Time (US & Canada)": "America/Denver",
	"Central Time (US & Canada)": "America/Chicago", "Eastern Time (US & Canada)": "America/New_York",
	"Arizona": "America/Phoenix", "Alaska": "America/Juneau", "Hawaii": "Pacific/Honolulu",
	"London": "Europe/London", "Paris": "Europe/Paris", "Berlin": "Europe/Berlin", "Amsterdam": "Europe/Amsterdam",
	"Madrid": "Europe/Madrid", "Rome": "Europe/Rome", "Moscow": "Europe/Moscow", "Dubai": "Asia/Dubai",
	"Mumbai": "Asia/Kolkata", "Kolkata": "Asia/Kolkata", "New Delhi": "Asia/Kolkata", "Singapore": "Asia/Singapore",
	"Hong Kong": "Asia/Hong_Kong", "Beijing": "Asia/Shanghai", "Tokyo": "Asia/Tokyo", "Seoul": "Asia/Seoul",
	"Sydney": "Australia/Sydney", "Melbourne": "Australia/Melbourne", "Auckland": "Pacific/Auckland",
	"Brasilia": "America/Sao_Paulo", "Buenos Aires": "America/Argentina/Buenos_Aires", "UTC": "UTC", "Etc/UTC": "UTC",
}

// zones caches loaded zones by name, failures included, up to maxZones names.
var (
	zonesMu sync.Mutex
	zones   = map[string]*time.Location{}
)

const maxZones = 1000

// Zone returns the zone of a workspace's time_zone or an in_time_zone
// argument: an IANA name or a Rails name such as "Pacific Time (US &
// Canada)". It returns nil for a name it does not know.
func Zone(name string) *time.Location { return zone(name) }

// zone returns the named zone, or nil. Names are loaded once and cached.
func zone(name string) *time.Location {
	if iana, ok := railsZones[name]; ok {
		name = iana
	} else if iana, ok := railsZoneNames[name]; ok {
		name = iana
	}
	zonesMu.Lock()
	defer zonesMu.Unlock()
	if loc, ok := zones[name]; ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" || name == "Local" {
		loc = nil
	}
	if len(zones) < maxZones {
		zones[name] = loc
	}
	return loc
}
