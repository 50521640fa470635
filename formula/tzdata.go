package formula

// The zone database is embedded, so in_time_zone works where the system has none.
import _ "time/tzdata"
