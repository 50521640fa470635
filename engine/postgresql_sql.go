package engine

import (
	"strconv"
	"strings"
)

// sqlDialect is what differs between the SQL of the databases the
// connectors reach: how names are quoted, how a bound value is marked,
// and which quoting and comments a statement's text may hold.
type sqlDialect struct {
	name          string
	quote         string
	maxIdentifier int
	// mark is the placeholder of the n-th argument.
	mark func(n int) string
	// reuseMarks says a repeated bind variable reuses its placeholder.
	reuseMarks bool
	// dollarQuotes, backslashEscapes and hashComments are the dialect's
	// extra lexical forms ($tag$ text, \' inside quotes, # comments).
	dollarQuotes, backslashEscapes, hashComments bool
	// nullsOrder says order by may name nulls first or last.
	nullsOrder bool
	// returning says a write can answer its rows (RETURNING *, and an
	// upsert as ON CONFLICT); without it an upsert is ON DUPLICATE KEY
	// UPDATE.
	returning bool
}

var postgresDialect = sqlDialect{name: "PostgreSQL", quote: `"`, maxIdentifier: 63,
	mark: func(n int) string { return "$" + strconv.Itoa(n) }, reuseMarks: true, dollarQuotes: true, nullsOrder: true, returning: true}

var mysqlDialect = sqlDialect{name: "MySQL", quote: "`", maxIdentifier: 64,
	mark: func(int) string { return "?" }, backslashEscapes: true, hashComments: true}

// quoteIdent quotes one name of a table, column or schema for PostgreSQL.
func quoteIdent(name string) (string, error) { return postgresDialect.quoteIdent(name) }

// quoteTable quotes a table name for PostgreSQL.
func quoteTable(name, schema string) (string, error) { return postgresDialect.quoteTable(name, schema) }

// orderBy reads and quotes an order by for PostgreSQL.
func orderBy(text string) (string, error) { return postgresDialect.orderBy(text) }

// bindNamed binds the named variables of a PostgreSQL statement.
func bindNamed(sql string, params map[string]any, args []any) (string, []any, error) {
	return postgresDialect.bindNamed(sql, params, args)
}

// quoteIdent quotes one name of a table, column or schema. A name may hold
// any character but NUL; it is quoted, so it is taken as written.
func (d sqlDialect) quoteIdent(name string) (string, error) {
	if name == "" || len(name) > d.maxIdentifier || strings.ContainsRune(name, 0) {
		return "", stepFailed("%q is not a valid %s name (1 to %d characters)", name, d.name, d.maxIdentifier)
	}
	return d.quote + strings.ReplaceAll(name, d.quote, d.quote+d.quote) + d.quote, nil
}

// quoteTable quotes a table name, "schema.table" or "table"; a bare table
// takes the connection's schema when it has one.
func (d sqlDialect) quoteTable(name, schema string) (string, error) {
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
		q, err := d.quoteIdent(p)
		if err != nil {
			return "", err
		}
		quoted[i] = q
	}
	return strings.Join(quoted, "."), nil
}

// orderBy reads an order by of columns, each with asc or desc and, where
// the dialect has them, nulls first or last, and quotes it.
func (d sqlDialect) orderBy(text string) (string, error) {
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
		col, err := d.quoteIdent(strings.Trim(words[0], d.quote))
		if err != nil {
			return "", err
		}
		rest := strings.ToUpper(strings.Join(words[1:], " "))
		switch rest {
		case "", "ASC", "DESC":
		case "NULLS FIRST", "NULLS LAST", "ASC NULLS FIRST", "ASC NULLS LAST", "DESC NULLS FIRST", "DESC NULLS LAST":
			if d.nullsOrder {
				break
			}
			return "", stepFailed("Order by %q: %s has no nulls first or nulls last", text, d.name)
		default:
			return "", stepFailed("Order by %q: %q is not asc, desc, nulls first or nulls last", text, strings.Join(words[1:], " "))
		}
		out = append(out, strings.TrimSpace(col+" "+rest))
	}
	return strings.Join(out, ", "), nil
}

// bindNamed turns the named bind variables of a condition or statement
// (:name) into the dialect's placeholders, numbered from len(args)+1, and
// appends their values from params. Quoted text, quoted names, comments
// and casts (::type) are left as written. A name that params lacks is an
// error.
func (d sqlDialect) bindNamed(sql string, params map[string]any, args []any) (string, []any, error) {
	var b strings.Builder
	numbers := map[string]int{}
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '\'' || c == '"' || c == '`' && d.quote == "`":
			end := d.closingQuote(sql, i)
			b.WriteString(sql[i:end])
			i = end
		case c == '-' && strings.HasPrefix(sql[i:], "--"), c == '#' && d.hashComments:
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
		case c == '$' && d.dollarQuotes && dollarTag(sql[i:]) != "":
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
			if !ok || !d.reuseMarks {
				v, given := params[name]
				if !given {
					return "", nil, stepFailed("Bind variable :%s has no value in parameters", name)
				}
				args = append(args, v)
				n = len(args)
				numbers[name] = n
			}
			b.WriteString(d.mark(n))
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), args, nil
}

// closingQuote returns the index just past the quoted text that starts at
// i; a doubled quote, or in a dialect with them a backslash escape, stays
// inside it.
func (d sqlDialect) closingQuote(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		if s[j] == '\\' && d.backslashEscapes && q != '`' {
			j++
			continue
		}
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

// closingQuote finds the end of quoted text in PostgreSQL.
func closingQuote(s string, i int) int { return postgresDialect.closingQuote(s, i) }

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
