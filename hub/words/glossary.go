package words

// NotTheCase are the names a case had on one screen or another before it
// was معاملة everywhere (docs/glossary.md); no text the hub, the pages or
// the apps show may use them.
// "أسماء المعاملات" (parameter names, in another sense of the word) reads
// as the cases' names: a request's parameters are حقول.
var NotTheCase = []string{"رقم الطلب", "رقم الحالة", "رقم البلاغ", "الحالات", "حالاتي", "متابعة الحالة", "حالتك", "أسماء المعاملات"}
