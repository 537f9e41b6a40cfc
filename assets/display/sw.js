// The hall display's service worker: it keeps the last copy of the page and
// its files, so a display (re)started while the hub is down shows its own
// offline state and reconnects by itself instead of the browser's error
// page. Browsers run service workers only in a secure context (HTTPS, or
// localhost); on a plain-HTTP address the start page offline.html does
// this job (docs/display.md).
"use strict";

const CACHE = "shamil-display-1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));

// Network first, so a changed page or file shows as soon as the hub
// serves it; the copy kept is used only when the hub cannot be reached.
// The API and the WebSocket are never kept.
self.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== "GET" || url.origin !== location.origin || url.pathname.startsWith("/api/") || url.pathname === "/ws") return;
  // Kept without the query: the display's link carries its token once.
  const key = url.origin + url.pathname;
  e.respondWith(
    fetch(e.request).then((res) => {
      if (res.ok) {
        const copy = res.clone();
        e.waitUntil(caches.open(CACHE).then((c) => c.put(key, copy)));
      }
      return res;
    }, async (err) => {
      const kept = await caches.match(key);
      if (kept) return kept;
      throw err;
    }),
  );
});
