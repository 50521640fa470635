package formula

import "testing"

func TestNumberMethods(t *testing.T) {
	runCases(t, []formulaCase{
		{"-40.abs", "40"}, {"-40.5.abs", "40.5"}, {"1234.567.round", "1235"}, {"1234.567.round(2)", "1234.57"},
		{"1234.567.round(-2)", "1200"}, {"2.5.round", "3"}, {"-2.5.round", "-3"},
		{"1234.567.ceil", "1235"}, {"1234.123.ceil(2)", "1234.13"}, {"1234.567.floor", "1234"}, {"-1.5.floor", "-2"},
		{"4.even?", "true"}, {"3.odd?", "true"}, {"0.zero?", "true"}, {"5.between?(1, 10)", "true"},
		{"1.ordinalize", "1st"}, {"2.ordinalize", "2nd"}, {"3.ordinalize", "3rd"}, {"11.ordinalize", "11th"},
		{"22.ordinalize", "22nd"}, {"113.ordinalize", "113th"},
		{"1234567.890.to_currency", "$1,234,567.89"}, {"1234567.890.to_currency(unit: '€')", "€1,234,567.89"},
		{"1234567.890.to_currency(precision: 3)", "$1,234,567.890"},
		{"1234567.890.to_currency(unit: '€', separator: ',', delimiter: '.', format: '%n %u')", "1.234.567,89 €"},
		{"-1234.5.to_currency", "-$1,234.50"}, {"'1234.5'.to_currency", "$1,234.50"}, {"5.to_currency", "$5.00"},
		{"5551234.to_phone", "555-1234"}, {"1235551234.to_phone", "123-555-1234"},
		{"1235551234.to_phone(area_code: true)", "(123) 555-1234"}, {"1235551234.to_phone(delimiter: ' ')", "123 555 1234"},
		{"1235551234.to_phone(area_code: true, extension: 555)", "(123) 555-1234 x 555"},
		{"1235551234.to_phone(country_code: 1)", "+1-123-555-1234"}, {"'5551234'.to_phone", "555-1234"},
		{"0.presence", "0"}, {"0.blank?", "false"}, {"1.is_true?", "true"}, {"0.is_true?", "false"},
	})
}
