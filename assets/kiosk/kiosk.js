// The kiosk's page. In the Wails app window.go.main.App is the Go side
// (kiosk/app.go); opened in a plain browser for development there is no
// Go side and the page shows its set-up screen only.
import { i18n } from "../shared/i18n.js";
import * as scanner from "./scanner.js";
import { strings } from "./strings.js";

i18n.add(strings);

const IDLE_MS = 20000; // the ticket screen returns to the start after this
const WELCOME_MS = 10000; // and the check-in screen after this
const ERROR_MS = 10000; // a scan's error message shows this long
const HOLD_MS = 3000; // the staff gesture: hold the logo this long

const dev = { reject: () => Promise.reject(JSON.stringify({ message: "Desktop app only", message_ar: "في تطبيق سطح المكتب فقط" })) };
const api = (window.go && window.go.main && window.go.main.App) || {
  Ready: () => Promise.resolve(), Setup: () => Promise.resolve({ configured: false, language: "ar" }),
  Status: () => Promise.resolve({}), Catalogue: () => Promise.resolve(null),
  Enrol: dev.reject, TakeTicket: dev.reject, CheckIn: dev.reject, Staff: dev.reject, Reprint: dev.reject, Leave: dev.reject,
};
const $ = (id) => document.getElementById(id);
let status = {}, catalogue = null, shownVersion = -1, configured = false, defaultLang = "ar";
let service = null, lane = "normal", idle = null, staffPIN = "", checkingIn = false, errorShown = null;

// digits keeps the digits of text, Arabic-Indic (٠-٩) and Eastern
// Arabic-Indic (۰-۹) ones turned Western.
function digits(text) {
  return [...text].map((c) => {
    const code = c.charCodeAt(0);
    if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
    if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
    return c >= "0" && c <= "9" ? c : "";
  }).join("");
}

// Errors from Go are the JSON of a protocol.Error: show the visitor's language.
function message(err) {
  try {
    const e = JSON.parse(String(err));
    return i18n.lang === "ar" ? e.message_ar || e.message : e.message;
  } catch { return String(err); }
}

function show(id) {
  for (const s of document.querySelectorAll(".screen")) s.classList.toggle("hidden", s.id !== id);
  $("error").classList.add("hidden");
  reportLayout();
}
function current() { return document.querySelector(".screen:not(.hidden)")?.id; }

function home() {
  clearTimeout(idle);
  service = null;
  page = 0;
  setContrast(false); // the next visitor starts from the usual screen
  i18n.set(defaultLang);
  show(configured ? "start" : "setup");
  drawTiles();
}

// both puts a string in Arabic then in English into el.
function both(el, key, vars) {
  const parts = ["ar", "en"].map((l) => {
    const span = document.createElement("span");
    span.lang = l;
    span.dir = l === "ar" ? "rtl" : "ltr";
    span.textContent = i18n.t(key, typeof vars === "function" ? vars(l) : vars, l);
    return span;
  });
  el.replaceChildren(...parts);
}

// The tiles' smallest and largest sizes in ems of the page's text (the
// large-text mode's are larger, so fewer tiles fit a page).
const TILE_W = 12.5, TILE_H = 5.8, TILE_MAX_H = 10;
let page = 0;

// pages splits the services, in the catalogue's category order, into
// pages of as many tiles as the free space holds.
function pages() {
  const services = [];
  for (const cat of catalogue.categories || []) {
    for (const s of catalogue.services || []) if (s.category === cat.code) services.push({ s, cat });
  }
  const box = $("tiles").getBoundingClientRect();
  const rem = parseFloat(getComputedStyle(document.body).fontSize);
  const gap = 0.6 * rem;
  const cols = Math.max(1, Math.floor((box.width + gap) / (TILE_W * rem + gap)));
  const rows = Math.max(1, Math.floor((box.height + gap) / (TILE_H * rem + gap)));
  const size = cols * rows;
  const out = [];
  for (let i = 0; i < services.length; i += size) out.push(services.slice(i, i + size));
  return { list: out.length ? out : [[]], cols, rows, height: box.height, gap, rem };
}

function drawTiles() {
  const tiles = $("tiles");
  tiles.replaceChildren();
  if (!catalogue) {
    const p = document.createElement("p");
    p.className = "prompt";
    p.textContent = i18n.t("loading");
    tiles.append(p);
    $("pager").classList.add("idle");
    reportLayout();
    return;
  }
  const pg = pages();
  page = Math.min(page, pg.list.length - 1);
  const shown = pg.list[page];
  const rows = Math.max(1, Math.ceil(shown.length / pg.cols));
  const rowHeight = Math.min(TILE_MAX_H * pg.rem, (pg.height - (rows - 1) * pg.gap) / rows);
  tiles.style.gridTemplateColumns = `repeat(${pg.cols}, minmax(0, 1fr))`;
  tiles.style.gridAutoRows = Math.floor(rowHeight) + "px";
  for (const { s, cat } of shown) {
    const b = document.createElement("button");
    b.className = "tile";
    b.id = "tile-" + s.code;
    b.dataset.service = s.code;
    b.disabled = !status.online;
    const group = document.createElement("small");
    group.textContent = i18n.pick(cat.name);
    const name = document.createElement("strong");
    name.textContent = i18n.pick(s.name);
    const desc = document.createElement("span");
    desc.textContent = i18n.pick(s.description);
    b.append(group, name, desc);
    b.onclick = () => choose(s);
    tiles.append(b);
  }
  // The pager keeps its place (the tiles are sized without it moving);
  // with one page it is empty.
  const many = pg.list.length > 1;
  $("pager").classList.toggle("idle", !many);
  $("prev").disabled = page === 0;
  $("next").disabled = page === pg.list.length - 1;
  $("page").textContent = many ? i18n.t("page", { n: page + 1, of: pg.list.length }) : "";
  reportLayout();
}

// reportLayout tells the app where the start screen's tiles and buttons
// are, each time they move, and what the check-in screen says; the app
// logs it (docs/kiosk.md). Any change
// of the page asks for it, and it is sent once the change is on screen
// (fonts loaded, two animation frames later): whoever waits for it may
// look at once.
let layoutSent = "";
let layoutQueued = false;
function reportLayout() {
  if (!api.Layout || layoutQueued) return;
  layoutQueued = true;
  document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => {
    layoutQueued = false;
    sendLayout();
  })));
}
new MutationObserver(() => reportLayout()).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
function sendLayout() {
  const ids = [...document.querySelectorAll("#tiles .tile, #keypad button")].map((b) => b.id)
    .concat(["prev", "next", "page", "lang", "contrast", "connection", "keypad", "d-phone", "take", "back", "error", "c-number", "c-notice"]);
  // The text of the page number, the banner, the check-in's number and
  // notice and the error box; the
  // large-text switch whether it is on; a button whether it is disabled.
  const text = (el) => (["page", "connection", "c-number", "c-notice"].includes(el.id) ? el.textContent
    : el.id === "error" ? (el.classList.contains("hidden") ? "" : el.textContent)
    : el.id === "contrast" ? el.getAttribute("aria-pressed") : el.disabled ? "disabled" : "");
  const parts = ids.map((id) => {
    const el = $(id);
    const r = el.getBoundingClientRect();
    return { id, left: Math.round(r.left), top: Math.round(r.top), right: Math.round(r.right), bottom: Math.round(r.bottom), text: text(el) };
  });
  const layout = { screen: current() || "", lang: i18n.lang, width: innerWidth, height: innerHeight, parts };
  const key = JSON.stringify(layout);
  if (key === layoutSent) return;
  layoutSent = key;
  api.Layout(layout);
}

function turn(by) {
  page += by;
  drawTiles();
}

function choose(s) {
  service = s;
  lane = "normal";
  $("d-service").textContent = i18n.pick(s.name);
  $("d-phone").value = "";
  $("d-error").classList.add("hidden");
  markLane();
  show("details");
}

function markLane() {
  for (const b of document.querySelectorAll("[data-lane]")) b.setAttribute("aria-pressed", String(b.dataset.lane === lane));
}

async function take() {
  const button = $("take");
  button.disabled = true;
  button.textContent = i18n.t("taking");
  try {
    const t = await api.TakeTicket({ service: service.code, priority: lane !== "normal", phone: $("d-phone").value.trim(), lang: i18n.lang });
    showTicket(t);
  } catch (err) {
    $("d-error").textContent = message(err);
    $("d-error").classList.remove("hidden");
  } finally {
    button.textContent = i18n.t("take");
    button.disabled = !status.online;
  }
}

// waitText is an estimated wait in seconds, in the current language or l.
function waitText(seconds, l) {
  const min = Math.round(seconds / 60);
  return min < 1 ? i18n.t("now", null, l) : i18n.t("minutes", { n: min }, l);
}

function showTicket(t) {
  $("t-number").textContent = t.ticket.number;
  $("t-case").textContent = t.case;
  $("t-ahead").textContent = String(t.ahead);
  $("t-wait").textContent = waitText(t.estimated_wait);
  $("t-print").textContent = i18n.t(t.print_error ? "print_failed" : "printing");
  $("t-print").classList.toggle("bad", !!t.print_error);
  show("ticket");
  clearTimeout(idle);
  idle = setTimeout(home, IDLE_MS);
}

// checkIn is a scan of a remote ticket's QR code (scanner.js).
async function checkIn(scanned) {
  if (!configured || checkingIn || ["setup", "staff"].includes(current())) return;
  checkingIn = true;
  clearTimeout(errorShown);
  $("error").textContent = i18n.t("checking_in");
  $("error").classList.remove("hidden");
  $("error").classList.add("info");
  try {
    showCheckedIn(await api.CheckIn(scanned));
  } catch (err) {
    error(err);
    errorShown = setTimeout(() => $("error").classList.add("hidden"), ERROR_MS);
  } finally {
    checkingIn = false;
  }
}

function showCheckedIn(c) {
  const t = c.ticket;
  $("c-number").textContent = t.number;
  // The hub's plain word (an appointment later than its grace got an
  // ordinary ticket), in its own two languages.
  $("c-notice").classList.toggle("hidden", !c.notice);
  $("c-notice").replaceChildren(...(c.notice ? ["ar", "en"] : []).map((l) =>
    Object.assign(document.createElement("span"), { lang: l, dir: l === "ar" ? "rtl" : "ltr", textContent: c.notice[l] })));
  const printed = !!(c.printed_to || c.print_error);
  $("c-print").classList.toggle("hidden", !printed);
  if (printed) both($("c-print"), c.print_error ? "print_failed" : "printing");
  $("c-print").classList.toggle("bad", !!c.print_error);
  both($("c-ahead"), c.ahead > 0 ? "ahead_n" : "ahead_none", { n: c.ahead });
  both($("c-wait"), "wait_is", (l) => ({ wait: waitText(c.estimated_wait, l) }));
  const desk = (l) => ({ desk: deskName(t.branch, t.desk, l) });
  if (t.desk && ["called", "serving", "parked"].includes(t.state)) both($("c-guide"), "go_desk", desk);
  else if (t.desk) both($("c-guide"), "wait_desk", desk);
  else both($("c-guide"), "wait_screen");
  show("checkin");
  reportLayout();
  clearTimeout(idle);
  idle = setTimeout(home, WELCOME_MS);
}

function deskName(branch, id, l) {
  const b = (catalogue?.branches || []).find((b) => b.id === branch);
  const d = (b?.desks || []).find((d) => d.id === id);
  return d ? d.name[l] || d.name.ar : id;
}

async function poll() {
  try {
    status = (await api.Status()) || {};
    if (status.catalogue !== shownVersion && status.catalogue > 0) {
      catalogue = await api.Catalogue();
      shownVersion = status.catalogue;
      if (current() === "start") drawTiles();
    }
  } catch { status = {}; }
  const banner = $("connection");
  const hidden = !configured || !!status.online;
  if (banner.classList.contains("hidden") !== hidden || banner.dataset.key !== (status.refused ? "refused" : "offline")) {
    banner.dataset.key = status.refused ? "refused" : "offline";
    both(banner, banner.dataset.key);
    banner.classList.toggle("hidden", hidden);
    if (current() === "start") drawTiles(); // the banner takes its share of the screen
  }
  for (const b of document.querySelectorAll(".tile")) b.disabled = !status.online;
  if (current() === "details") $("take").disabled = !status.online;
  if (current() === "staff" && !$("staff-tools").classList.contains("hidden")) drawStaff();
}

function drawStaff() {
  $("st-last").textContent = status.last_ticket || "—";
  $("st-printed").textContent = status.printed_to || "—";
  $("st-spool").textContent = status.spool || "—";
  $("st-error").textContent = status.print_error || "";
  $("st-error").classList.toggle("hidden", !status.print_error);
}

function openStaff() {
  clearTimeout(idle);
  staffPIN = "";
  $("pin").value = "";
  $("pin-form").classList.remove("hidden");
  $("staff-tools").classList.add("hidden");
  show("staff");
  $("pin").focus();
}

function error(err) {
  $("error").textContent = message(err);
  $("error").classList.remove("hidden", "info");
}

// The staff gesture: press and hold the logo (a visitor's tap does nothing).
let hold = null;
$("logo").addEventListener("pointerdown", () => { hold = setTimeout(openStaff, HOLD_MS); });
for (const ev of ["pointerup", "pointerleave", "pointercancel"]) $("logo").addEventListener(ev, () => clearTimeout(hold));

$("lang").onclick = () => i18n.set(i18n.lang === "ar" ? "en" : "ar");
$("prev").onclick = () => turn(-1);
$("next").onclick = () => turn(1);
window.addEventListener("resize", () => { if (current() === "start") drawTiles(); });

// The large-text, high-contrast mode, for visitors who see poorly.
function setContrast(on) {
  document.body.classList.toggle("contrast", on);
  document.documentElement.classList.toggle("contrast", on); // rem grows too
  $("contrast").setAttribute("aria-pressed", String(on));
}
$("contrast").onclick = () => {
  setContrast(!document.body.classList.contains("contrast"));
  page = 0;
  drawTiles();
};

// The mobile number: typed on the keypad, or on a keyboard where there is
// one; Arabic-Indic digits become Western ones, anything else is dropped.
const phone = $("d-phone");
function setPhone(text) {
  phone.value = digits(text).slice(0, 15);
  $("d-error").classList.add("hidden");
}
phone.addEventListener("input", () => setPhone(phone.value));
for (const b of document.querySelectorAll("#keypad [data-key]")) {
  b.onclick = () => {
    const k = b.dataset.key;
    setPhone(k === "clear" ? "" : k === "back" ? phone.value.slice(0, -1) : phone.value + k);
  };
}
i18n.onChange(() => {
  const banner = $("connection");
  if (banner.dataset.key) both(banner, banner.dataset.key);
  if (current() === "start") drawTiles();
  if (service) $("d-service").textContent = i18n.pick(service.name);
});
for (const b of document.querySelectorAll("[data-lane]")) b.onclick = () => { lane = b.dataset.lane; markLane(); };
$("take").onclick = take;
$("back").onclick = home;
$("done").onclick = home;
$("staff-close").onclick = home;
$("c-done").onclick = home;
scanner.listen(checkIn);
for (const el of document.querySelectorAll("[data-both]")) both(el, el.dataset.both);

$("setup-form").onsubmit = async (e) => {
  e.preventDefault();
  const s = { hub: $("s-hub").value, token: $("s-token").value, printer: $("s-printer").value,
    language: $("s-language").value, staff_pin: $("s-pin").value };
  try {
    await api.Enrol(staffPIN, s);
    configured = true;
    defaultLang = s.language;
    home();
  } catch (err) { error(err); }
};
$("pin-form").onsubmit = async (e) => {
  e.preventDefault();
  try {
    await api.Staff($("pin").value);
    staffPIN = $("pin").value;
    $("pin-form").classList.add("hidden");
    $("staff-tools").classList.remove("hidden");
    drawStaff();
  } catch (err) { error(err); }
};
$("reprint").onclick = async () => {
  try { await api.Reprint(staffPIN); await poll(); } catch (err) { error(err); }
};
$("resetup").onclick = () => show("setup");
$("leave").onclick = () => api.Leave(staffPIN).catch(error);

(async () => {
  const setup = await api.Setup();
  configured = setup.configured;
  defaultLang = setup.language || "ar";
  home();
  await poll();
  setInterval(poll, 1000);
  api.Ready();
})();
