package open311_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
)

// A real third-party GeoReport v2 client, Code for America's node-open311
// from the npm registry (build/deps.sh test installs it in build/npm), lists
// the services, reads a definition, posts a request and follows it.
func TestThirdPartyClient(t *testing.T) {
	modules := filepath.Join(hubtest.Root(), "build", "npm", "node_modules")
	node, err := exec.LookPath("node")
	if _, statErr := os.Stat(filepath.Join(modules, "open311")); err != nil || statErr != nil {
		if os.Getenv("SHAMIL_REQUIRE_REDIS") != "" {
			t.Fatalf("node or the npm client is missing (run build/deps.sh test): %v %v", err, statErr)
		}
		t.Skip("node or the npm open311 client is missing: run build/deps.sh test")
	}
	f := newFixture(t)
	cmd := exec.Command(node, filepath.Join("testdata", "georeport_client.js"), f.hub.URL+"/open311/v2/", f.key)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("the client failed: %v\n%s", err, stderr)
	}
	type request struct {
		ID          string    `json:"service_request_id"`
		Status      string    `json:"status"`
		ServiceCode string    `json:"service_code"`
		Description string    `json:"description"`
		Requested   time.Time `json:"requested_datetime"`
		Expected    time.Time `json:"expected_datetime"`
		Lat         float64   `json:"lat"`
	}
	var got struct {
		Services []struct {
			Code string `json:"service_code"`
		} `json:"services"`
		Definition struct {
			Code       string `json:"service_code"`
			Attributes []struct {
				Code string `json:"code"`
			} `json:"attributes"`
		} `json:"definition"`
		Created []struct {
			ID     string `json:"service_request_id"`
			Notice string `json:"service_notice"`
		} `json:"created"`
		One, Open, ByIDs []request
		Token            []struct {
			ID    string `json:"service_request_id"`
			Token string `json:"token"`
		} `json:"token"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("client output %s: %v", out, err)
	}
	if len(got.Services) == 0 || got.Definition.Code != "road-defect" || len(got.Definition.Attributes) == 0 {
		t.Fatalf("services %v, definition %+v", got.Services, got.Definition)
	}
	if len(got.Created) != 1 || got.Created[0].ID == "" || got.Created[0].Notice == "" {
		t.Fatalf("created %+v", got.Created)
	}
	id := got.Created[0].ID
	for name, list := range map[string][]request{"one": got.One, "open": got.Open, "by ids": got.ByIDs} {
		if len(list) != 1 {
			t.Fatalf("%s: %+v", name, list)
		}
		r := list[0]
		if r.ID != id || r.Status != "open" || r.ServiceCode != "road-defect" || r.Lat != 26.5196 ||
			r.Description != "Pothole reported by a third-party client" || time.Since(r.Requested) > time.Minute ||
			!r.Expected.After(r.Requested) {
			t.Fatalf("%s: %+v", name, r)
		}
	}
	if len(got.Token) != 1 || got.Token[0].ID != id {
		t.Fatalf("token %+v", got.Token)
	}
}
