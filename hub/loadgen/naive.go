package main

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// serveNaive is the baseline: the fan-out of gorilla's chat example, as a
// hub would have it without events' shared outboxes. Every connection has a
// 256-message send channel and a write pump that writes each message as its
// own frame; a full channel drops the connection. POST /publish?type=…&id=…
// broadcasts one ticket event of the hub's size and shape.
func serveNaive(addr string) error {
	var mu sync.Mutex
	clients := map[chan []byte]bool{}
	upgrader := websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 1024}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		send := make(chan []byte, 256)
		mu.Lock()
		clients[send] = true
		mu.Unlock()
		go func() { // the read pump: notices the client leaving
			defer func() {
				mu.Lock()
				if clients[send] {
					delete(clients, send)
					close(send)
				}
				mu.Unlock()
				conn.Close()
			}()
			for {
				if _, _, err := conn.ReadMessage(); err != nil {
					return
				}
			}
		}()
		go func() { // the write pump
			for msg := range send {
				conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
				if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
					conn.Close()
					return
				}
			}
		}()
	})
	mux.HandleFunc("POST /publish", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		msg := []byte(fmt.Sprintf(`{"type":"event","event":{"offset":1,"epoch":"e","branch":"qatif","type":%q,"ticket":{"id":%q,"number":"A-001","branch":"qatif","service":"road-defect","state":"called","desk":"1"},"waiting":3,"pad":%q}}`,
			q.Get("type"), q.Get("id"), strings.Repeat("x", 60)))
		mu.Lock()
		for send := range clients {
			select {
			case send <- msg:
			default:
				delete(clients, send)
				close(send)
			}
		}
		mu.Unlock()
	})
	return http.ListenAndServe(addr, mux)
}
