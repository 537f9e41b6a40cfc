package catalogue

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

var (
	// yamlLine splits a yaml.v3 message such as "yaml: line 3: did not find
	// expected key" into its line and its problem.
	yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	// unknownKey matches yaml.v3's message for a key the catalogue does not have.
	unknownKey = regexp.MustCompile(`^field (.*) not found in type \S+$`)
)

// decode parses the YAML into the wire types, rejecting unknown keys, then
// checks the result against the YAML node tree so that each problem can name
// its line.
func decode(data []byte, name string) (protocol.Catalogue, error) {
	var wire protocol.Catalogue
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&wire); err != nil {
		if errors.Is(err, io.EOF) {
			return wire, &Error{File: name, Problems: []Problem{{Message: "the file is empty"}}}
		}
		return wire, yamlError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return wire, &Error{File: name, Problems: []Problem{{Line: extra.Line,
			Message: "the file holds more than one YAML document (a second \"---\")"}}}
	}

	// The typed decoding above has no line numbers; the node tree has them.
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return wire, yamlError(name, err)
	}
	c := checker{problems: problems{file: name}}
	c.catalogue(&wire, &root)
	return wire, c.err()
}

// yamlError turns a yaml.v3 syntax or type error into an *Error with lines.
func yamlError(name string, err error) error {
	var messages []string
	var typeErr *yaml.TypeError
	if errors.As(err, &typeErr) {
		messages = typeErr.Errors
	} else {
		messages = []string{err.Error()}
	}
	p := problems{file: name}
	for _, m := range messages {
		line := 0
		if parts := yamlLine.FindStringSubmatch(m); parts != nil {
			line, _ = strconv.Atoi(parts[1])
			m = parts[2]
		}
		m = strings.TrimPrefix(m, "yaml: ")
		if parts := unknownKey.FindStringSubmatch(m); parts != nil {
			m = "unknown key \"" + parts[1] + "\""
		}
		p.add(line, "%s", m)
	}
	return p.err()
}
