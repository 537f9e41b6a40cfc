// The managers' dashboard: /dashboard/{branch}. A manager signs in and sees
// the branch live (people waiting, the longest wait, every desk, open and
// overdue cases) and the figures of a period (today by default): waits,
// service times, officers, services and an hourly chart. Hub events trigger
// a debounced refresh of the figures (GET /api/v1/branches/{b}/live and
// /stats); docs/dashboard.md.
import { i18n } from "../shared/i18n.js";
import * as shamilHub from "../shared/hub.js";
import uPlot from "../vendor/uplot/uPlot.esm.js";
import { managers as m } from "./strings.js";

const $ = (id) => document.getElementById(id);
const branchID = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const params = new URLSearchParams(location.search);
const state = { catalogue: null, live: null, figures: null };
let token = null;
let hub = null;
let chart = null;
let error = null;
let refreshTimer = null;
let pollTimer = null;

function showError(e) {
  error = e;
  $("error").classList.toggle("hidden", !error);
  if (error) $("error").textContent = m.errorText(error);
}

// --- figures from the hub -------------------------------------------------

function range() {
  return "from=" + encodeURIComponent($("from").value) + "&to=" + encodeURIComponent($("to").value || $("from").value);
}

async function refresh() {
  if (!token) return;
  const base = "/api/v1/branches/" + encodeURIComponent(branchID);
  try {
    const [live, figures] = await Promise.all([
      m.get(base + "/live", token).then((r) => r.json()),
      m.get(base + "/stats?" + range(), token).then((r) => r.json()),
    ]);
    state.live = live;
    state.figures = figures;
    if (!$("from").value) $("from").value = $("to").value = live.day;
    if (error && !error.key) showError(null);
    render();
  } catch (e) {
    if (e.status === 401) signOut();
    showError(e);
  }
}

// Events come in bursts (a call is a desk change and a ticket change):
// one refresh a little after the last of them.
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 250);
}

// --- the screen -------------------------------------------------------------

function cell(text, cls, tag) {
  const td = document.createElement("td");
  const span = document.createElement(tag || "span");
  if (cls) span.className = cls;
  span.textContent = text;
  td.append(span);
  return td;
}

function row(cells, cls) {
  const tr = document.createElement("tr");
  if (cls) tr.className = cls;
  tr.append(...cells);
  return tr;
}

function serviceName(code) {
  const s = state.catalogue && (state.catalogue.services || []).find((x) => x.code === code);
  return s ? i18n.pick(s.name) : code;
}

function render() {
  const branch = state.catalogue && (state.catalogue.branches || []).find((b) => b.id === branchID);
  if (branch) $("branch").textContent = i18n.pick(branch.name);
  const live = state.live;
  if (!live) return;
  const threshold = live.wait_threshold_seconds;
  $("waiting").textContent = String(live.waiting);
  $("longest").textContent = live.longest_wait_ticket ? m.duration(live.longest_wait_seconds) : "—";
  $("longest-ticket").textContent = live.longest_wait_ticket || "";
  $("longest-tile").classList.toggle("alert", live.longest_wait_seconds > threshold);
  $("overdue").textContent = String(live.overdue_count);
  $("overdue-tile").classList.toggle("alert", live.overdue_count > 0);
  $("open-count").textContent = String(live.open_cases_count);

  $("desks").replaceChildren(...live.desks.map((d) => {
    const officer = d.officer ? (d.officer_name && d.officer_name !== d.officer ? d.officer_name + " · " + d.officer : d.officer) : "—";
    let time = "—";
    if (d.ticket) time = m.duration(d.busy_seconds || 0) + " " + i18n.t("busy");
    else if (d.state === "open") time = m.duration(d.idle_seconds || 0) + " " + i18n.t("idle");
    const tr = row([cell(i18n.pick(d.name)), cell(i18n.t("desk_" + d.state), "state " + d.state), cell(officer),
      cell(d.ticket || "—", "code", "bdi"), cell(time, "muted nowrap")]);
    tr.dataset.desk = d.id;
    return tr;
  }));

  $("cases").replaceChildren(...(live.open_cases || []).map((c) => {
    let target = i18n.t("no_target");
    if (c.overdue) target = i18n.t("overdue");
    else if (c.late_first_response) target = i18n.t("late_response");
    else if (c.resolution_due) target = i18n.t("on_time");
    const tr = row([cell(c.number, "code", "bdi"), cell(serviceName(c.service)), cell(i18n.t("case_" + c.status)),
      cell(m.age(c.age_seconds), "nowrap"), cell(target)], c.overdue || c.late_first_response ? "alert" : "");
    tr.dataset.case = c.number;
    return tr;
  }));

  // The back office's open cases per department, against its targets.
  $("departments").replaceChildren(...(live.departments || []).map((d) => {
    const tr = row([cell(i18n.pick(d.name)), cell(String(d.open), "code", "bdi"),
      cell(String(d.due_soon), "code", "bdi"), cell(String(d.overdue), "code", "bdi")], d.overdue > 0 ? "alert" : "");
    tr.dataset.department = d.code;
    return tr;
  }));

  const f = state.figures;
  if (!f) return;
  $("served").textContent = String(f.served);
  $("no-shows").textContent = String(f.no_shows);
  $("avg-wait").textContent = m.duration(f.wait.count ? f.wait.avg_seconds : null);
  $("p90-wait").textContent = m.duration(f.wait.count ? f.wait.p90_seconds : null);
  $("p90-tile").classList.toggle("alert", f.wait.p90_seconds > threshold);
  $("avg-service").textContent = m.duration(f.service.count ? f.service.avg_seconds : null);
  const total = (key, value, label = key) => {
    const span = document.createElement("span");
    span.dataset.total = key;
    const b = document.createElement("b");
    b.className = "code";
    b.textContent = value;
    span.append(i18n.t(label) + ": ", b);
    return span;
  };
  $("totals").replaceChildren(
    total("tickets", String(f.tickets)), total("served", String(f.served)),
    total("no_shows", String(f.no_shows)), total("cancelled", String(f.cancelled)), total("expired", String(f.expired), "ticket_expired"),
    total("cases_opened", String(f.cases.opened)), total("cases_resolved", String(f.cases.resolved)),
    total("overdue", String(f.cases.overdue)),
    total("first_response", m.duration(f.cases.first_response.count ? f.cases.first_response.avg_seconds : null)));
  // Appointments: how many were booked, came and missed, and how long
  // their visitors waited against everyone else (average wait).
  const a = f.appointments;
  $("appointments").replaceChildren(
    total("booked", String(a.booked)), total("arrived", String(a.arrived)), total("appointment_no_shows", String(a.no_shows)),
    total("appointment_wait", m.duration(a.wait.count ? a.wait.avg_seconds : null)),
    total("walk_in_wait", m.duration(a.walk_in_wait.count ? a.walk_in_wait.avg_seconds : null)));
  $("officers").replaceChildren(...(f.officers || []).map((o) => {
    const tr = row([cell(o.officer, "code", "bdi"), cell(String(o.served)), cell(String(o.no_shows)),
      cell(m.duration(o.service.count ? o.service.avg_seconds : null))]);
    tr.dataset.officer = o.officer;
    return tr;
  }));
  $("services").replaceChildren(...(f.services || []).map((s) => {
    const tr = row([cell(i18n.pick(s.name) || s.code), cell(String(s.tickets)), cell(String(s.served)),
      cell(m.duration(s.wait.count ? s.wait.avg_seconds : null)), cell(m.duration(s.service.count ? s.service.avg_seconds : null))],
      s.wait.avg_seconds > threshold ? "alert" : "");
    tr.dataset.service = s.code;
    return tr;
  }));
  drawChart(f);
}

// drawChart shows arrivals and completions per hour over the opening day
// (07:00–22:00, wider when tickets fall outside it).
function drawChart(f) {
  let first = 7, last = 21;
  f.hours.forEach((h, i) => {
    if (h.arrivals || h.completions) { first = Math.min(first, i); last = Math.max(last, i); }
  });
  const hours = [], arrivals = [], completions = [];
  for (let i = first; i <= last; i++) {
    hours.push(i);
    arrivals.push(f.hours[i].arrivals);
    completions.push(f.hours[i].completions);
  }
  const el = $("chart");
  const width = Math.max(300, el.clientWidth);
  const bars = uPlot.paths.bars({ size: [0.4, 40] });
  const opts = {
    width, height: 260,
    scales: { x: { time: false, range: [first - 0.5, last + 0.5] }, y: { range: (u, min, max) => [0, Math.max(4, max + 1)] } },
    axes: [
      { values: (u, ticks) => ticks.map((t) => Number.isInteger(t) ? String(t).padStart(2, "0") + ":00" : ""), font: "14px 'Noto Sans'" },
      { font: "14px 'Noto Sans'", values: (u, ticks) => ticks.map((t) => Number.isInteger(t) ? String(t) : "") },
    ],
    series: [
      { label: "h" },
      { label: i18n.t("arrivals"), stroke: "#0b6e4f", fill: "rgba(11,110,79,0.75)", paths: bars, points: { show: false } },
      { label: i18n.t("completions"), stroke: "#f5b700", fill: "rgba(245,183,0,0.85)", paths: uPlot.paths.bars({ size: [0.4, 40], align: 1 }), points: { show: false } },
    ],
    legend: { live: false },
    cursor: { show: false },
  };
  if (chart) chart.destroy();
  chart = new uPlot(opts, [hours, arrivals, completions], el);
}

// --- downloads ----------------------------------------------------------------

async function download(ext) {
  try {
    const res = await m.get("/api/v1/branches/" + encodeURIComponent(branchID) + "/report." + ext + "?" + range(), token);
    const name = (res.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
    const a = document.createElement("a");
    a.href = URL.createObjectURL(await res.blob());
    a.download = name ? name[1] : "report." + ext;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (e) {
    showError(e);
  }
}

// --- session --------------------------------------------------------------------

function showBoard(on) {
  $("signin").classList.toggle("hidden", on);
  $("board").classList.toggle("hidden", !on);
  $("signout").classList.toggle("hidden", !on);
  $("region-link").classList.toggle("hidden", !on || !m.regional());
}

// loadCatalogue asks for the catalogue: on connecting, and again when the
// hub reloads it.
function loadCatalogue() {
  hub.request("catalogue.get").then((cat) => { state.catalogue = cat; render(); }, showError);
}

function watch(t) {
  token = t;
  showBoard(true);
  refresh();
  clearInterval(pollTimer);
  pollTimer = setInterval(refresh, 30000); // idle times and case ages move without events
  hub = shamilHub.connect(shamilHub.socketURL(), token, {
    branch: branchID,
    subscribe: true,
    onSnapshot: scheduleRefresh,
    onEvent(ev) {
      // A reloaded catalogue (docs/protocol.md): names are asked again.
      if (ev.type === "catalogue.changed") loadCatalogue();
      scheduleRefresh();
    },
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

function signOut() {
  if (hub) hub.close();
  hub = null;
  token = null;
  clearInterval(pollTimer);
  m.forget();
  showBoard(false);
}

async function signIn(e) {
  e.preventDefault();
  showError(null);
  try {
    const body = await m.signIn($("username").value.trim(), $("password").value);
    $("password").value = "";
    watch(body.token);
  } catch (err) {
    showError(err);
  }
}

i18n.set("ar");
i18n.onChange(() => { render(); if (error) showError(error); });
$("lang").addEventListener("click", () => i18n.set(i18n.lang === "ar" ? "en" : "ar"));
$("signout").addEventListener("click", signOut);
$("signin-form").addEventListener("submit", signIn);
$("show").addEventListener("click", refresh);
$("pdf").addEventListener("click", () => download("pdf"));
$("csv").addEventListener("click", () => download("csv"));
if (params.get("from")) $("from").value = params.get("from");
$("to").value = params.get("to") || params.get("from") || "";
window.addEventListener("resize", () => { if (state.figures) drawChart(state.figures); });
const saved = m.session();
if (saved) watch(saved);
