package formula

import "testing"

func TestStringMethods(t *testing.T) {
	runCases(t, []formulaCase{
		{"'Jean Marie'.upcase", "JEAN MARIE"}, {"'Jean Marie'.downcase", "jean marie"},
		{"'jean MARIE'.capitalize", "Jean marie"}, {"'jean marie'.titleize", "Jean Marie"},
		{"'jean_marie'.titleize", "Jean Marie"}, {"'Jean'.swapcase", "jEAN"},
		{"'   Jean Marie    '.strip", "Jean Marie"}, {"'   Jean'.lstrip", "Jean"}, {"'Jean   '.rstrip", "Jean"},
		{"'Jean Marie'.length", "10"}, {"'Jean Marie'.size", "10"}, {"'Jean Marie'.reverse", "eiraM naeJ"},
		{"'Jean Marie'.include?('Marie')", "true"}, {"'Jean Marie'.exclude?('Marie')", "false"},
		{"'Jean Marie'.starts_with?('Jean')", "true"}, {"'Jean Marie'.ends_with?('Marie')", "true"},
		{"'Jean Marie'.include? 'Jean'", "true"},
		{"'Jean Marie'.match?(/Marie/)", "true"}, {"'Jean Marie'.match?('^J.+e$')", "true"},
		{"'Jean Marie'.gsub('a', 'A')", "JeAn MArie"}, {"'Jean Marie'.sub('a', 'A')", "JeAn Marie"},
		{"'Jean Marie'.gsub(/[aeiou]/, '*')", "J**n M*r**"}, {"'John Doe'.gsub(/(\\w+) (\\w+)/, '\\2, \\1')", "Doe, John"},
		{"'cat hat'.gsub(/[ch]at/, 'cat' => 'dog', 'hat' => 'cap')", "dog cap"},
		{"'line\\n'.gsub(\"\\n\", '')", "line\\n"}, {"\"a\\nb\".gsub(\"\\n\", '')", "ab"},
		{"'Jean Marie'.split", "[\"Jean\", \"Marie\"]"}, {"'a,b,,c,,'.split(',')", "[\"a\", \"b\", \"\", \"c\"]"},
		{"'a1b22c'.split(/\\d+/)", "[\"a\", \"b\", \"c\"]"}, {"'abc'.split('')", "[\"a\", \"b\", \"c\"]"},
		{"'Jean Marie'.slice(0, 4)", "Jean"}, {"'Jean Marie'.slice(5..-1)", "Marie"},
		{"'Jean Marie'.first", "J"}, {"'Jean Marie'.first(4)", "Jean"}, {"'Jean Marie'.last(5)", "Marie"},
		{"'Jean Marie'.truncate(8)", "Jean ..."}, {"'Jean Marie'.truncate(8, omission: '~')", "Jean Ma~"},
		{"'Jean'.ljust(6, '*')", "Jean**"}, {"'Jean'.rjust(6, '*')", "**Jean"}, {"'Jean'.rjust(2)", "Jean"},
		{"'Jean Marie'.scan(/[aeiou]/)", "[\"e\", \"a\", \"a\", \"i\", \"e\"]"},
		{"'a1 b2'.scan(/(\\w)(\\d)/)", "[[\"a\", \"1\"], [\"b\", \"2\"]]"},
		{"'Jean Marie'.index('M')", "5"}, {"'  '.blank?", "true"}, {"'Jean'.present?", "true"},
		{"''.presence", "nil"}, {"'x'.presence", "x"}, {"'<p>Jean</p>'.strip_tags", "Jean"},
		{"'Jean Marie!'.parameterize", "jean-marie"}, {"'Jean Marie'.parameterize('_')", "jean_marie"},
		{"\"Jack's\".quote", "Jack''s"}, {"'Crème brûlée'.transliterate", "Creme brulee"},
		{"'abc'.bytes", "[97, 98, 99]"}, {"'日本'.bytesize", "6"}, {"'hello'.byteslice(1, 3)", "ell"},
		{"'true'.is_true?", "true"}, {"'no'.is_true?", "false"}, {"'no'.is_not_true?", "true"},
		{"'abc'.encode('UTF-8')", "abc"}, {"'Jean  Marie '.squish", "Jean Marie"},
		{"'Jean'.chars", "[\"J\", \"e\", \"a\", \"n\"]"},
	})
}

func TestConversionMethods(t *testing.T) {
	runCases(t, []formulaCase{
		{"'45'.to_i", "45"}, {"'45.67'.to_i", "45"}, {"'abc'.to_i", "0"}, {"'12abc'.to_i", "12"},
		{"'45.67'.to_f", "45.67"}, {"'45'.to_f", "45.0"}, {"45.to_s", "45"}, {"45.67.to_s", "45.67"},
		{"45.67.to_i", "45"}, {"45.to_f", "45.0"}, {"nil.to_s", ""}, {"1.5.to_s + 'x'", "1.5x"},
		{"'{\"a\": [1, 2.5, \"x\"]}'.parse_json['a']", "[1, 2.5, \"x\"]"},
		{"{a: 1, b: [true, nil]}.to_json", "{\"a\":1,\"b\":[true,null]}"},
		{"'2020-01-01'.to_date", "\"2020-01-01\""}, {"'12/31/2020'.to_date(format: 'MM/DD/YYYY')", "\"2020-12-31\""},
		{"'31/12/2020'.to_date(format: '%d/%m/%Y')", "\"2020-12-31\""},
		{"'2020-01-01T10:30:00-08:00'.to_time.strftime('%H:%M %z')", "10:30 -0800"},
		{"'14/10/2015'.strptime('%d/%m/%Y').to_date", "\"2015-10-14\""},
	})
}

func TestEncodingMethods(t *testing.T) {
	runCases(t, []formulaCase{
		{"'Hello World'.encode_base64", "SGVsbG8gV29ybGQ="}, {"'SGVsbG8gV29ybGQ='.decode_base64", "Hello World"},
		{"'Hello World?'.encode_urlsafe_base64", "SGVsbG8gV29ybGQ_"}, {"'SGVsbG8gV29ybGQ_'.decode_urlsafe_base64", "Hello World?"},
		{"'Hello'.encode_hex", "48656c6c6f"}, {"'48656c6c6f'.decode_hex", "Hello"},
		{"'Hello World'.encode_url", "Hello%20World"},
		{"'urn:ietf:params:oauth:grant-type:jwt-bearer'.encode_url", "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"},
		{"'Hello%20World'.decode_url", "Hello World"},
		{"'abc'.md5_hexdigest", "900150983cd24fb0d6963f7d28e17f72"},
		{"'abc'.sha1.encode_hex", "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{"'abc'.sha256.encode_hex", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"'The quick brown fox jumps over the lazy dog'.hmac_sha256('key').encode_hex",
			"f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"},
		{"'The quick brown fox jumps over the lazy dog'.hmac_md5('key').encode_hex", "80070713463e7749b90c2dc24911e275"},
		{"{q: 'ruby', lang: 'en'}.encode_www_form", "q=ruby&lang=en"},
		{"[['q', 'ruby'], ['lang', 'en']].encode_www_form", "q=ruby&lang=en"},
		{"{name: 'David', nationality: 'Danish'}.to_param", "name=David&nationality=Danish"},
		{"{b: 1, a: {c: 2}}.to_param", "a%5Bc%5D=2&b=1"},
	})
}
