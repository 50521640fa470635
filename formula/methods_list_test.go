package formula

import "testing"

// contacts is a list of hashes as a search step returns them.
const contacts = `[{name: 'Joe', state: 'CA', age: 30, company: 'Acme'}, {name: 'Jill', state: 'CA', age: 25, company: 'Beta'}, {name: 'Jack', state: 'NY', age: 40, company: nil}]`

func TestListMethods(t *testing.T) {
	runCases(t, []formulaCase{
		{"[100, 101, 102, 103, 104].first", "100"}, {"[100, 101, 102, 103, 104].second", "101"},
		{"[100, 101, 102, 103, 104].third", "102"}, {"[100, 101, 102, 103, 104].fourth", "103"},
		{"[100, 101, 102, 103, 104].fifth", "104"}, {"[100, 101, 102, 103, 104].last", "104"},
		{"[100, 101, 102, 103, 104].first(2)", "[100, 101]"}, {"[100, 101, 102, 103, 104].last(2)", "[103, 104]"},
		{"[].first", "nil"}, {"[1, 2, 3].size", "3"}, {"[1, 2, 3].length", "3"}, {"[1, 2, 2].count", "3"}, {"[1, 2, 2].count(2)", "2"},
		{"[1, 2, 3].join(', ')", "1, 2, 3"}, {"['a', nil, 'b'].join", "ab"},
		{"[nil, '', 'Hello', ' ', 'World '].smart_join(' ')", "Hello World"},
		{"[1, 2, 2, 3, 1].uniq", "[1, 2, 3]"}, {"[3, 1, 2].sort", "[1, 2, 3]"}, {"['b', 'a'].sort", "[\"a\", \"b\"]"},
		{"[1, 2, 3].reverse", "[3, 2, 1]"}, {"[1, nil, 2, nil].compact", "[1, 2]"},
		{"[1, [2, [3, 4]]].flatten", "[1, 2, 3, 4]"}, {"[1, [2, [3, 4]]].flatten(1)", "[1, 2, [3, 4]]"},
		{"[1, 2, 3].include?(2)", "true"}, {"[1, 2, 3].exclude?(2)", "false"}, {"['a', 'b'].index('b')", "1"},
		{"[1, 2].concat([3], [4])", "[1, 2, 3, 4]"}, {"[1, 2, 3].sum", "6"}, {"[1, 2.5].sum", "3.5"}, {"[].sum", "0"},
		{"['a', 'b'].sum", "ab"}, {"[3, 9, 1].max", "9"}, {"[3, 9, 1].min", "1"}, {"[].max", "nil"},
		{"[].blank?", "true"}, {"[].presence", "nil"}, {"[1].present?", "true"},
		{contacts + ".pluck('name')", "[\"Joe\", \"Jill\", \"Jack\"]"},
		{contacts + ".pluck('name', 'age')", "[[\"Joe\", 30], [\"Jill\", 25], [\"Jack\", 40]]"},
		{contacts + ".where('state': 'CA').pluck('name')", "[\"Joe\", \"Jill\"]"},
		{contacts + ".where(state: 'CA', 'age >': 26).pluck('name')", "[\"Joe\"]"},
		{contacts + ".where('age <=': 30).pluck('name')", "[\"Joe\", \"Jill\"]"},
		{contacts + ".where('state !=': 'CA').pluck('name')", "[\"Jack\"]"},
		{contacts + ".where(state: ['NY', 'TX']).pluck('name')", "[\"Jack\"]"},
		{contacts + ".where(name: /^J[oa]/).pluck('name')", "[\"Joe\", \"Jack\"]"},
		{contacts + ".format_map('%{name} (%{age})')", "[\"Joe (30)\", \"Jill (25)\", \"Jack (40)\"]"},
		{"[['Joe', 30], ['Jill', 25]].format_map('%s is %s')", "[\"Joe is 30\", \"Jill is 25\"]"},
		{"['John Smith', 'No-Email', ' ', nil, '555-1212'].to_csv", "John Smith,No-Email, ,,555-1212\n"},
		{"[['a', 'b,c'], [1, 'say \"hi\"']].to_csv", "a,\"b,c\"\n1,\"say \"\"hi\"\"\"\n"},
		{"[1, 2, 3, 4].take(2)", "[1, 2]"}, {"[1, 2, 3, 4].drop(2)", "[3, 4]"}, {"[1, 2, 3, 4].slice(1, 2)", "[2, 3]"},
		{"[{a: {b: 5}}].dig(0, 'a', 'b')", "5"}, {"[1, 2].to_json", "[1,2]"},
	})
}

func TestHashMethods(t *testing.T) {
	runCases(t, []formulaCase{
		{"{name: 'Jo', age: 3}.keys", "[\"name\", \"age\"]"}, {"{name: 'Jo', age: 3}.values", "[\"Jo\", 3]"},
		{"{name: 'Jo', age: 3}.size", "2"}, {"{name: 'Jo'}.has_key?('name')", "true"}, {"{name: 'Jo'}.key?('x')", "false"},
		{"{name: 'Jo'}.merge({age: 3})", "{\"name\"=>\"Jo\", \"age\"=>3}"},
		{"{name: 'Jo', age: 3, city: 'X'}.except('age', 'city')", "{\"name\"=>\"Jo\"}"},
		{"{name: 'Jo', age: 3, city: 'X'}.slice('age')", "{\"age\"=>3}"},
		{"{a: 1, b: nil}.compact", "{\"a\"=>1}"}, {"{a: {b: {c: 1}}}.dig('a', 'b', 'c')", "1"},
		{"{a: {b: {c: 1}}}.dig('a', 'x', 'c')", "nil"}, {"{}.blank?", "true"}, {"{a: 1}.present?", "true"},
		{"{a: 1}['a']", "1"}, {"{a: 1}['z']", "nil"}, {"{a: [1, 2]}.to_json", "{\"a\":[1,2]}"},
	})
}
