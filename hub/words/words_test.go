package words

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

var update = flag.Bool("update", false, "write assets/shared/words.js from the catalogue")

const script = "../../assets/shared/words.js"

// The pages' words.js is the catalogue as it is now.
func TestPageScriptIsCurrent(t *testing.T) {
	if *update {
		if err := os.WriteFile(script, Script(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, Script()) {
		t.Errorf("%s is not the catalogue's: run go test ./hub/words -update", script)
	}
}

// Every status of the wire format has its words, and every entry says it in
// both languages.
func TestEveryStatusInBothLanguages(t *testing.T) {
	for _, s := range []protocol.CaseStatus{protocol.CaseReceived, protocol.CaseInProgress, protocol.CaseAwaitingCitizen, protocol.CaseReferred, protocol.CaseResolved, protocol.CaseClosed} {
		if _, ok := CaseStatuses[s]; !ok {
			t.Errorf("case status %s has no words", s)
		}
	}
	for _, s := range []protocol.TicketState{protocol.TicketRemote, protocol.TicketWaiting, protocol.TicketCalled, protocol.TicketServing, protocol.TicketParked, protocol.TicketDone, protocol.TicketNoShow, protocol.TicketCancelled, protocol.TicketExpired} {
		if _, ok := TicketStates[s]; !ok {
			t.Errorf("ticket state %s has no words", s)
		}
	}
	for _, s := range []protocol.DeskState{protocol.DeskOpen, protocol.DeskPaused, protocol.DeskClosed} {
		if _, ok := DeskStates[s]; !ok {
			t.Errorf("desk state %s has no words", s)
		}
	}
	tables := map[string]map[string]Text{"page": Page(), "reasons": Reasons, "codes": CodeMessages}
	for name, table := range tables {
		for k, text := range table {
			if text.Ar == "" || text.En == "" {
				t.Errorf("%s %s lacks Arabic or English: %+v", name, k, text)
			}
		}
	}
}

// A filled text has every verb filled in both languages, also where one
// language names fewer of the arguments than the other.
func TestFillBothLanguages(t *testing.T) {
	for _, filled := range []Text{
		NotJSON.Fill(17),
		FieldType.Fill("branch", "string", "number"),
		NoRoute.Fill("GET", "/api/v1/nothing"),
		BodyNotObject.Fill("unexpected end of JSON input"),
		RoleMayNotSend.Fill("kiosk", "desk.open"),
		FieldWrongType.Fill("desk", "string"),
		RegionManagerOnly.Fill("sara", "officer"),
		NotDepartmentPerson.Fill("omar", "Roads Department", "إدارة الطرق"),
		DepartmentNotServing.Fill("Roads Department", "إدارة الطرق"),
		NoSuchDetail.Fill("shop-licence", "area"),
		OrphanedLiveData.FillText(Join(ListSeparator, RemovedBranchWaits.Fill("safwa", 3), RemovedDeskHeld.Fill("2", "qatif", "sara"))),
		AttributeRequired.Fill("area", "Area", "المساحة"),
		DetailRequired.Fill("Area", "المساحة"),
		SomethingWentWrong.Fill("disk full"),
		CategoryTargets.Fill(8, 72),
		JurisdictionRequired.FillText(Join(Comma, Text{"qatif", "qatif"}, Text{"safwa", "safwa"})),
		TryAgainIn.FillText(Text{"دقيقتين", "2 minutes"}),
	} {
		if strings.Contains(filled.Ar, "%!") || strings.Contains(filled.En, "%!") || strings.Contains(filled.Ar+filled.En, "%[") {
			t.Errorf("not filled: %+v", filled)
		}
	}
	if got := FieldType.Fill("branch", "string", "number").Ar; got != "نوع الحقل branch غير صحيح" {
		t.Errorf("FieldType in Arabic: %q", got)
	}
}

// A list joins each language's items with that language's separator; In
// picks the person's language.
func TestJoinAndIn(t *testing.T) {
	list := Join(ListSeparator, Text{"أ", "a"}, Text{"ب", "b"})
	if list.Ar != "أ؛ ب" || list.En != "a; b" {
		t.Errorf("Join = %+v", list)
	}
	if got := UnknownCase.In("en"); got != UnknownCase.En {
		t.Errorf("In(en) = %q", got)
	}
	if got := UnknownCase.In("ar"); got != UnknownCase.Ar {
		t.Errorf("In(ar) = %q", got)
	}
}
