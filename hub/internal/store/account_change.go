package store

import (
	"context"
	"time"
)

var scriptAccountAudited = register("account_audited", accountChange{})

// accountChange is the argument of account_audited.lua.
type accountChange struct {
	Mode       string            `json:"mode"`   // create or update
	Reason     string            `json:"reason"` // the refusal when the mode does not fit
	Fields     map[string]string `json:"fields"`
	Audit      auditFields       `json:"audit"`
	AuditMinID string            `json:"audit_min_id"`
}

type auditFields struct {
	Actor  string `json:"actor"`
	Addr   string `json:"addr"`
	Action string `json:"action"`
	Target string `json:"target"`
	Detail string `json:"detail"`
}

// changeAccount creates (mode "create") or updates ("update") the account
// hash at key with fields, and appends e to the audit log, in one script;
// reason is the refusal when the account exists (create) or does not
// (update). Disabling the last enabled admin is refused (last_admin).
func (s *Store) changeAccount(ctx context.Context, key, mode, reason string, fields map[string]string, e AuditEntry) error {
	if fields == nil {
		fields = map[string]string{}
	}
	_, err := s.call(ctx, scriptAccountAudited, scriptKeys{"account": key, "admins": keyAdmins, "audit": keyAudit},
		accountChange{Mode: mode, Reason: reason, Fields: fields, AuditMinID: auditMinID(time.Now()),
			Audit: auditFields{Actor: e.Actor, Addr: e.Addr, Action: e.Action, Target: e.Target, Detail: e.Detail}})
	return err
}
