package auth

// Revocation says a credential is no longer valid: one session ended
// (sign-out), or every credential of a principal (a device revoked, a user
// disabled). Live connections opened with it must end, on every hub.
type Revocation struct {
	// Principal is the device id or username whose credentials end, when
	// Credential is empty.
	Principal string `json:"principal,omitempty"`
	// Credential is the HashToken of the one token that ends; empty means
	// every token of Principal.
	Credential string `json:"credential,omitempty"`
}

// Ends reports whether a connection of principal id, opened with the token
// of hash credential, must end.
func (r Revocation) Ends(id, credential string) bool {
	if r.Credential != "" {
		return r.Credential == credential
	}
	return r.Principal != "" && r.Principal == id
}
