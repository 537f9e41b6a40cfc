// The back office: /office (docs/office.md). A department's person (or a
// manager) signs in and works the department's cases: the inbox views, a
// search by case number or mobile, the case with its timeline, photos and
// position, and every action, with keyboard shortcuts. Requests and live
// events go over the hub's WebSocket (hub.js); a case.changed event for
// the department reloads the list, so a referred case appears at once.
import { i18n } from "../shared/i18n.js";
import * as shamilHub from "../shared/hub.js";
import { strings } from "./strings.js";

i18n.add(strings);

const $ = (id) => document.getElementById(id);
const SESSION_KEY = "shamil.office.session";
const state = { session: null, catalogue: null, view: "unassigned", cases: [], current: null, people: [], searching: false };
let hub = null;
let followers = []; // event-only connections to the other branches a department serves
let error = null;
let reloadTimer = null;

// --- messages -----------------------------------------------------------------

function errorText(e) {
  return e.key ? i18n.t(e.key) : (i18n.lang === "ar" ? e.message_ar || e.message : e.message);
}

function showError(e) {
  error = e;
  $("error").classList.toggle("hidden", !error);
  if (error) $("error").textContent = errorText(error);
}

function flashDone() {
  $("done").textContent = i18n.t("done");
  $("done").classList.remove("hidden");
  setTimeout(() => $("done").classList.add("hidden"), 2000);
}

// --- names from the catalogue ---------------------------------------------------

function department() {
  return state.session.role === "department" ? state.session.department : $("department").value;
}

function departmentName(code) {
  const d = state.catalogue && (state.catalogue.departments || []).find((x) => x.code === code);
  return d ? i18n.pick(d.name) : code;
}

function serviceName(code) {
  const s = state.catalogue && (state.catalogue.services || []).find((x) => x.code === code);
  return s ? i18n.pick(s.name) : code;
}

// --- the list -------------------------------------------------------------------

async function loadList() {
  if (!hub || state.searching) return;
  const views = ["mine", "unassigned", "department", "awaiting", "due_soon", "overdue"];
  try {
    const lists = await Promise.all(views.map((view) => hub.request("case.inbox", { view, department: department() })));
    views.forEach((v, i) => {
      document.querySelector('[data-count="' + v + '"]').textContent = String(lists[i].length);
    });
    state.cases = lists[views.indexOf(state.view)];
    renderList();
  } catch (e) {
    showError(e);
  }
}

function scheduleReload() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(loadList, 150);
}

async function search(e) {
  e.preventDefault();
  const q = $("search").value.trim();
  state.searching = q !== "";
  if (!state.searching) return loadList();
  const data = /^[A-Za-z]/.test(q) ? { case: q } : { phone: q };
  try {
    state.cases = await hub.request("case.find", data);
    renderList();
  } catch (err) {
    showError(err);
  }
}

function renderList() {
  document.querySelectorAll(".tabs button").forEach((b) => b.setAttribute("aria-selected", String(!state.searching && b.dataset.view === state.view)));
  $("empty").classList.toggle("hidden", state.cases.length > 0);
  $("cases").replaceChildren(...state.cases.map((c) => {
    const li = document.createElement("li");
    li.dataset.case = c.number;
    li.tabIndex = 0;
    li.className = "case-row" + (state.current && state.current.number === c.number ? " current" : "");
    const num = document.createElement("bdi");
    num.className = "code";
    num.textContent = c.number;
    const svc = document.createElement("span");
    svc.textContent = serviceName(c.service);
    const st = document.createElement("span");
    st.className = "status " + c.status;
    st.textContent = i18n.t("case_" + c.status) + (c.assignee ? " · " + c.assignee : "");
    li.append(num, svc, st);
    li.addEventListener("click", () => openCase(c.number));
    return li;
  }));
}

// --- the case -------------------------------------------------------------------

async function openCase(number) {
  try {
    state.current = await hub.request("case.get", { case: number });
    renderCase();
    renderList();
    document.body.classList.add("reading");
  } catch (e) {
    showError(e);
  }
}

function renderCase() {
  const c = state.current;
  $("no-case").classList.toggle("hidden", !!c);
  $("case").classList.toggle("hidden", !c);
  if (!c) return;
  $("c-number").textContent = c.number;
  $("c-service").textContent = serviceName(c.service);
  $("c-status").textContent = i18n.t("case_" + c.status);
  $("c-department").textContent = c.department ? departmentName(c.department) : i18n.t("front_office");
  $("c-assignee").textContent = c.assignee || i18n.t("nobody");
  $("c-opened").textContent = i18n.time(c.created_at, null, { dateStyle: "medium", timeStyle: "short" });
  $("c-phone").textContent = c.phone || "—";
  const loc = c.location || {};
  const place = [loc.district, loc.street].filter(Boolean).join("، ");
  $("c-place").replaceChildren(document.createTextNode(place || "—"));
  if (loc.lat != null && loc.lng != null) {
    const a = document.createElement("a");
    a.href = "https://www.openstreetmap.org/?mlat=" + loc.lat + "&mlon=" + loc.lng + "#map=18/" + loc.lat + "/" + loc.lng;
    a.target = "_blank";
    a.rel = "noopener";
    a.className = "code map";
    a.textContent = " " + loc.lat.toFixed(5) + ", " + loc.lng.toFixed(5) + " (" + i18n.t("map") + ")";
    $("c-place").append(a);
  }
  $("c-description").textContent = c.description || "";
  renderPhotos(c);
  const mine = c.assignee === state.session.username;
  const finished = c.status === "resolved" || c.status === "closed";
  const withDept = !!c.department && !finished;
  toggleAct("take", withDept && !mine && state.session.role === "department");
  toggleAct("unassign", withDept && !!c.assignee && (mine || state.session.head || state.session.role !== "department"));
  $("assign-box").classList.toggle("hidden", !(withDept && (state.session.head || state.session.role !== "department")));
  $("c-timeline").replaceChildren(...(c.timeline || []).slice().reverse().map((e) => {
    const li = document.createElement("li");
    li.className = e.public ? "public" : "internal";
    li.dataset.kind = e.kind;
    const head = document.createElement("div");
    head.className = "entry-head";
    const what = document.createElement("b");
    what.textContent = i18n.t("e_" + e.kind, { department: departmentName(e.department || "") });
    const meta = document.createElement("span");
    meta.className = "muted";
    meta.textContent = " · " + i18n.time(e.at, null, { dateStyle: "short", timeStyle: "short" }) + " · " + (e.actor || "") +
      (e.public ? "" : " · " + i18n.t("internal"));
    head.append(what, meta);
    li.append(head);
    if (e.text) {
      const p = document.createElement("p");
      p.textContent = e.text;
      li.append(p);
    }
    return li;
  }));
}

function toggleAct(act, on) {
  document.querySelector('[data-act="' + act + '"]').classList.toggle("hidden", !on);
}

// Photos are fetched with the session (they are not public files) and
// shown from blob URLs.
async function renderPhotos(c) {
  const keys = [].concat(...(c.timeline || []).map((e) => e.photos || []));
  const imgs = await Promise.all(keys.map(async (key) => {
    const res = await fetch("/api/v1/cases/" + encodeURIComponent(c.number) + "/photos/" + encodeURIComponent(key),
      { headers: { Authorization: "Bearer " + state.session.token } });
    if (!res.ok) return null;
    const img = document.createElement("img");
    img.src = URL.createObjectURL(await res.blob());
    img.alt = key;
    return img;
  }));
  if (state.current && state.current.number === c.number) $("c-photos").replaceChildren(...imgs.filter(Boolean));
}

async function act(type, data) {
  showError(null);
  try {
    state.current = await hub.request(type, Object.assign({ case: state.current.number }, data));
    renderCase();
    flashDone();
    scheduleReload();
    return true;
  } catch (e) {
    showError(e);
    return false;
  }
}

async function submitAction(e) {
  if (e) e.preventDefault();
  if (!state.current) return;
  const kind = document.querySelector('input[name="kind"]:checked').value;
  const text = $("text").value;
  let ok = false;
  switch (kind) {
    case "note": ok = await act("case.note", { text }); break;
    case "respond": ok = await act("case.respond", { text }); break;
    case "resolve": ok = await act("case.resolve", { text }); break;
    case "return": ok = await act("case.return", { text }); break;
    case "refer": ok = await act("case.refer", { text, department: $("refer-to").value }); break;
    case "inspect": ok = await inspect(text); break;
    case "request_info": {
      const deadline = new Date(Date.now() + Number($("days").value || 7) * 86400000).toISOString();
      ok = await act("case.request_info", { text, deadline });
      break;
    }
  }
  if (ok) $("text").value = "";
}

// inspect sends a site visit with the phone's photos and position as a
// form: photos travel over HTTP, never over the WebSocket.
async function inspect(findings) {
  showError(null);
  const form = new FormData();
  form.append("findings", findings);
  form.append("lat", $("lat").value.trim());
  form.append("lng", $("lng").value.trim());
  if ($("public").checked) form.append("public", "1");
  form.append("request_id", "insp-" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8));
  for (const f of $("photos").files) form.append("photos", f);
  try {
    const res = await fetch("/api/v1/cases/" + encodeURIComponent(state.current.number) + "/inspection",
      { method: "POST", headers: { Authorization: "Bearer " + state.session.token }, body: form });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw body.error || { key: "no_hub" };
    state.current = body;
    $("photos").value = "";
    renderCase();
    flashDone();
    return true;
  } catch (e) {
    showError(e);
    return false;
  }
}

function locate() {
  if (!navigator.geolocation) return;
  navigator.geolocation.getCurrentPosition((p) => {
    $("lat").value = p.coords.latitude.toFixed(6);
    $("lng").value = p.coords.longitude.toFixed(6);
  }, () => showError({ key: "no_position" }), { enableHighAccuracy: true, timeout: 15000 });
}

function pickKind(kind) {
  const input = document.querySelector('input[name="kind"][value="' + kind + '"]');
  input.checked = true;
  kindChanged();
  $("text").focus();
}

function kindChanged() {
  const kind = document.querySelector('input[name="kind"]:checked').value;
  $("days-box").classList.toggle("hidden", kind !== "request_info");
  $("refer-box").classList.toggle("hidden", kind !== "refer");
  $("inspect-box").classList.toggle("hidden", kind !== "inspect");
}

// --- keyboard -------------------------------------------------------------------

// Single keys act when no field has the focus: J/K move in the list, T
// takes, U unassigns, A assigns, N/R/I/S/B/F pick the action and focus its
// text, / searches; Ctrl+Enter sends, Escape leaves a field.
function onKey(e) {
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && document.activeElement === $("text")) {
    e.preventDefault();
    submitAction();
    return;
  }
  if (e.key === "Escape" && typing) {
    document.activeElement.blur();
    return;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey || !state.session) return;
  const key = e.key.toLowerCase();
  const kinds = { n: "note", r: "respond", i: "request_info", s: "resolve", b: "return", f: "refer", v: "inspect" };
  if (key === "j" || key === "k") {
    const i = state.cases.findIndex((c) => state.current && c.number === state.current.number);
    const next = state.cases[Math.max(0, Math.min(state.cases.length - 1, i + (key === "j" ? 1 : -1)))];
    if (next) openCase(next.number);
  } else if (key === "/") {
    e.preventDefault();
    $("search").focus();
  } else if (!state.current) {
    return;
  } else if (kinds[key]) {
    e.preventDefault();
    pickKind(kinds[key]);
  } else if (key === "t" && !document.querySelector('[data-act="take"]').classList.contains("hidden")) {
    act("case.assign", {});
  } else if (key === "u" && !document.querySelector('[data-act="unassign"]').classList.contains("hidden")) {
    act("case.unassign", {});
  } else if (key === "a" && !$("assign-box").classList.contains("hidden")) {
    $("assignee").focus();
  }
}

// --- session --------------------------------------------------------------------

function fillSelects() {
  const depts = (state.catalogue.departments || []);
  const option = (value, label) => {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    return o;
  };
  const keep = $("department").value;
  $("department").replaceChildren(...depts.map((d) => option(d.code, i18n.pick(d.name))));
  if (keep) $("department").value = keep;
  $("refer-to").replaceChildren(...depts.filter((d) => d.code !== department()).map((d) => option(d.code, i18n.pick(d.name))));
  $("assignee").replaceChildren(...state.people.map((p) => option(p.username, p.name + " · " + p.username)));
  const s = state.session;
  $("who").textContent = s.name + (s.role === "department" ? " · " + departmentName(s.department) + (s.head ? " · " + i18n.t("head") : "") : "");
}

async function loadPeople() {
  try {
    state.people = await hub.request("department.people", { department: department() });
  } catch (e) {
    state.people = [];
  }
  fillSelects();
}

function showOffice(on) {
  $("signin").classList.toggle("hidden", on);
  $("office").classList.toggle("hidden", !on);
  $("signout").classList.toggle("hidden", !on);
}

// loadCatalogue asks for the catalogue: on connecting, and again when the
// hub reloads it.
function loadCatalogue() {
  hub.request("catalogue.get").then((cat) => {
    state.catalogue = cat;
    followOtherBranches();
    fillSelects();
    loadPeople();
    loadList();
  }, showError);
}

function start(session) {
  state.session = session;
  showOffice(true);
  $("dept-pick").classList.toggle("hidden", session.role === "department");
  hub = shamilHub.connect(shamilHub.socketURL(), session.token, {
    branch: session.branch,
    subscribe: true,
    onSnapshot: scheduleReload,
    onEvent: onCaseEvent,
    onState(s, info) {
      $("connection").classList.toggle("hidden", s !== "down");
      if (s === "open" && !state.catalogue) loadCatalogue();
      if (s === "failed") {
        signOut();
        showError(info);
      }
    },
  });
}

function onCaseEvent(ev) {
  // A reloaded catalogue (docs/protocol.md): names, choices and the
  // branches followed are asked again.
  if (ev.type === "catalogue.changed") return loadCatalogue();
  if (ev.type !== "case.changed") return;
  scheduleReload();
  if (state.current && ev.case && ev.case.number === state.current.number) openCase(state.current.number);
}

// followOtherBranches: a department serving several branches receives
// cases referred from any of them. The hub's events are per branch, so
// the page follows each other branch the department serves on its own
// connection, for events only (requests go over the first).
function followOtherBranches() {
  const s = state.session;
  followers.forEach((f) => f.close());
  followers = [];
  if (s.role !== "department") return;
  const dept = (state.catalogue.departments || []).find((d) => d.code === s.department);
  const served = dept && dept.branches && dept.branches.length ? dept.branches : state.catalogue.branches.map((b) => b.id);
  followers = served.filter((b) => b !== s.branch).map((b) => shamilHub.connect(shamilHub.socketURL(), s.token, {
    // The catalogue is the hub's, not a branch's: the first connection
    // hears of a reload.
    branch: b, subscribe: true, onSnapshot: scheduleReload, onEvent: (ev) => ev.type === "catalogue.changed" || onCaseEvent(ev),
  }));
}

function signOut() {
  if (hub) hub.close();
  hub = null;
  followers.forEach((f) => f.close());
  followers = [];
  state.session = null;
  state.catalogue = null;
  state.current = null;
  sessionStorage.removeItem(SESSION_KEY);
  showOffice(false);
}

async function signIn(e) {
  e.preventDefault();
  showError(null);
  let res;
  try {
    res = await fetch("/api/v1/sessions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: $("username").value.trim(), password: $("password").value }),
    });
  } catch (err) {
    return showError({ key: "no_hub" });
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) return showError(body.error || { key: "no_hub" });
  if (!["department", "manager", "admin"].includes(body.role)) return showError({ key: "not_office" });
  $("password").value = "";
  const session = { token: body.token, role: body.role, department: body.department || "", head: !!body.head,
    username: body.username, name: body.name, branch: body.branch };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  start(session);
}

i18n.set("ar");
i18n.onChange(() => {
  if (error) showError(error);
  if (state.catalogue) { fillSelects(); renderList(); renderCase(); }
});
$("lang").addEventListener("click", () => i18n.set(i18n.lang === "ar" ? "en" : "ar"));
$("signout").addEventListener("click", signOut);
$("signin-form").addEventListener("submit", signIn);
$("search-form").addEventListener("submit", search);
$("act-form").addEventListener("submit", submitAction);
$("locate").addEventListener("click", locate);
$("back").addEventListener("click", () => document.body.classList.remove("reading"));
$("department").addEventListener("change", () => { loadPeople(); loadList(); });
document.querySelectorAll('input[name="kind"]').forEach((r) => r.addEventListener("change", kindChanged));
document.querySelectorAll(".tabs button").forEach((b) => b.addEventListener("click", () => {
  state.view = b.dataset.view;
  state.searching = false;
  $("search").value = "";
  loadList();
}));
document.querySelector('[data-act="take"]').addEventListener("click", () => act("case.assign", {}));
document.querySelector('[data-act="unassign"]').addEventListener("click", () => act("case.unassign", {}));
document.querySelector('[data-act="assign"]').addEventListener("click", () => act("case.assign", { assignee: $("assignee").value }));
document.addEventListener("keydown", onKey);
const saved = sessionStorage.getItem(SESSION_KEY);
if (saved) start(JSON.parse(saved));
