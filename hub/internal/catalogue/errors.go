package catalogue

import (
	"fmt"
	"strings"
)

// maxProblems is how many problems one Error lists. A file with more is
// usually broken in one place, and the rest only repeats it.
const maxProblems = 20

// Problem is one thing wrong in a catalogue file. Line is 1-based; zero
// means the problem belongs to the file as a whole.
type Problem struct {
	Line    int
	Message string
}

// Error lists the problems found in a catalogue file, one per line of its
// text, in the form "qatif.yaml:42: service "x": category "y" is not defined".
type Error struct {
	File     string
	Problems []Problem
	// Omitted counts the problems found beyond maxProblems.
	Omitted int
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		if p.Line > 0 {
			fmt.Fprintf(&b, "%s:%d: %s", e.File, p.Line, p.Message)
		} else {
			fmt.Fprintf(&b, "%s: %s", e.File, p.Message)
		}
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "\n%s: %d more problems not shown", e.File, e.Omitted)
	}
	return b.String()
}

// problems collects the problems of one file, up to maxProblems.
type problems struct {
	file string
	list []Problem
	more int
}

func (p *problems) add(line int, format string, args ...any) {
	if len(p.list) == maxProblems {
		p.more++
		return
	}
	p.list = append(p.list, Problem{Line: line, Message: fmt.Sprintf(format, args...)})
}

// err returns the collected problems as an *Error, or nil when there are none.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &Error{File: p.file, Problems: p.list, Omitted: p.more}
}
