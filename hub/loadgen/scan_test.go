package main

import (
	"slices"
	"testing"
)

// However the stream is cut into reads, scan finds each call of a known
// ticket once, and nothing else.
func TestScanFindsEveryCallAcrossReads(t *testing.T) {
	stream := []byte("\x81\x7e\x01\x00" +
		`{"type":"event","event":{"offset":7,"type":"ticket.issued","at":"2026-11-29T05:00:00.5Z","ticket":{"id":"q-A001"}}}` + "\n" +
		`{"type":"event","event":{"offset":8,"type":"ticket.called","at":"2026-11-29T05:00:01.5Z","ticket":{"id":"q-A001","note":"a.called\""}}}` + "\n" +
		`{"type":"event","event":{"offset":9,"type":"ticket.called","ticket":{"id":"q-X999"}}}` + "\x81\x40" +
		`{"type":"event","event":{"offset":10,"type":"ticket.called","ticket":{"id":"q-A002"}}}`)
	ids := map[string]int32{"q-A001": 0, "q-A002": 1}
	for cut := 1; cut < len(stream); cut++ {
		s := &subscriber{}
		var joined []byte
		s.scan(stream[:cut], 1, ids, &joined)
		s.scan(stream[cut:], 2, ids, &joined)
		var calls []int32
		for _, a := range s.got {
			calls = append(calls, a.call)
		}
		if !slices.Equal(calls, []int32{0, 1}) {
			t.Fatalf("cut at %d: calls %v, want [0 1]", cut, calls)
		}
	}
}
