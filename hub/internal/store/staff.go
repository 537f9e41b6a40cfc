package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Head is a department's head as the notifier needs them.
type Head struct {
	Username string
	Name     string
	Mobile   string // E.164, or empty: told on their inbox only
}

// DepartmentHeads lists the enabled heads of a department, ordered by
// username.
func (s *Store) DepartmentHeads(ctx context.Context, department string) ([]Head, error) {
	var out []Head
	err := s.scanHashes(ctx, keyUser("*"), func(_ string, u map[string]string) {
		if u["role"] == string(protocol.RoleDepartment) && u["department"] == department && u["head"] == "1" && u["disabled_at"] == "" {
			out = append(out, Head{Username: u["username"], Name: u["name"], Mobile: u["mobile"]})
		}
	})
	if err != nil {
		return nil, fmt.Errorf("heads of department %s: %w", department, err)
	}
	slices.SortFunc(out, func(a, b Head) int { return strings.Compare(a.Username, b.Username) })
	return out, nil
}

// ClaimHeadNotice claims the one message that tells head that a case
// passed target; only the first call for the same case, target and head
// gets true, however many hub replicas' notifiers handle the escalation.
// HSETNX is the claim: one command, atomic.
func (s *Store) ClaimHeadNotice(ctx context.Context, branch, number, target, head string) (bool, error) {
	if !keyPart(branch) || !keyPart(number) {
		return false, caseNotFound()
	}
	ok, err := s.rdb.HSetNX(ctx, keyHeadTold(branch, number), target+"/"+head, "1").Result()
	if err != nil {
		return false, fmt.Errorf("claim head notice %s %s: %w", number, target, err)
	}
	return ok, nil
}

func keyHeadTold(b, number string) string { return branchTag(b) + "c:" + number + ":head_told" }

// Colleague is what assigning a case needs to know of a person.
type Colleague struct {
	Username   string
	Name       string
	Role       protocol.Role
	Department string
}

// Colleague reads a person's role and department; ok is false for an
// unknown username.
func (s *Store) Colleague(ctx context.Context, username string) (c Colleague, ok bool, err error) {
	if !keyPart(username) {
		return Colleague{}, false, nil
	}
	v, err := s.rdb.HMGet(ctx, keyUser(username), "username", "name", "role", "department").Result()
	if err != nil {
		return Colleague{}, false, fmt.Errorf("read user %s: %w", username, err)
	}
	if v[0] == nil {
		return Colleague{}, false, nil
	}
	str := func(x any) string { s, _ := x.(string); return s }
	return Colleague{Username: str(v[0]), Name: str(v[1]), Role: protocol.Role(str(v[2])), Department: str(v[3])}, true, nil
}

// DepartmentPeople lists the people of a department, ordered by username:
// whom its cases may be assigned to. Like ListUsers it scans the accounts,
// which are few.
func (s *Store) DepartmentPeople(ctx context.Context, department string) ([]Colleague, error) {
	var out []Colleague
	err := s.scanHashes(ctx, keyUser("*"), func(_ string, u map[string]string) {
		// A disabled account is given no new work.
		if u["role"] == string(protocol.RoleDepartment) && u["department"] == department && u["disabled_at"] == "" {
			out = append(out, Colleague{Username: u["username"], Name: u["name"], Role: protocol.RoleDepartment, Department: department})
		}
	})
	if err != nil {
		return nil, fmt.Errorf("people of department %s: %w", department, err)
	}
	slices.SortFunc(out, func(a, b Colleague) int { return strings.Compare(a.Username, b.Username) })
	return out, nil
}
