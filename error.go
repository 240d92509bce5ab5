package kampungkb

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Kind classifies an error so that every edge (HTTP status, CLI exit code)
// can react to it without reading its text.
type Kind string

// Error kinds. Their string values are the API error codes of formats.md.
const (
	Invalid         Kind = "invalid"
	NotFound        Kind = "not_found"
	Conflict        Kind = "conflict"
	Forbidden       Kind = "forbidden"
	Unauthenticated Kind = "unauthenticated"
	Internal        Kind = "internal"
)

// Error is the error type of the system. Message is for people (Bahasa
// Indonesia) and says what to do next; Fields holds field-level messages
// keyed by the field's form/JSON name; Op names the operation that failed.
type Error struct {
	Kind    Kind
	Op      string
	Message string
	Fields  map[string]string
	Err     error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.Message != "" {
		b.WriteString(e.Message)
	} else if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString(string(e.Kind))
	}
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "; %s: %s", k, e.Fields[k])
		}
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind with a formatted message.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// ErrorKind returns the kind of err: the Kind of the first *Error in its
// chain, or Internal.
func ErrorKind(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// ErrorMessage returns the human message of err (the first *Error's message),
// or a generic Indonesian message for internal errors, which must not leak
// details to users.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return "Terjadi kesalahan di server. Coba lagi; bila terus terjadi, hubungi admin."
}

// ErrorFields returns the field-level messages of err, if any.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field-level validation messages. The zero value is ready.
type Problems map[string]string

// Add records msg for field unless the field already has a message.
func (p *Problems) Add(field, msg string) {
	if *p == nil {
		*p = Problems{}
	}
	if _, ok := (*p)[field]; !ok {
		(*p)[field] = msg
	}
}

// Err returns nil when there are no problems, else an Invalid *Error.
func (p Problems) Err(op string) error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Op: op, Message: "Periksa kembali isian yang ditandai.", Fields: map[string]string(p)}
}
