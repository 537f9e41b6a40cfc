// Package protocol is the one definition of Shamil's wire format: the
// messages exchanged on the hub's WebSocket endpoint (/ws) and REST API, the
// entities they carry (tickets, desks, cases, the catalogue) and the stable
// error codes. The hub, the Go client, the desktop apps and the load
// generator all import it. docs/protocol.md describes the same thing for
// people and for the JavaScript frontends.
package protocol

// Version is the protocol version. A change that an older client cannot read
// bumps it; the hub answers a client of another version with ErrBadVersion.
const Version = 1

// Subprotocol is the WebSocket subprotocol name a client may offer.
const Subprotocol = "shamil.v1"
