package catalogue

import "gopkg.in/yaml.v3"

// at returns the YAML node reached from n by following path, whose steps are
// mapping keys (string) and sequence indexes (int). When the path goes
// missing it returns the deepest node reached, so that a problem with an
// absent key points at the line of the mapping that lacks it.
func at(n *yaml.Node, path ...any) *yaml.Node {
	n = resolve(n)
	for _, step := range path {
		next := child(n, step)
		if next == nil {
			return n
		}
		n = resolve(next)
	}
	return n
}

// resolve looks through documents and aliases to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for {
		switch {
		case n.Kind == yaml.DocumentNode && len(n.Content) > 0:
			n = n.Content[0]
		case n.Kind == yaml.AliasNode && n.Alias != nil:
			n = n.Alias
		default:
			return n
		}
	}
}

// child returns the value of a mapping key or the item of a sequence, or nil.
func child(n *yaml.Node, step any) *yaml.Node {
	switch s := step.(type) {
	case string:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == s {
				return n.Content[i+1]
			}
		}
	case int:
		if n.Kind == yaml.SequenceNode && s >= 0 && s < len(n.Content) {
			return n.Content[s]
		}
	}
	return nil
}
