// The hall display: /display/{branch}?token=… on a TV across the waiting hall.
// Its state is the branch's snapshot and the events after it (hub.js); every
// new call is highlighted and announced: a chime, then Arabic, then English.
// Both languages are on screen at once: nobody is there to switch.
import { i18n } from "../shared/i18n.js";
import * as shamilHub from "../shared/hub.js";

const strings = {
  ar: {
    now_calling: "الرقم الحالي",
    go_to: "توجه إلى",
    previous_calls: "النداءات السابقة",
    transfers: "تحويلات",
    reconnecting: "انقطع الاتصال بالخادم… جارٍ إعادة الاتصال",
    no_token: "لم تُسجَّل هذه الشاشة: افتح رابط الشاشة الذي فيه رمزها (?token=…) من المسؤول.",
    bad_token: "رمز هذه الشاشة غير صحيح أو منتهٍ: افتح رابط الشاشة من جديد برمز من المسؤول.",
    desk: "مكتب {id}",
    announce: "الرقم {number}، توجه إلى {desk}",
  },
  en: {
    now_calling: "Now calling",
    go_to: "please go to",
    previous_calls: "Previous calls",
    transfers: "Transfers",
    reconnecting: "Lost the connection to the hub… reconnecting",
    no_token: "This display is not enrolled: open the display link with its token (?token=…) from an administrator.",
    bad_token: "This display's token is wrong or expired: open the display link again with a token from an administrator.",
    desk: "Desk {id}",
    announce: "Number {number}, please go to {desk}",
  },
};
i18n.add(strings);

const PREVIOUS_SHOWN = 8; // at most; fewer when the panel holds fewer (fitPrevious)
const TRANSFERS_SHOWN = 4;
const TOKEN_KEY = "shamil.display.token";
const $ = (id) => document.getElementById(id);

// text fills a key's {name} placeholders in one language.
function text(lang, key, vars) {
  let s = strings[lang][key];
  for (const [k, v] of Object.entries(vars || {})) s = s.replaceAll("{" + k + "}", String(v));
  return s;
}

// both puts a text in Arabic then English into el.
function both(el, ar, en) {
  const a = document.createElement("span");
  a.lang = "ar";
  a.className = "ar";
  a.textContent = ar;
  const e = document.createElement("span");
  e.lang = "en";
  e.dir = "ltr";
  e.className = "en";
  e.textContent = en;
  el.replaceChildren(a, e);
}

const state = {
  branchID: decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || ""),
  municipality: null,
  branch: null,    // the catalogue's branch
  calls: [],       // tickets called, newest first (a recall moves one to the top)
  transfers: [],   // tickets waiting for a named desk, newest transfer first
  waiting: 0,
  catchingUp: true, // applying what the hub sends after (re)connecting
  latest: undefined, // "id:calls" of the newest call shown
  named: false,    // the catalogue has been asked once: desks have their names
};

function deskName(id) {
  const d = state.branch && (state.branch.desks || []).find((x) => x.id === id);
  if (d) return d.name;
  return { ar: text("ar", "desk", { id }), en: text("en", "desk", { id }) };
}

const callKey = (t) => (t ? t.id + ":" + (t.calls || 0) : "");

// --- state from the hub ---------------------------------------------------

function applySnapshot(snap) {
  // A ticket called again at another desk is in recent twice: keep its
  // newest call.
  const seen = new Set();
  state.calls = (snap.recent || []).filter((t) => !seen.has(t.id) && seen.add(t.id));
  state.transfers = (snap.waiting || []).filter((t) => t.desk);
  state.waiting = snap.waiting_count || 0;
  render();
  // The hub may send a fresh snapshot while connected (a failover).
  if (!state.catchingUp) caughtUp();
}

function applyEvent(ev) {
  state.waiting = ev.waiting;
  const t = ev.ticket;
  if (t) {
    const i = state.calls.findIndex((c) => c.id === t.id);
    if (ev.type === "ticket.called" || ev.type === "ticket.recalled") {
      if (i >= 0) state.calls.splice(i, 1);
      state.calls.unshift(t);
      state.calls.length = Math.min(state.calls.length, 20);
    } else if (i >= 0) {
      state.calls[i] = t;
    }
    state.transfers = state.transfers.filter((x) => x.id !== t.id);
    if (ev.type === "ticket.transferred" && t.desk) state.transfers.unshift(t);
  }
  render();
  if (!state.catchingUp && (ev.type === "ticket.called" || ev.type === "ticket.recalled")) {
    state.latest = callKey(t);
    announce(t);
  }
}

// caughtUp ends the replay after a (re)connection: a call missed while
// away is announced once, only the latest; nothing is announced when the
// page first loads.
function caughtUp() {
  state.catchingUp = false;
  const newest = state.calls[0];
  const key = callKey(newest);
  if (state.latest !== undefined && key && key !== state.latest) announce(newest);
  state.latest = key;
}

// --- the screen -------------------------------------------------------------

function render() {
  // Until the catalogue answers, a desk would show a made-up name and
  // then change: show the calls only once their desks can be named.
  const shown = state.named ? state.calls.filter((t) => t.state !== "waiting") : [];
  const transfers = state.named ? state.transfers : [];
  const current = shown[0];
  $("current").classList.toggle("empty", !current);
  $("current-number").textContent = current ? current.number : "—";
  if (current) {
    const d = deskName(current.desk);
    both($("current-desk"), d.ar, d.en);
  } else {
    $("current-desk").replaceChildren();
  }

  $("previous").replaceChildren(...shown.slice(1, 1 + PREVIOUS_SHOWN).map((t) => {
    const li = document.createElement("li");
    const num = document.createElement("bdi");
    num.className = "code number";
    num.textContent = t.number;
    const desk = document.createElement("span");
    desk.className = "desk";
    const d = deskName(t.desk);
    both(desk, d.ar, d.en);
    li.dataset.ticket = t.number;
    li.append(num, desk);
    return li;
  }));

  fitPrevious();

  $("transfers").replaceChildren(...transfers.slice(0, TRANSFERS_SHOWN).map((t) => {
    const li = document.createElement("li");
    const num = document.createElement("bdi");
    num.className = "code number";
    num.textContent = t.number;
    const arrow = document.createElement("span");
    arrow.className = "arrow";
    arrow.textContent = "←";
    const desk = document.createElement("span");
    desk.className = "desk";
    const d = deskName(t.desk);
    both(desk, d.ar, d.en);
    li.dataset.ticket = t.number;
    li.append(num, arrow, desk);
    return li;
  }));
  $("transfers").closest("section").classList.toggle("none", transfers.length === 0);

  $("waiting").textContent = String(state.waiting);
}

// fitPrevious drops the oldest previous calls that do not fit their
// panel: a row is shown whole or not at all, on any screen size.
function fitPrevious() {
  const list = $("previous");
  const bottom = list.getBoundingClientRect().bottom;
  while (list.lastElementChild && list.lastElementChild.getBoundingClientRect().bottom > bottom) list.lastElementChild.remove();
}
// Rows change height with the window and once the fonts have loaded.
window.addEventListener("resize", () => render());
document.fonts.ready.then(() => render());

function renderPlace() {
  if (state.municipality) both($("municipality"), state.municipality.ar, state.municipality.en);
  if (state.branch) both($("branch"), state.branch.name.ar, state.branch.name.en);
}

function tick() {
  const zone = (state.branch && state.branch.time_zone) || "Asia/Riyadh";
  const now = new Date();
  $("time").textContent = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).format(now);
  // Gregorian and Hijri (Umm al-Qura, as the receipt) side by side.
  const day = { timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric" };
  const hijri = { timeZone: zone, day: "numeric", month: "long", year: "numeric" };
  const format = (locale, opts) => new Intl.DateTimeFormat(locale, opts).format(now);
  both($("date"),
    format("ar-SA-u-nu-latn-ca-gregory", day) + " · " + format("ar-SA-u-nu-latn-ca-islamic-umalqura", hijri),
    format("en-GB", day) + " · " + format("en-GB-u-ca-islamic-umalqura", hijri));
}

function flash() {
  const el = $("current");
  el.classList.remove("flash");
  void el.offsetWidth; // restart the animation
  el.classList.add("flash");
}

// --- announcements ----------------------------------------------------------

// The queue plays one announcement at a time, each to its end: a chime,
// the Arabic sentence, the English one. A language without a speech voice
// is played from recorded clips the hub serves (voice/, see
// docs/display.md); the screen shows everything anyway.
const announced = [];
const clipsPlayed = []; // each clip's address as it starts playing
const clipsFailed = []; // the clips that could not be played
const queue = [];
let speaking = false;
let audio = null;

function announce(t) {
  const d = deskName(t.desk);
  const item = ["ar", "en"].map((lang) => ({
    lang,
    sentence: text(lang, "announce", { number: t.number, desk: d[lang] }),
    clips: ["number", ...spell(t.number), "go_to", "desk", ...spell(t.desk)],
  }));
  for (const s of item) announced.push(s.sentence);
  flash();
  queue.push(item);
  if (!speaking) play();
}

// spell names the clips that read a code out: its letters, then its
// digits one by one without leading zeros ("A-042": a, 4, 2).
function spell(code) {
  const s = String(code || "");
  const letters = (s.match(/[A-Za-z]/g) || []).map((l) => l.toLowerCase());
  const digits = s.replace(/\D/g, "").replace(/^0+(?=\d)/, "");
  return [...letters, ...digits];
}

async function play() {
  speaking = true;
  while (queue.length) {
    const item = queue.shift();
    await chime();
    for (const s of item) {
      if (voiceFor(s.lang)) await speak(s.lang, s.sentence.replace(/([A-Z])-(\d)/g, "$1 $2"));
      else await playClips(s.lang, s.clips);
    }
  }
  speaking = false;
}

function chime() {
  try {
    audio = audio || new AudioContext();
    audio.resume();
    [[784, 0], [587, 0.35]].forEach(([hz, at]) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      const t0 = audio.currentTime + at;
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.4, t0 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.6);
      osc.connect(gain).connect(audio.destination);
      osc.start(t0);
      osc.stop(t0 + 0.65);
    });
  } catch (e) {
    // No audio device: the screen still shows the call.
  }
  return new Promise((resolve) => setTimeout(resolve, 1000));
}

function voiceFor(lang) {
  if (!("speechSynthesis" in window)) return null;
  const voices = speechSynthesis.getVoices();
  const norm = (v) => v.lang.replace("_", "-").toLowerCase();
  return voices.find((v) => norm(v) === (lang === "ar" ? "ar-sa" : "en-gb")) ||
    voices.find((v) => norm(v).startsWith(lang)) || null;
}

function speak(lang, s) {
  const voice = voiceFor(lang);
  return new Promise((resolve) => {
    const u = new SpeechSynthesisUtterance(s);
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9;
    const done = () => { clearTimeout(guard); resolve(); };
    // Some engines never report the end: never let one stall the queue.
    const guard = setTimeout(done, 15000);
    u.onend = done;
    u.onerror = done;
    speechSynthesis.speak(u);
  });
}

const clipAudio = new Map(); // address → its <audio>, loaded once

async function playClips(lang, names) {
  for (const name of names) {
    const src = "voice/" + lang + "/" + name + ".ogg";
    let el = clipAudio.get(src);
    if (!el) {
      el = new Audio(src);
      el.preload = "auto";
      clipAudio.set(src, el);
    }
    clipsPlayed.push(src);
    await playOne(el);
  }
}

// playOne plays a clip to its end; a clip that fails or never ends is
// skipped rather than stall the queue.
function playOne(el) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(guard);
      el.onended = el.onerror = null;
      resolve();
    };
    const failed = () => {
      clipsFailed.push(el.src);
      done();
    };
    const guard = setTimeout(failed, 4000);
    el.onended = done;
    el.onerror = failed;
    el.currentTime = 0;
    el.play().catch(failed);
  });
}

// --- start ------------------------------------------------------------------

function problem(ar, en) {
  $("problem-ar").textContent = ar;
  $("problem-en").textContent = en;
  $("problem").classList.remove("hidden");
}

// keepCopy stores this page and the files it loaded before the service
// worker took over (it keeps later ones itself), under sw.js's cache name.
async function keepCopy() {
  const files = performance.getEntriesByType("resource").map((r) => new URL(r.name))
    .filter((u) => u.origin === location.origin && !u.pathname.startsWith("/api/"))
    .map((u) => u.origin + u.pathname);
  const cache = await caches.open("shamil-display-1");
  await cache.addAll([location.origin + location.pathname, ...new Set(files)]);
}

function start() {
  // Keeps the page for a restart while the hub is down (sw.js); browsers
  // offer service workers only on HTTPS and localhost.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("sw.js").then(() => navigator.serviceWorker.ready).then(keepCopy).catch(() => {});
  }
  document.querySelectorAll("[data-both]").forEach((el) => {
    both(el, text("ar", el.dataset.both), text("en", el.dataset.both));
  });
  tick();
  setInterval(tick, 1000);
  render();

  // The token comes once in the link; it stays on this TV, not in the
  // address bar.
  const params = new URLSearchParams(location.search);
  if (params.has("token")) {
    localStorage.setItem(TOKEN_KEY, params.get("token"));
    params.delete("token");
    const rest = params.toString();
    history.replaceState(null, "", location.pathname + (rest ? "?" + rest : ""));
  }
  const token = localStorage.getItem(TOKEN_KEY);
  if (!token) {
    problem(text("ar", "no_token"), text("en", "no_token"));
    return;
  }

  let lost = false; // the banner shows from a drop until the hub answers again
  // named takes the municipality's and the branch's names (its desks')
  // from the catalogue.
  const named = () => hub.request("catalogue.get").then((cat) => {
    state.municipality = cat.municipality;
    state.branch = (cat.branches || []).find((b) => b.id === state.branchID) || null;
  }, () => {});
  const hub = shamilHub.connect(shamilHub.socketURL(), token, {
    branch: state.branchID,
    subscribe: true,
    onSnapshot: applySnapshot,
    // A reloaded catalogue (docs/protocol.md): the names are asked again.
    onEvent: (ev) => (ev.type === "catalogue.changed" ? named().then(() => { renderPlace(); render(); }) : applyEvent(ev)),
    onState(s, info) {
      if (s === "down") lost = true;
      if (s === "open") lost = false;
      $("connection").classList.toggle("hidden", !lost);
      if (s === "open") {
        state.catchingUp = true;
        // Its reply comes after everything the hub sends on connecting.
        named().then(() => {
          state.named = true;
          renderPlace();
          render();
          tick();
          caughtUp();
        });
      }
      if (s === "failed") {
        if (info && (info.code === "unauthenticated" || info.code === "forbidden")) {
          problem(text("ar", "bad_token"), text("en", "bad_token"));
        } else {
          problem((info && info.message_ar) || "", (info && info.message) || "");
        }
      }
    },
  });
  // The one window global of the pages, for the browser tests
  // (hub/internal/pages): what was announced and played, and the connection.
  window.shamilDisplay = { announced, clipsPlayed, clipsFailed, hub, state };
}

start();
