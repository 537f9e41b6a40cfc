package words

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
)

// Shared are the words every page says the same way, under the key the
// pages look them up by (i18n.t("sign_in")).
var Shared = map[string]Text{
	"other_lang": {"English", "العربية"}, // the language button names the other language
	"username":   {"اسم المستخدم", "Username"},
	"password":   {"كلمة المرور", "Password"},
	"sign_in":    {"دخول", "Sign in"},
	"sign_out":   {"خروج", "Sign out"},

	"ticket_number": TicketNumber,
	"case_number":   CaseNumber,
	"access_code":   AccessCode,
}

// Page is every word the pages share: Shared, and the statuses as
// case_<status>, ticket_<state> and desk_<state>.
func Page() map[string]Text {
	page := maps.Clone(Shared)
	for s, t := range CaseStatuses {
		page["case_"+string(s)] = t
	}
	for s, t := range TicketStates {
		page["ticket_"+string(s)] = t
	}
	for s, t := range DeskStates {
		page["desk_"+string(s)] = t
	}
	return page
}

// Script is assets/shared/words.js: Page() as an ES module exporting one
// dictionary per language, which shared/i18n.js adds for every page. The
// file is generated, never edited: `go test
// ./hub/words -update` writes it, and the package's test fails
// while the committed file differs.
func Script() []byte {
	dicts := map[string]map[string]string{"ar": {}, "en": {}}
	for k, t := range Page() {
		dicts["ar"][k] = t.Ar
		dicts["en"][k] = t.En
	}
	var b bytes.Buffer
	b.WriteString("// The words every page shares, Arabic first. Generated from hub/words\n")
	b.WriteString("// by `go test ./hub/words -update`: edit the Go tables, not this file.\n")
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	b.WriteString("export const words = ")
	if err := enc.Encode(dicts); err != nil {
		panic(fmt.Sprintf("words: %v", err)) // strings only: cannot fail
	}
	b.Truncate(b.Len() - 1) // the encoder's newline
	b.WriteString(";\n")
	return b.Bytes()
}

// The page that answers a display or dashboard address naming no branch
// (hub/internal/pages).
var (
	NoBranchByName  = Text{"لا يوجد فرع بهذا الاسم", "There is no branch by this name"}
	CheckScreenLink = Text{"تحقق من رابط الشاشة مع المسؤول.", "Check the screen's link with an administrator."}
)
