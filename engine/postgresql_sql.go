package engine

import (
	"strconv"
	"strings"
)

// maxIdentifier is the longest name PostgreSQL keeps.
const maxIdentifier = 63

// quoteIdent quotes one name of a table, column or schema. A name may hold
// any character but NUL; it is quoted, so it is taken as written.
func quoteIdent(name string) (string, error) {
	if name == "" || len(name) > maxIdentifier || strings.ContainsRune(name, 0) {
		return "", stepFailed("%q is not a valid PostgreSQL name (1 to %d characters)", name, maxIdentifier)
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`, nil
}

// quoteTable quotes a table name, "schema.table" or "table"; a bare table
// takes the connection's schema when it has one.
func quoteTable(name, schema string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", stepFailed("Table is required")
	}
	parts := strings.Split(name, ".")
	if len(parts) == 1 && schema != "" {
		parts = []string{schema, name}
	}
	if len(parts) > 2 {
		return "", stepFailed("Table %q is not a table or schema.table", name)
	}
	quoted := make([]string, len(parts))
	for i, p := range parts {
		q, err := quoteIdent(p)
		if err != nil {
			return "", err
		}
		quoted[i] = q
	}
	return strings.Join(quoted, "."), nil
}

// orderBy reads an order by of columns, each with asc or desc and nulls
// first or last, and quotes it.
func orderBy(text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", nil
	}
	var out []string
	for _, item := range strings.Split(text, ",") {
		words := strings.Fields(item)
		if len(words) == 0 {
			return "", stepFailed("Order by %q has an empty column", text)
		}
		col, err := quoteIdent(strings.Trim(words[0], `"`))
		if err != nil {
			return "", err
		}
		rest := strings.ToUpper(strings.Join(words[1:], " "))
		switch rest {
		case "", "ASC", "DESC", "NULLS FIRST", "NULLS LAST", "ASC NULLS FIRST", "ASC NULLS LAST", "DESC NULLS FIRST", "DESC NULLS LAST":
		default:
			return "", stepFailed("Order by %q: %q is not asc, desc, nulls first or nulls last", text, strings.Join(words[1:], " "))
		}
		out = append(out, strings.TrimSpace(col+" "+rest))
	}
	return strings.Join(out, ", "), nil
}

// bindNamed turns the named bind variables of a condition or statement
// (:name) into PostgreSQL's $n, numbered from len(args)+1, and appends
// their values from params. Quoted text, quoted names, comments and casts
// (::type) are left as written. A name that params lacks is an error.
func bindNamed(sql string, params map[string]any, args []any) (string, []any, error) {
	var b strings.Builder
	numbers := map[string]int{}
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '\'' || c == '"':
			end := closingQuote(sql, i)
			b.WriteString(sql[i:end])
			i = end
		case c == '-' && strings.HasPrefix(sql[i:], "--"):
			end := strings.IndexByte(sql[i:], '\n')
			if end < 0 {
				end = len(sql) - i
			}
			b.WriteString(sql[i : i+end])
			i += end
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				end = len(sql) - i - 2
			} else {
				end += 2
			}
			b.WriteString(sql[i : i+2+end])
			i += 2 + end
		case c == '$' && dollarTag(sql[i:]) != "":
			tag := dollarTag(sql[i:])
			end := strings.Index(sql[i+len(tag):], tag)
			if end < 0 {
				end = len(sql) - i - len(tag)
			} else {
				end += len(tag)
			}
			b.WriteString(sql[i : i+len(tag)+end])
			i += len(tag) + end
		case c == ':' && strings.HasPrefix(sql[i:], "::"):
			b.WriteString("::")
			i += 2
		case c == ':' && i+1 < len(sql) && isNameStart(sql[i+1]):
			j := i + 1
			for j < len(sql) && isNamePart(sql[j]) {
				j++
			}
			name := sql[i+1 : j]
			n, ok := numbers[name]
			if !ok {
				v, given := params[name]
				if !given {
					return "", nil, stepFailed("Bind variable :%s has no value in parameters", name)
				}
				args = append(args, v)
				n = len(args)
				numbers[name] = n
			}
			b.WriteString("$" + strconv.Itoa(n))
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), args, nil
}

// closingQuote returns the index just past the quoted text that starts at
// i; a doubled quote stays inside it.
func closingQuote(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		if s[j] == q {
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(s)
}

func isNameStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isNamePart(c byte) bool  { return isNameStart(c) || c >= '0' && c <= '9' }

// dollarTag returns the tag that opens dollar-quoted text at the start of
// s ($$ or $name$), or "".
func dollarTag(s string) string {
	if len(s) < 2 || s[0] != '$' {
		return ""
	}
	if s[1] == '$' {
		return "$$"
	}
	if !isNameStart(s[1]) {
		return ""
	}
	for j := 2; j < len(s); j++ {
		if s[j] == '$' {
			return s[:j+1]
		}
		if !isNamePart(s[j]) {
			return ""
		}
	}
	return ""
}
