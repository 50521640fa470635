package formula

import (
	"strconv"
	"strings"
	"time"
)

// strftime formats t with Ruby's directives (%Y, %m, %d, %H, %M, %S, %L,
// %N, %z, %:z, %Z, %A, %a, %B, %b, %p, %j, %U, %e, %l, %s, %F, %T, …) and
// the flags - (no padding), ^ (upper case), 0 and _ (pad with 0 or space).
func strftime(t time.Time, layout string) string {
	var b strings.Builder
	for i := 0; i < len(layout); i++ {
		c := layout[i]
		if c != '%' || i+1 >= len(layout) {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		flag := byte(0)
		for j < len(layout) && strings.IndexByte("-^0_#", layout[j]) >= 0 {
			flag = layout[j]
			j++
		}
		width := 0
		for j < len(layout) && isDigit(layout[j]) {
			width = width*10 + int(layout[j]-'0')
			j++
		}
		colon := false
		if j < len(layout) && layout[j] == ':' {
			colon = true
			j++
		}
		if j >= len(layout) {
			b.WriteString(layout[i:])
			break
		}
		out, ok := directive(t, layout[j], flag, width, colon)
		if !ok {
			b.WriteString(layout[i : j+1])
		} else {
			b.WriteString(out)
		}
		i = j
	}
	return b.String()
}

func directive(t time.Time, d, flag byte, width int, colon bool) (string, bool) {
	num := func(n, w int, pad byte) string {
		s := strconv.Itoa(n)
		switch flag {
		case '-':
			return s
		case '_':
			pad = ' '
		case '0':
			pad = '0'
		}
		if width > 0 {
			w = width
		}
		for len(s) < w {
			s = string(pad) + s
		}
		return s
	}
	text := func(s string) string {
		if flag == '^' || flag == '#' {
			return strings.ToUpper(s)
		}
		return s
	}
	hour12 := t.Hour() % 12
	if hour12 == 0 {
		hour12 = 12
	}
	switch d {
	case 'Y':
		return num(t.Year(), 4, '0'), true
	case 'C':
		return num(t.Year()/100, 2, '0'), true
	case 'y':
		return num(t.Year()%100, 2, '0'), true
	case 'm':
		return num(int(t.Month()), 2, '0'), true
	case 'B':
		return text(t.Month().String()), true
	case 'b', 'h':
		return text(t.Month().String()[:3]), true
	case 'd':
		return num(t.Day(), 2, '0'), true
	case 'e':
		return num(t.Day(), 2, ' '), true
	case 'j':
		return num(t.YearDay(), 3, '0'), true
	case 'H':
		return num(t.Hour(), 2, '0'), true
	case 'k':
		return num(t.Hour(), 2, ' '), true
	case 'I':
		return num(hour12, 2, '0'), true
	case 'l':
		return num(hour12, 2, ' '), true
	case 'M':
		return num(t.Minute(), 2, '0'), true
	case 'S':
		return num(t.Second(), 2, '0'), true
	case 'L':
		return num(t.Nanosecond()/1e6, 3, '0'), true
	case 'N':
		digits := 9
		if width > 0 {
			digits = min(width, 9)
		}
		return strconv.Itoa(1e9 + t.Nanosecond())[1 : 1+digits], true
	case 'z':
		if colon {
			return t.Format("-07:00"), true
		}
		return t.Format("-0700"), true
	case 'Z':
		return text(t.Format("MST")), true
	case 'A':
		return text(t.Weekday().String()), true
	case 'a':
		return text(t.Weekday().String()[:3]), true
	case 'u':
		return strconv.Itoa((int(t.Weekday())+6)%7 + 1), true
	case 'w':
		return strconv.Itoa(int(t.Weekday())), true
	case 'p':
		if flag == '#' {
			return strings.ToLower(ampm(t)), true
		}
		return ampm(t), true
	case 'P':
		return strings.ToLower(ampm(t)), true
	case 's':
		return strconv.FormatInt(t.Unix(), 10), true
	case 'U':
		return num((t.YearDay()+6-int(t.Weekday()))/7, 2, '0'), true
	case 'W':
		return num((t.YearDay()+6-(int(t.Weekday())+6)%7)/7, 2, '0'), true
	case 'V':
		_, w := t.ISOWeek()
		return num(w, 2, '0'), true
	case 'G':
		y, _ := t.ISOWeek()
		return num(y, 4, '0'), true
	case 'F':
		return strftime(t, "%Y-%m-%d"), true
	case 'D', 'x':
		return strftime(t, "%m/%d/%y"), true
	case 'T', 'X':
		return strftime(t, "%H:%M:%S"), true
	case 'R':
		return strftime(t, "%H:%M"), true
	case 'r':
		return strftime(t, "%I:%M:%S %p"), true
	case 'c':
		return strftime(t, "%a %b %e %H:%M:%S %Y"), true
	case '%':
		return "%", true
	case 'n':
		return "\n", true
	case 't':
		return "\t", true
	}
	return "", false
}

func ampm(t time.Time) string {
	if t.Hour() < 12 {
		return "AM"
	}
	return "PM"
}
