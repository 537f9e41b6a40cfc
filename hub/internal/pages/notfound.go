package pages

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

var notFoundTemplate = template.Must(template.New("notfound").Parse(`<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title.Ar}} · {{.Title.En}}</title>
<link rel="stylesheet" href="/shared/base.css">
<style>
  main { max-width: 46rem; margin: 12vh auto; padding: 2rem; text-align: center; }
  h1 { font-size: 2.4rem; margin: 0 0 0.5rem; }
  p { font-size: 1.4rem; margin: 0 0 2rem; }
  [lang=en] { color: var(--ink-soft); }
</style>
</head>
<body>
<main>
  <h1 id="not-found">{{.Head.Ar}}</h1>
  <p>{{.Hint.Ar}}</p>
  <div lang="en" dir="ltr">
    <h1>{{.Head.En}}</h1>
    <p>{{.Hint.En}}</p>
  </div>
</main>
</body>
</html>
`))

// notFoundPage is the page for an unknown branch, in both languages.
var notFoundPage = func() []byte {
	var b bytes.Buffer
	err := notFoundTemplate.Execute(&b, struct{ Title, Head, Hint words.Text }{
		words.CodeMessages[protocol.CodeNotFound], words.NoBranchByName, words.CheckScreenLink})
	if err != nil {
		panic("pages: " + err.Error()) // fixed words: a programming error
	}
	return b.Bytes()
}()

// notFound answers an unknown branch with a page in both languages.
func notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(notFoundPage)
}
