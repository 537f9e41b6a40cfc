// The browser's client for the hub's WebSocket (docs/protocol.md), shared by
// every live page.
//
//   import * as shamilHub from "../shared/hub.js";
//   const hub = shamilHub.connect(url, token, {branch, subscribe,
//     onSnapshot(snapshot), onEvent(event), onState(state, info)});
//   hub.request("catalogue.get").then((data) => …, (error) => …);
//
// States: "connecting"; "open" (info: the auth reply); "down" (lost, a
// reconnect is coming); "failed" (info: the hub's error; no reconnect, a
// person must act: a wrong token, an old page).
//
// The client reconnects with exponential backoff and full jitter, resumes
// from the last event or snapshot it applied, and sends unanswered requests
// again with the same id (the hub answers repeats without acting twice).
// A connection that goes quiet is checked with a ping request; one silent
// for DEAD_AFTER (a network that dropped it without a word, which the
// browser may not notice for many minutes) is dropped and replaced.
// suspend() and resume() cut and restore the connection on purpose (tests).

// Close codes after which reconnecting with the same token and page repeats
// the failure.
const FINAL_CLOSES = new Set([4001, 4002, 4003, 4004, 1009]);
// Milliseconds without a frame from the hub before a ping is sent, and
// before the connection counts as dead.
const PING_AFTER = 10000;
const DEAD_AFTER = 20000;

function newID() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function backoff(attempt) {
  return Math.random() * Math.min(10000, 200 * 2 ** attempt);
}

export function connect(url, token, opts) {
  const o = Object.assign({ subscribe: true, onSnapshot() {}, onEvent() {}, onState() {} }, opts);
  let ws = null;
  let authID = "";
  let authError = null;
  let open = false;
  let attempt = 0;
  let timer = 0;
  let suspended = false;
  let stopped = false;
  let position = null; // {epoch, offset} of the last snapshot or event applied
  let heard = 0; // when the hub last sent a frame, or the dial began
  let pinged = false; // a ping is out since the hub was last heard
  const pending = new Map(); // id → {type, data, resolve, reject}, in send order

  function dial() {
    clearTimeout(timer);
    if (stopped || suspended) return;
    o.onState("connecting");
    open = false;
    authError = null;
    heard = Date.now();
    pinged = false;
    ws = new WebSocket(url, ["shamil.v1"]);
    const sock = ws;
    sock.onopen = () => {
      authID = "auth-" + newID();
      const data = { token, version: 1, branch: o.branch || "", subscribe: o.subscribe };
      if (o.subscribe && position) data.resume = position;
      sock.send(JSON.stringify({ id: authID, type: "auth", data }));
    };
    sock.onmessage = (e) => {
      if (sock !== ws) return;
      heard = Date.now();
      pinged = false;
      for (const line of String(e.data).split("\n")) {
        if (line) handle(JSON.parse(line));
      }
    };
    sock.onclose = (e) => {
      if (sock !== ws) return;
      ws = null;
      open = false;
      if (stopped) return;
      if (FINAL_CLOSES.has(e.code)) {
        stopped = true;
        o.onState("failed", authError || { code: "closed_" + e.code, message: "The hub refused this screen", message_ar: "رفض الخادم هذه الشاشة" });
        return;
      }
      o.onState("down", { code: e.code });
      if (!suspended) timer = setTimeout(dial, backoff(attempt++));
    };
  }

  function handle(msg) {
    if (msg.type === "reply" && msg.id === authID) {
      if (!msg.ok) {
        authError = msg.error; // the close that follows reports it
        return;
      }
      open = true;
      attempt = 0;
      o.onState("open", msg.data);
      for (const [id, r] of pending) send(id, r.type, r.data);
      return;
    }
    if (msg.type === "reply") {
      const r = pending.get(msg.id);
      if (!r) return;
      pending.delete(msg.id);
      if (msg.ok) r.resolve(msg.data);
      else r.reject(msg.error);
      return;
    }
    if (msg.type === "snapshot") {
      position = msg.snapshot.position;
      o.onSnapshot(msg.snapshot);
      return;
    }
    if (msg.type === "event") {
      const ev = msg.event;
      if (position && ev.epoch === position.epoch && ev.offset <= position.offset) return; // seen
      const follows = position && ev.offset === position.offset + 1 &&
        (ev.epoch === position.epoch || position.epoch === "");
      if (!follows) {
        // A gap: the hub normally prevents it; resume from what we have.
        if (ws) ws.close(4000, "gap");
        return;
      }
      position = { epoch: ev.epoch, offset: ev.offset };
      o.onEvent(ev);
    }
  }

  // watch drops a connection the hub has been silent on for too long
  // (its close may never come) and dials again.
  function watch() {
    if (!ws) return;
    const quiet = Date.now() - heard;
    if (quiet > DEAD_AFTER) {
      const dead = ws;
      ws = null;
      open = false;
      dead.close(4000, "silent");
      o.onState("down", { code: "silent" });
      timer = setTimeout(dial, backoff(attempt++));
    } else if (quiet > PING_AFTER && open && !pinged) {
      pinged = true;
      send("ping-" + newID(), "ping");
    }
  }
  const watcher = setInterval(watch, 1000);

  function send(id, type, data) {
    const req = { id, type };
    if (data !== undefined) req.data = data;
    ws.send(JSON.stringify(req));
  }

  function request(type, data) {
    return new Promise((resolve, reject) => {
      const id = newID();
      pending.set(id, { type, data, resolve, reject });
      if (open) send(id, type, data);
    });
  }

  // suspend cuts the connection and holds off reconnecting until resume.
  function suspend() {
    suspended = true;
    clearTimeout(timer);
    if (ws) ws.close(4000, "suspended");
  }

  function resume() {
    suspended = false;
    if (!ws && !stopped) dial();
  }

  function close() {
    stopped = true;
    clearTimeout(timer);
    clearInterval(watcher);
    if (ws) ws.close(1000, "closed");
  }

  dial();
  return {
    request, suspend, resume, close,
    get open() { return open; },
    get position() { return position; },
  };
}

// socketURL is the hub's /ws on the host that served the page.
export function socketURL() {
  return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
}
