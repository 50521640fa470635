package formula

import "testing"

func TestDateMethods(t *testing.T) {
	runCases(t, []formulaCase{
		{"'2020-01-01'.to_date + 2.days", "\"2020-01-03\""}, {"'2020-01-01'.to_date - 2.days", "\"2019-12-30\""},
		{"'2020-01-01'.to_date + 2.months", "\"2020-03-01\""}, {"'2020-01-01'.to_date - 2.months", "\"2019-11-01\""},
		{"'2020-01-01'.to_date + 2.years", "\"2022-01-01\""}, {"'2020-01-01'.to_date - 2.years", "\"2018-01-01\""},
		{"'2020-01-31'.to_date + 1.month", "\"2020-02-29\""}, {"'2020-01-01'.to_date + 1", "\"2020-01-02\""},
		{"now", "\"2022-02-01 07:00:00 -0800\""}, {"now.to_json", "\"2022-02-01T07:00:00.000000-08:00\""},
		{"(now + 8.hours).to_json", "\"2022-02-01T15:00:00.000000-08:00\""},
		{"(now + 2.days).to_json", "\"2022-02-03T07:00:00.000000-08:00\""},
		{"today", "\"2022-02-01\""}, {"today + 2.days", "\"2022-02-03\""},
		{"2.days.from_now.to_json", "\"2022-02-03T07:00:00.000000-08:00\""},
		{"2.days.ago.to_json", "\"2022-01-30T07:00:00.000000-08:00\""},
		{"30.seconds.ago.strftime('%H:%M:%S')", "06:59:30"},
		{"now.strftime('%Y-%m-%dT%H:%M:%SZ')", "2022-02-01T07:00:00Z"},
		{"'2020-06-05T14:30:07Z'.to_time.strftime('%-m/%-d/%y %I:%M %p %A %B %j %L')", "6/5/20 02:30 PM Friday June 157 000"},
		{"'2020-06-05'.to_date.strftime('%^a %e %b')", "FRI  5 Jun"},
		{"'2020-06-05T14:30:07Z'.to_time.in_time_zone('America/New_York').strftime('%H:%M %Z')", "10:30 EDT"},
		{"'2020-06-05T14:30:07Z'.to_time.in_time_zone('Asia/Tokyo').iso8601", "2020-06-05T23:30:07+09:00"},
		{"'2020-06-05T14:30:07Z'.to_time.in_time_zone('Pacific Time (US & Canada)').dst?", "true"},
		{"'2020-06-05T14:30:07Z'.to_time.iso8601", "2020-06-05T14:30:07Z"},
		{"'2020-06-05'.to_date.beginning_of_month", "\"2020-06-01\""}, {"'2020-06-05'.to_date.end_of_month", "\"2020-06-30\""},
		{"'2020-06-05'.to_date.beginning_of_week", "\"2020-06-01\""}, {"'2020-06-05'.to_date.end_of_week", "\"2020-06-07\""},
		{"'2020-06-05'.to_date.beginning_of_year", "\"2020-01-01\""}, {"'2020-06-05'.to_date.end_of_year", "\"2020-12-31\""},
		{"'2020-06-05'.to_date.beginning_of_quarter", "\"2020-04-01\""},
		{"'2020-06-05T14:30:07Z'.to_time.beginning_of_day.iso8601", "2020-06-05T00:00:00Z"},
		{"'2020-06-05T14:30:07Z'.to_time.beginning_of_hour.iso8601", "2020-06-05T14:00:00Z"},
		{"'2020-06-05T14:30:07Z'.to_time.end_of_day.strftime('%H:%M:%S.%6N')", "23:59:59.999999"},
		{"'2020-06-05'.to_date.wday", "5"}, {"'2020-06-05'.to_date.yday", "157"}, {"'2020-06-05'.to_date.yweek", "23"},
		{"'2020-06-05'.to_date.month", "6"}, {"'2020-06-05'.to_date.year", "2020"}, {"'2020-06-05'.to_date.day", "5"},
		{"'2020-06-05T14:30:07Z'.to_time.to_i", "1591367407"}, {"'2020-06-05T14:30:07Z'.to_time.to_date", "\"2020-06-05\""},
		{"'2020-06-05'.to_date.to_time.iso8601", "2020-06-05T00:00:00Z"},
		{"'2020-06-05'.to_date - '2020-06-01'.to_date", "4"}, {"'2020-06-05'.to_date > '2020-06-01'.to_date", "true"},
		{"'2020-06-05'.to_date.iso8601", "2020-06-05"},
	})
}
