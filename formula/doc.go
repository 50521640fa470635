// Package formula parses and evaluates Workato's formula language: the
// allowlisted subset of Ruby (with ActiveSupport's methods) that recipe step
// inputs use. It imports only the standard library.
//
// # Inputs
//
// ParseInput classifies a step's input value: literal text; text with
// #{…} interpolations, each a formula, whose result is a string; or a
// formula, written with a leading '='. An input that is exactly one datapill
// keeps the pill's type. Parse parses a formula alone. Both report syntax
// errors, unknown methods, wrong numbers of arguments and unreadable
// datapills as *Error values with a position, before anything runs:
// "unknown method 'upcas' at 12".
//
// # Datapills
//
// _dp('{"pill_type":"output","provider":…,"line":…,"path":[…]}') and the
// older _('data.<provider>.<line>.<path>') both read a field of an earlier
// step's output; path elements are keys, indexes and the typed elements
// current_item, current_index and size. Expr.Pills and Input.Pills list them,
// so the engine can check that each names a step that runs before it. At run
// time an Env resolves them; Outputs is a simple Env over outputs by line.
//
// # Values
//
// nil, Boolean, Integer (int64), Float (float64), String, Date, Time (with
// zone), Array (list), Hash (ordered keys), and the markers skip (omit the
// field) and clear (clear it in the target). FromGo, ParseJSON, Value.Go and
// Value.MarshalJSON convert from and to JSON-decoded Go values. Integer
// division and remainder floor as Ruby's do (7 / 2 is 3, -7 / 2 is -4); an
// integer that overflows 64 bits becomes a Float.
//
// # Syntax
//
// Literals (integers, decimals, '…' and "…" strings, "…" with #{…} and
// escapes, /regexp/ with i and m, :symbols, [lists], {key: v, "k" => v}),
// nil, null, true, false, skip, clear, now, today, uuid; operators + - * / %
// ** == != < <= > >= <=> =~ !~ && || !, the ternary a ? b : c, ranges a..b
// and a...b, indexes x[i], x[-1], x[a..b], x[i, n], x['key']; method calls
// with or without parentheses and arguments (x.include? 'a'), labelled
// arguments (to_phone(area_code: true)), and safe navigation x&.m.
//
// # Methods
//
// Every value: present? blank? presence nil? to_s to_json is_true? is_not_true?
//
// Strings: upcase downcase capitalize swapcase titleize strip lstrip rstrip
// squish reverse strip_tags scrub quote parameterize transliterate length
// size bytesize bytes byteslice chars include? exclude? starts_with?
// start_with? ends_with? end_with? match? scan gsub sub split slice first last
// truncate ljust rjust index encode to_i to_f to_date to_time to_datetime
// strptime parse_json to_currency to_phone encode_base64 decode_base64
// encode_urlsafe_base64 decode_urlsafe_base64 encode_hex decode_hex
// encode_url decode_url md5_hexdigest sha1 sha256 sha512 hmac_md5 hmac_sha1
// hmac_sha256 hmac_sha512 (digests return raw bytes, as Workato's do).
//
// Numbers: abs round ceil floor (with digits) to_i to_f even? odd? zero?
// positive? negative? between? ordinalize to_currency to_phone, and the
// durations seconds minutes hours days weeks months years (and singulars),
// with ago from_now since after until before to_i on a duration.
//
// Dates and times: strftime (Ruby's directives and flags) to_date to_time
// iso8601 in_time_zone beginning_of_hour/day/week/month/quarter/year
// end_of_hour/day/week/month/quarter/year wday yday yweek year month day mday
// hour min sec to_i to_f dst?, and + and - with durations and numbers.
//
// Lists: first last (with a count) second third fourth fifth size length
// count join smart_join uniq sort reverse compact flatten include? exclude?
// index concat sum max min pluck where format_map to_csv slice take drop dig
// to_param encode_www_form.
//
// Hashes: keys values size length count has_key? key? include? merge except
// slice compact dig to_param encode_www_form.
//
// Methods live in tables, one per receiver kind (methods_*.go); adding one
// is a line in a table.
//
// # Budgets
//
// Eval takes Options: the clock (Now) and zone (Location, by default
// America/Los_Angeles, as Workato's now documents) of now and today, a time
// budget (1 s by default) checked by a work counter that reads the clock
// every few thousand units, and a size budget (16 MiB by default): building
// a value over it fails, as does building more than 8 times it in all.
// errors.Is(err, ErrTimeout) and errors.Is(err, ErrTooLarge) tell them apart.
// Evaluation does no I/O beyond loading a named time zone once, uses no
// reflection to find methods, and runs nothing outside the grammar.
//
// # Not supported
//
// Anything Workato does not allowlist: blocks, assignment, map, select, each,
// utc and the rest of Ruby. Also left out: lookup (it needs lookup tables, an
// engine concern), encrypt and decrypt (RNCryptor), jwt_encode and
// rsa_sha256 (keys belong to connections), to_xml and from_xml, and the
// country, state and currency conversions (to_country_alpha2,
// to_country_alpha3, to_country_name, to_state_code, to_state_name,
// to_currency_code, to_currency_name, to_currency_symbol), which need ISO
// tables kept as data. The x regexp flag and Ruby regexp features that RE2
// lacks (look-around, backreferences) fail at parse time.
package formula
