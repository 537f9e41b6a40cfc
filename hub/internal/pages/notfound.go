package pages

import "net/http"

const notFoundPage = `<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>غير موجود · Not found</title>
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
  <h1 id="not-found">لا يوجد فرع بهذا الاسم</h1>
  <p>تحقق من رابط الشاشة مع المسؤول.</p>
  <div lang="en" dir="ltr">
    <h1>There is no branch by this name</h1>
    <p>Check the screen's link with an administrator.</p>
  </div>
</main>
</body>
</html>
`

// notFound answers an unknown branch with a page in both languages.
func notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write([]byte(notFoundPage))
}
