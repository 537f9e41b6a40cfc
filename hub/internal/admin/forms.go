package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// maxForm is the largest body of an add form: a few names and ids.
const maxForm = 8 << 10

// newDevice is the console's form to enrol a kiosk or display.
type newDevice struct {
	Kind   protocol.Role `json:"kind"`
	Branch string        `json:"branch"`
	Name   string        `json:"name"`
}

// newPerson is the console's form to add a person. Department and Head are
// for a department's person, Region for a manager.
type newPerson struct {
	Role       protocol.Role `json:"role"`
	Branch     string        `json:"branch"`
	Department string        `json:"department"`
	Head       bool          `json:"head"`
	Mobile     string        `json:"mobile"` // a department head's, for overdue cases
	Region     []string      `json:"region"`
	Name       string        `json:"name"`
	Username   string        `json:"username"`
}

// newAPIKey is the console's form to issue an Open311 key.
type newAPIKey struct {
	Branch string `json:"branch"`
	Name   string `json:"name"`
}

// decodeForm reads one JSON object with only the fields of v; a wrong
// field is named in the error.
func decodeForm(body io.Reader, v any) error {
	dec := json.NewDecoder(io.LimitReader(body, maxForm+1))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		if _, err := dec.Token(); err != io.EOF {
			return words.FormNotOneObject.Error(protocol.CodeBadRequest)
		}
		return nil
	case errors.As(err, &typeErr):
		return words.FormFieldType.Fill(typeErr.Field).FieldError(typeErr.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return words.UnknownField.Fill(field).FieldError(field)
	default:
		return words.FormNotObject.Error(protocol.CodeBadRequest)
	}
}

// addDevice enrols a device; its token is in the answer, once.
func (c *console) addDevice(ctx context.Context, by actions.Actor, r *http.Request) (any, error) {
	var f newDevice
	if err := decodeForm(r.Body, &f); err != nil {
		return nil, err
	}
	if f.Kind != protocol.RoleKiosk && f.Kind != protocol.RoleDisplay {
		return nil, words.NotDeviceRole.Fill(f.Kind).FieldError("kind")
	}
	id, token, err := c.acts.AddDevice(ctx, by, f.Branch, f.Kind, f.Name)
	return map[string]string{"id": id, "token": token}, err
}

// addPerson adds a person, and a manager's region; the password is in the
// answer, once. The region is checked before the person is added, so a
// wrong one adds no one.
func (c *console) addPerson(ctx context.Context, by actions.Actor, r *http.Request) (any, error) {
	var f newPerson
	if err := decodeForm(r.Body, &f); err != nil {
		return nil, err
	}
	if len(f.Region) > 0 && f.Role != protocol.RoleManager {
		return nil, words.ManagerRegionOnly.FieldError("region")
	}
	for _, b := range f.Region {
		if _, ok := c.cat.Branch(b); !ok || b == f.Branch {
			return nil, words.NotAnotherBranch.Fill(b).FieldError("region")
		}
	}
	if f.Role != protocol.RoleDepartment && (f.Department != "" || f.Head) {
		return nil, words.DepartmentRoleOnly.FieldError("department")
	}
	user, password, err := c.acts.AddUser(ctx, by, f.Branch, f.Role, f.Department, f.Head, f.Mobile, f.Name, f.Username)
	if err != nil {
		return nil, err
	}
	if len(f.Region) > 0 {
		if err := c.acts.SetRegion(ctx, by, user, f.Region); err != nil {
			return nil, fmt.Errorf("region of the new manager %s: %w", user, err)
		}
	}
	return map[string]string{"username": user, "password": password}, nil
}

// addAPIKey issues an Open311 key; the key is in the answer, once.
func (c *console) addAPIKey(ctx context.Context, by actions.Actor, r *http.Request) (any, error) {
	var f newAPIKey
	if err := decodeForm(r.Body, &f); err != nil {
		return nil, err
	}
	key, info, err := c.acts.AddAPIKey(ctx, by, f.Branch, f.Name)
	return map[string]string{"id": info.ID, "key": key}, err
}
