package formula

import (
	"errors"
	"fmt"
)

// Code says what kind of error a formula met.
type Code uint8

// The codes of formula errors. Syntax, UnknownMethod, BadPill and BadArity
// are found by Parse; the others while evaluating.
const (
	CodeSyntax        Code = iota + 1 // the text is not a formula
	CodeUnknownMethod                 // no method of that name is allowed
	CodeBadPill                       // a datapill's reference cannot be read
	CodeBadArity                      // a method called with a wrong number of arguments
	CodeNoMethod                      // the method does not apply to the receiver's type
	CodeArgument                      // an argument has a wrong type or value
	CodeType                          // an operator does not apply to its operands
	CodeZeroDivision                  // an integer divided by zero
	CodeTimeout                       // the evaluation ran past its time budget
	CodeTooLarge                      // the evaluation built a value past its size budget
)

var codeNames = map[Code]string{
	CodeSyntax: "syntax error", CodeUnknownMethod: "unknown method", CodeBadPill: "bad datapill",
	CodeBadArity: "wrong number of arguments", CodeNoMethod: "no method", CodeArgument: "argument error",
	CodeType: "type error", CodeZeroDivision: "divided by 0", CodeTimeout: "timeout", CodeTooLarge: "too large",
}

// String names the code.
func (c Code) String() string { return codeNames[c] }

// Error is an error of a formula: what went wrong, where (a byte offset from
// 1 in the text given to Parse or ParseInput; 0 when unknown) and, when a
// method is to blame, its name.
type Error struct {
	Code    Code
	Pos     int
	Method  string
	Message string
}

// Error renders the error as "<message> at <pos>".
func (e *Error) Error() string {
	if e.Pos > 0 {
		return fmt.Sprintf("%s at %d", e.Message, e.Pos)
	}
	return e.Message
}

// Is lets errors.Is match an *Error by its code, as ErrTimeout and ErrTooLarge are.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Pos == 0 && t.Message == "" && t.Code == e.Code
}

// ErrTimeout and ErrTooLarge match, with errors.Is, the errors of an
// evaluation stopped by its budgets.
var (
	ErrTimeout  error = &Error{Code: CodeTimeout}
	ErrTooLarge error = &Error{Code: CodeTooLarge}
)

// CodeOf returns the code of err if it is an *Error, else 0.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

func errorf(code Code, pos int, format string, args ...any) *Error {
	return &Error{Code: code, Pos: pos, Message: fmt.Sprintf(format, args...)}
}
