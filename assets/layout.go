package assets

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"sync"
	"time"
)

// Head is what a page's <head> says of the page: the way to the tree's
// root ("../", or "/" for a page served at a path of another depth), its
// title and its own style sheets.
type Head struct {
	Root   string
	Title  string
	Styles []string
}

// layoutStart is how a page that uses the layout begins; the other .html
// files (the display's self-contained offline page) are served as they are.
const layoutStart = `{{template "head"`

// rendered is the tree with every page that uses shared/layout.html filled
// in; built once, by the first Web call.
var rendered = sync.OnceValues(func() (fs.FS, error) { return render(files) })

// render executes each page of tree that begins with the layout's head,
// together with shared/layout.html, and returns tree with those pages
// replaced by their result.
func render(tree fs.FS) (fs.FS, error) {
	layout, err := template.New("layout").Funcs(template.FuncMap{
		"head": func(root, title string, styles ...string) Head { return Head{root, title, styles} },
	}).ParseFS(tree, "shared/layout.html")
	if err != nil {
		return nil, fmt.Errorf("assets: the layout: %w", err)
	}
	pages := map[string][]byte{}
	err = fs.WalkDir(tree, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(name) != ".html" || name == "shared/layout.html" {
			return err
		}
		src, err := fs.ReadFile(tree, name)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(string(src), layoutStart) {
			return nil
		}
		t, err := template.Must(layout.Clone()).New(name).Parse(string(src))
		if err != nil {
			return fmt.Errorf("assets: %s: %w", name, err)
		}
		var out bytes.Buffer
		if err := t.Execute(&out, nil); err != nil {
			return fmt.Errorf("assets: %s: %w", name, err)
		}
		pages[name] = out.Bytes()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return overlay{tree, pages}, nil
}

// overlay is a tree in which some files have other contents.
type overlay struct {
	fs.FS
	files map[string][]byte
}

func (o overlay) Open(name string) (fs.File, error) {
	content, ok := o.files[name]
	if !ok {
		return o.FS.Open(name)
	}
	return &memFile{bytes.NewReader(content), memInfo{path.Base(name), int64(len(content))}}, nil
}

// memFile is a rendered page; it seeks, as http.ServeContent needs.
type memFile struct {
	*bytes.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} } // like embed's files
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
