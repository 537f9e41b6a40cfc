package server

import (
	"mime"
	"net/http"
	"time"
)

// How long a request body may take to arrive, from the end of its headers
// (which http.Server.ReadHeaderTimeout bounds). A JSON body is at most
// 64 KiB: 10 s is plenty on a poor mobile link. A multipart upload (up to 3
// photos of 5 MB) gets 3 minutes: about 1 Mbit/s. Past that the connection
// is closed, so that clients trickling bodies cannot hold connections
// (and their goroutines) for ever.
const (
	jsonBodyWait   = 10 * time.Second
	uploadBodyWait = 3 * time.Minute
)

// readDeadlines sets the read deadline of a request that has a body: upload
// for multipart/form-data, other for anything else. Requests without a body
// (GET, the WebSocket upgrade) are left alone: the WebSocket sets its own.
// net/http lifts the deadline once the body is read (its background read
// starts), so a handler working longer keeps its request's context.
func readDeadlines(other, upload time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength != 0 { // -1 is a body of unknown length
			wait := other
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
				wait = upload
			}
			// http.Server's writers support it; an error would only
			// mean no deadline, as before.
			http.NewResponseController(w).SetReadDeadline(time.Now().Add(wait))
		}
		next.ServeHTTP(w, r)
	})
}
