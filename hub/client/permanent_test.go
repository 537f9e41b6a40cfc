package client

import (
	"fmt"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// A signed-out session or a revoked device (4004) is as final as a bad
// token: redialling with it would only be refused again.
func TestPermanentCloses(t *testing.T) {
	for code, want := range map[int]bool{
		protocol.CloseUnauthenticated:  true,
		protocol.CloseRevoked:          true,
		protocol.CloseBadVersion:       true,
		protocol.CloseShutdown:         false,
		websocket.CloseAbnormalClosure: false,
	} {
		err := fmt.Errorf("read: %w", &websocket.CloseError{Code: code})
		if got := permanent(err); got != want {
			t.Errorf("close %d: permanent %v, want %v", code, got, want)
		}
	}
}
