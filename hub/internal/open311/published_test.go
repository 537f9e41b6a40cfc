package open311_test

import (
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// An officer's edits of an Open311 case (its description, its place, its
// service) stay with staff: the public list shows what the requester sent.
func TestStaffEditsAreNotPublished(t *testing.T) {
	f := newFixture(t)
	created := array(t, decodeJSON(t, f.post(t, "requests.json", f.roadDefect("A deep pothole in the right lane"), 200)))
	id := created[0].(map[string]any)["service_request_id"].(string)

	officer := f.hub.User(t, protocol.RoleOfficer, "sara", "Sara")
	f.hub.Do(t, "POST", "/api/v1/branches/qatif/cases/"+id+"/update", officer,
		`{"service":"street-lighting","description":"Owner ID 1098765432, mobile 0551112222",
		  "location":{"street":"Private yard of house 12","lat":26.6,"lng":50.1},
		  "details":{"district":"Al-Shati","street":"Corniche Rd"}}`, 200, nil)

	for _, doc := range []string{"requests/" + id + ".json", "requests.json?service_request_id=" + id, "requests.json?service_code=street-lighting"} {
		body := f.get(t, doc, 200)
		for _, edit := range []string{"1098765432", "0551112222", "Private yard", "26.6"} {
			if strings.Contains(string(body), edit) {
				t.Fatalf("%s publishes the staff edit %q: %s", doc, edit, body)
			}
		}
		list := array(t, decodeJSON(t, body))
		if len(list) != 1 {
			t.Fatalf("%s: %s", doc, body)
		}
		r := object(t, list[0], requestRequired, requestOptional)
		if r["description"] != "A deep pothole in the right lane" || r["address"] != "King Abdulaziz Rd, Al-Nasirah" ||
			r["lat"] != 26.5196 || r["long"] != 50.0115 || r["service_code"] != "street-lighting" {
			t.Fatalf("%s: %v", doc, r)
		}
	}
	// The index followed the case to its new service.
	if body := f.get(t, "requests.json?service_code=road-defect", 200); string(body) != "[]\n" {
		t.Fatalf("still listed under its old service: %s", body)
	}
}

// A case moves between the open and closed lists as staff resolve and
// reopen it: the indexes change in the same step as the case.
func TestStatusListsFollowTheCase(t *testing.T) {
	f := newFixture(t)
	created := array(t, decodeJSON(t, f.post(t, "requests.json", f.roadDefect("A pothole"), 200)))
	id := created[0].(map[string]any)["service_request_id"].(string)
	officer := f.hub.User(t, protocol.RoleOfficer, "sara", "Sara")
	listed := func(query string) bool {
		ids, _, _ := f.page(t, "requests.json?"+query)
		return len(ids) == 1 && ids[0] == id
	}
	for _, step := range []struct {
		action, body string
		open         bool
	}{
		{"", "", true},
		{"resolve", `{"text":"Filled"}`, false},
		{"reopen", `{"text":"It is back"}`, true},
		{"close", `{"reason":"duplicate","text":"Reported twice"}`, false},
	} {
		if step.action != "" {
			f.hub.Do(t, "POST", "/api/v1/branches/qatif/cases/"+id+"/"+step.action, officer, step.body, 200, nil)
		}
		for _, q := range []string{"status=open", "status=open&service_code=road-defect"} {
			if listed(q) != step.open {
				t.Fatalf("after %q: listed under %s: %v", step.action, q, !step.open)
			}
		}
		for _, q := range []string{"status=closed", "status=closed&service_code=road-defect"} {
			if listed(q) == step.open {
				t.Fatalf("after %q: listed under %s: %v", step.action, q, step.open)
			}
		}
	}
}
