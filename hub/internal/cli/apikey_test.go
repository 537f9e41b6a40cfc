package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// hub apikey add prints a key once; the store keeps only its hash, and the
// key opens the branch's Open311 door.
func TestAddAPIKey(t *testing.T) {
	srv := redistest.Start(t)
	st := store.New(srv.Client())
	ctx := context.Background()

	out, errOut, code := run(t, "apikey", "add", "--branch", "qatif", "--name", "FixMyStreet", "--json", "--redis-url", srv.URL(), sample)
	if code != 0 {
		t.Fatalf("apikey add: exit %d: %s", code, errOut)
	}
	var got map[string]string
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&got); err != nil || dec.More() || got["api_key"] == "" || got["id"] == "" || got["branch"] != "qatif" || got["name"] != "FixMyStreet" {
		t.Fatalf("apikey add printed %q", out)
	}
	key, err := st.CheckAPIKey(ctx, got["api_key"])
	if err != nil || key.Branch != "qatif" || key.Name != "FixMyStreet" || key.ID != got["id"] {
		t.Fatalf("the printed key checks as %+v, %v", key, err)
	}
	printed := got["api_key"]
	other := "A" // the printed key with its last character changed
	if printed[len(printed)-1] == 'A' {
		other = "B"
	}
	if _, err := st.CheckAPIKey(ctx, printed[:len(printed)-1]+other); err == nil {
		t.Fatal("a changed key was accepted")
	}
	keys, err := srv.Client().Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		dump, _ := srv.Client().HGetAll(ctx, k).Result()
		for f, v := range dump {
			if strings.Contains(k+f+v, got["api_key"]) {
				t.Fatalf("the key is stored in clear under %s", k)
			}
		}
	}

	for _, args := range [][]string{
		{"apikey", "add", "--branch", "qatif"},                  // no name
		{"apikey", "add", "--branch", "nowhere", "--name", "X"}, // unknown branch
	} {
		if _, _, code := run(t, append(args, "--redis-url", srv.URL(), sample)...); code == 0 {
			t.Errorf("%v succeeded", args)
		}
	}
}
