// The desk app's page. Every screen is drawn from App.State(), the hub's
// state as the Go side holds it; actions go to the bound App methods.
import { i18n } from "../shared/i18n.js";
import { strings } from "./strings.js";

i18n.add(strings);

const $ = (id) => document.getElementById(id);
const go = () => window.go.main.App;
let catalogue = null;
let catalogueShown; // View.catalogue when the catalogue was last asked for
let view = null;
let caseNumber = "";   // the case on screen
let servingCase = "";  // the case of the visitor being served, if any
let pickedCase = "";   // a case opened from the open cases or a search
let lastCalls = "";
let caseRev = 0;
// formDirty: the officer has typed in the case form since it was drawn
// or saved; a redraw (a live event, a language switch) keeps their text.
let formDirty = false;
let busy = false;

// ---- errors: the Go side sends a protocol error as JSON ----
function showError(err) {
  let e;
  try { e = JSON.parse(String(err)); } catch { e = { message: String(err), message_ar: String(err) }; }
  const box = $("error");
  box.textContent = i18n.lang === "ar" ? (e.message_ar || e.message) : (e.message || e.message_ar);
  box.classList.remove("hidden");
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => box.classList.add("hidden"), 8000);
}
function clearError() { $("error").classList.add("hidden"); $("notice").classList.add("hidden"); }

// act runs one action; a second press while it runs is ignored, and a
// press after a failure retries it with the same request id (Go side).
async function act(f) {
  if (busy) return;
  busy = true;
  document.body.classList.add("busy");
  reportLayout();
  try {
    clearError();
    const out = await f();
    await refresh();
    loadToday();
    return out;
  } catch (err) {
    showError(err);
  } finally {
    busy = false;
    document.body.classList.remove("busy");
    reportLayout();
  }
}

function show(screen) {
  for (const s of ["signin", "claim", "work"]) $(s).classList.toggle("hidden", s !== screen);
  $("signout").classList.toggle("hidden", screen === "signin");
  $("open-cases-toggle").classList.toggle("hidden", screen !== "work");
  reportLayout();
}

// ---- chime: two tones, made here (no sound files, no network) ----
function chime() {
  try {
    const ctx = new AudioContext();
    [[880, 0], [660, 0.35]].forEach(([f, at]) => {
      const o = ctx.createOscillator(), g = ctx.createGain();
      o.frequency.value = f;
      g.gain.setValueAtTime(0.3, ctx.currentTime + at);
      g.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + at + 0.5);
      o.connect(g).connect(ctx.destination);
      o.start(ctx.currentTime + at);
      o.stop(ctx.currentTime + at + 0.5);
    });
  } catch { /* no audio device: the screen still shows the call */ }
}

const duration = i18n.duration;
const deskName = (id) => {
  const d = view && view.branch.desks.find((x) => x.id === id);
  return d ? i18n.pick(d.name) : id;
};
const serviceName = (code) => {
  const s = catalogue && catalogue.services.find((x) => x.code === code);
  return s ? i18n.pick(s.name) : code;
};

// ---- drawing ----
async function refresh() {
  try {
    view = await go().State(caseNumber);
    // The hub reloaded its catalogue: services and names are asked again.
    if (catalogueShown !== undefined && view.catalogue !== catalogueShown) catalogue = await go().Catalogue();
    catalogueShown = view.catalogue;
  } catch (err) {
    show("signin");
    return;
  }
  draw();
}

function draw() {
  if (!view) return;
  $("connection").classList.toggle("hidden", view.online);
  $("who").textContent = view.name;
  if (!view.desk || view.desk.state === "closed") {
    $("desk-badge").classList.add("hidden");
    show("claim");
    drawDesks();
    return;
  }
  show("work");
  const d = view.desk;
  $("desk-badge").textContent = deskName(d.id);
  $("desk-badge").classList.remove("hidden");
  $("desk-state").textContent = d.state === "paused" ? i18n.t("desk_is_paused", { reason: reasonName(d.reason) }) : i18n.t("desk_is_open");
  $("desk-state").className = "desk-state " + d.state;
  $("pause").classList.toggle("hidden", d.state === "paused");
  $("reopen").classList.toggle("hidden", d.state !== "paused");

  const t = view.ticket;
  $("ticket-number").textContent = t ? t.number || "…" : "—";
  $("ticket-state").textContent = t ? i18n.t("ticket_" + t.state) + (t.state === "called" ? " (" + (t.calls || 1) + ")" : "") + " · " + serviceName(t.service) : i18n.t("no_visitor");
  drawBooking(t);
  $("call-next").disabled = !!t || d.state !== "open";
  $("recall").disabled = !t || t.state !== "called";
  $("serve").disabled = !t || t.state !== "called";
  $("no-show").disabled = !t || t.state !== "called";
  $("transfer").disabled = !t;
  $("another-case").disabled = !t || t.state !== "serving";
  $("park").disabled = !t || t.state !== "serving";
  $("complete").disabled = !t || t.state !== "serving";
  $("close-desk").disabled = !!t || view.parked.length > 0;

  const calls = t ? t.id + ":" + t.calls : "";
  if (t && t.state === "called" && calls !== lastCalls) chime();
  lastCalls = calls;

  // A visitor sitting down brings their case up; until then, or after
  // "Back", a case opened from a list is on screen.
  const serving = t && t.state === "serving" ? t.case : "";
  if (serving !== servingCase) {
    servingCase = serving;
    if (serving) pickedCase = "";
  }
  const number = pickedCase || serving;
  $("case-dismiss").classList.toggle("hidden", !pickedCase);
  if (number !== caseNumber) {
    caseNumber = number;
    caseRev = view.case_rev;
    formDirty = false;
    $("case").classList.toggle("hidden", !number);
    // A visitor's case opens under their ticket, which stays in sight; a
    // case from a list is scrolled to, ready for the text to the citizen.
    if (number && pickedCase) loadCase(number).then(() => { $("case-text").focus(); $("case").scrollIntoView({ block: "nearest" }); });
    else if (number) loadCase(number).then(() => $("case-description").focus({ preventScroll: true }));
  } else if (number && view.case_rev !== caseRev) {
    caseRev = view.case_rev; // changed on the hub: the timeline, the status
    loadCase(number);
  }
  drawQueue();
  drawParked();
  reportLayout();
}

// drawBooking shows, for a visitor who came by appointment, the booked
// time and the notes booked with it (the service is on the line above).
function drawBooking(t) {
  const el = $("ticket-booking");
  el.classList.toggle("hidden", !t || !t.booking);
  if (!t || !t.booking) return;
  // The booking number reads left to right, the notes in their own
  // direction, inside either language's sentence.
  const lines = [i18n.t("booked_at", { time: i18n.time(t.booked_slot), booking: "\u2066" + t.booking + "\u2069" })];
  if (t.booked_notes) lines.push(i18n.t("booked_notes", { notes: "\u2068" + t.booked_notes + "\u2069" }));
  el.replaceChildren(...lines.map((text) => Object.assign(document.createElement("div"), { textContent: text })));
}

// reportLayout tells the app where the parts an officer needs while
// serving are and what they show, each time that changes (a screen, a
// case, the window's size, the language, a dialog, the keyboard's
// focus): the app logs it, and a window too small for the desk shows in
// the log. It is sent once the change is on screen (fonts loaded, two
// animation frames later), so whoever waits for it may look at once.
let layoutSent = "";
let layoutQueued = false;
function reportLayout() {
  if (!window.go || layoutQueued) return;
  layoutQueued = true;
  document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => {
    layoutQueued = false;
    sendLayout();
  })));
}
function sendLayout() {
  const desks = [...document.querySelectorAll("#desks .desk-choice")].map((b) => b.id);
  const fields = [...document.querySelectorAll("#dialog-body [id]")].map((el) => el.id);
  const ids = ["ticket-actions", "ticket-booking", "case-actions", "queue", "lookup", "case-service", "case-category", ...desks,
    "ticket-number", "desk-state", "case", "case-returned", "case-description", "case-text", "timeline", "open-cases-list", "lookup-results", "dialog", "notice", ...fields];
  const parts = ids.map((id) => {
    const el = $(id);
    const r = el.getBoundingClientRect();
    return { id, left: Math.round(r.left), top: Math.round(r.top), right: Math.round(r.right), bottom: Math.round(r.bottom), text: shows(el) };
  });
  const screen = ["signin", "claim", "work"].find((id) => !$(id).classList.contains("hidden")) || "";
  const focus = document.activeElement && document.activeElement !== document.body ? document.activeElement.id : "";
  const layout = { screen, lang: i18n.lang, width: window.innerWidth, height: window.innerHeight, focus, busy, parts };
  const key = JSON.stringify(layout);
  if (key === layoutSent) return;
  layoutSent = key;
  go().Layout(layout).catch(() => {});
}
// shows is what a part says: a select's choice, a field's text, the
// ticket's number and state, the case's number and status, a dialog's
// title, the notice shown (a further case's number and access code), the
// text of a list's rows or a desk's button.
function shows(el) {
  switch (el.id) {
    case "ticket-number": return view && view.ticket ? view.ticket.number + " " + view.ticket.state : "";
    case "case": return el.classList.contains("hidden") ? "" : $("case-number").textContent + " " + $("case-status").textContent;
    case "desk-state": case "ticket-booking": return el.textContent;
    case "case-returned": case "notice": return el.classList.contains("hidden") ? "" : el.textContent;
    case "dialog": return el.open ? $("dialog-title").textContent : "";
    case "timeline": case "open-cases-list": case "lookup-results":
      return [...el.children].map((row) => row.textContent.replace(/\s+/g, " ").trim()).join("\n");
  }
  if (el.tagName === "SELECT") return el.selectedOptions.length ? el.selectedOptions[0].text : "";
  if (el.tagName === "INPUT" || el.tagName === "TEXTAREA") return el.value;
  return el.classList.contains("desk-choice") ? el.textContent : "";
}
window.addEventListener("resize", () => reportLayout());
document.addEventListener("focusin", () => reportLayout());
document.addEventListener("input", () => reportLayout());
document.addEventListener("change", () => reportLayout());

// drawDesks redraws the desk buttons only when they change, so the
// keyboard focus stays where the officer left it.
let desksDrawn = "";
function drawDesks() {
  const key = i18n.lang + JSON.stringify(view.desks.map((d) => [d.id, d.state, d.officer_name, d.reason]));
  if (key === desksDrawn) return;
  desksDrawn = key;
  const box = $("desks");
  box.replaceChildren();
  for (const d of view.desks) {
    const b = document.createElement("button");
    b.className = "desk-choice " + d.state;
    b.id = "desk-" + d.id;
    const held = d.state !== "closed" && d.officer_name;
    b.innerHTML = `<b></b><small></small>`;
    b.querySelector("b").textContent = deskName(d.id);
    let held_text = held ? i18n.t("desk_held", { name: d.officer_name }) : i18n.t("desk_free");
    if (d.state === "paused") held_text = i18n.t("desk_is_paused", { reason: reasonName(d.reason) }) + " · " + held_text;
    b.querySelector("small").textContent = held_text;
    b.onclick = () => act(() => go().Claim(d.id));
    box.append(b);
  }
  box.querySelector(".desk-choice.closed")?.focus();
  reportLayout();
}

function drawQueue() {
  const q = view.queue;
  $("waiting").textContent = q.waiting;
  $("longest").textContent = q.waiting ? duration(q.longest_wait) : "—";
  const list = $("next");
  list.replaceChildren();
  if (!q.next || !q.next.length) {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = i18n.t("none_waiting");
    list.append(li);
  }
  for (const t of q.next || []) {
    const li = document.createElement("li");
    li.innerHTML = `<b class="code"></b><span></span>`;
    li.querySelector("b").textContent = t.number;
    li.querySelector("span").textContent = t.desk ? i18n.t("for_this_desk") : t.officer ? i18n.t("for_you") : serviceName(t.service);
    if (t.lane !== "normal") li.classList.add("priority");
    list.append(li);
  }
}

// drawParked lists the visitors parked at this desk, each with a button to
// serve them again; it redraws only on a change, to keep the focus.
let parkedDrawn = "";
function drawParked() {
  const free = !view.ticket && view.desk.state === "open";
  const key = i18n.lang + free + JSON.stringify(view.parked.map((t) => t.id));
  if (key === parkedDrawn) return;
  parkedDrawn = key;
  $("parked-box").classList.toggle("hidden", !view.parked.length);
  const list = $("parked");
  list.replaceChildren();
  for (const t of view.parked) {
    const li = document.createElement("li");
    li.innerHTML = `<b class="code"></b><span></span><button class="resume"></button>`;
    li.querySelector("b").textContent = t.number;
    li.querySelector("span").textContent = i18n.t("parked_since", { time: i18n.time(t.parked_at) });
    const b = li.querySelector("button");
    b.id = "resume-" + t.number;
    b.textContent = i18n.t("resume_visitor");
    b.disabled = !free;
    b.onclick = () => act(() => go().ResumeParked(t.id));
    list.append(li);
  }
}

// parkOrResume parks the visitor being served, or, with the desk free,
// serves the longest-parked visitor again.
function parkOrResume() {
  if (!view || !view.desk) return;
  if (view.ticket && view.ticket.state === "serving") return act(() => go().TicketAction("ticket.park"));
  if (!view.ticket && view.parked.length) return act(() => go().ResumeParked(view.parked[0].id));
}

// ---- the officer's figures, the open cases, earlier cases ----
async function loadToday() {
  if (!view || !view.desk) return;
  try {
    const d = await go().Today();
    $("my-served").textContent = d.served;
    $("my-no-shows").textContent = d.no_shows;
    $("my-service").textContent = d.served ? duration(d.avg_service_seconds) : "—";
    $("my-wait").textContent = d.served + d.no_shows ? duration(d.avg_wait_seconds) : "—";
  } catch { /* offline: the banner says so; the figures come back with the hub */ }
}

function timeLeft(v) {
  if (!v.target) return ["—", ""];
  const left = duration(v.target.left);
  return v.target.overdue ? [i18n.t("overdue", { left }), "late"] : [i18n.t("left", { left }), "on-time"];
}

function caseRow(v, last) {
  const c = v.case;
  const tr = document.createElement("tr");
  // A row opens its case: a click, or Enter on the focused row.
  tr.tabIndex = 0;
  tr.className = "open";
  tr.dataset.case = c.number;
  tr.addEventListener("click", () => openCase(c.number));
  tr.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); openCase(c.number); }
  });
  for (let i = 0; i < 5; i++) tr.append(document.createElement("td"));
  tr.children[0].innerHTML = `<bdi class="code"></bdi>`;
  tr.children[0].firstChild.textContent = c.number;
  tr.children[1].textContent = serviceName(c.service);
  tr.children[2].textContent = i18n.t("case_" + c.status);
  tr.children[3].textContent = i18n.time(c.created_at, undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  if (last === "sla") {
    const [text, cls] = timeLeft(v);
    tr.children[4].textContent = text;
    if (cls) tr.classList.add(cls);
  } else tr.children[4].textContent = c.description || "";
  return tr;
}

async function loadOpenCases() {
  try {
    const list = await go().OpenCases();
    const body = $("open-cases-list");
    // A refresh (every 30 s) keeps the keyboard on the row it was on.
    const focused = body.contains(document.activeElement) ? document.activeElement.dataset.case : "";
    body.replaceChildren(...list.map((v) => caseRow(v, "sla")));
    if (focused) body.querySelector(`tr[data-case="${CSS.escape(focused)}"]`)?.focus();
    if (!list.length) {
      const tr = document.createElement("tr");
      tr.innerHTML = `<td colspan="5" class="muted"></td>`;
      tr.firstChild.textContent = i18n.t("none_open");
      body.append(tr);
    }
    reportLayout();
  } catch (err) {
    showError(err);
  }
}

async function toggleOpenCases() {
  const box = $("open-cases");
  box.classList.toggle("hidden");
  if (!box.classList.contains("hidden")) {
    await loadOpenCases();
    box.scrollIntoView({ block: "nearest" });
    const first = $("open-cases-list").querySelector("tr[tabindex]");
    if (first) first.focus();
  }
}

function openCase(number) {
  pickedCase = number;
  caseNumber = ""; // draw it afresh, also when it is already on screen
  draw();
}

async function lookup() {
  try {
    clearError();
    const list = await go().FindCases($("lookup-query").value);
    $("lookup-results").replaceChildren(...list.map((v) => caseRow(v, "description")));
    const first = $("lookup-results").querySelector("tr[tabindex]");
    if (first) first.focus();
    $("lookup-table").classList.toggle("hidden", !list.length);
    $("lookup-none").classList.toggle("hidden", list.length > 0);
    reportLayout();
  } catch (err) {
    showError(err);
  }
}

// ---- the case ----
function option(value, text) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  return o;
}

// loadCase is not an action: it runs while an action redraws the screen.
async function loadCase(number) {
  try {
    drawCase(await go().Case(number));
  } catch (err) {
    showError(err);
  }
}

function drawCase(v) {
  if (!v || !v.case) return;
  const c = v.case;
  $("case-number").textContent = c.number;
  $("case-status").textContent = i18n.t("case_" + c.status);
  const sla = $("case-sla");
  if (v.target) {
    const left = duration(v.target.left);
    sla.textContent = v.target.overdue ? i18n.t("sla_overdue", { left }) : i18n.t("sla_" + v.target.kind, { left });
    sla.className = "pill " + (v.target.overdue ? "late" : "on-time");
    sla.classList.remove("hidden");
  } else sla.classList.add("hidden");

  drawReturned(c);
  drawTimeline(c);
  if (formDirty) {
    // The officer's unsaved choices and text stay; after a language
    // switch they are drawn again in the other language.
    if (choicesLang !== i18n.lang) drawChoices($("case-service").value, $("case-category").value, formDetails());
    reportLayout();
    return;
  }
  drawChoices(c.service, c.category, c.details || {});
  $("case-description").value = c.description || "";
  const loc = c.location || {};
  $("case-district").value = loc.district || "";
  $("case-street").value = loc.street || "";
  $("case-landmark").value = loc.landmark || "";
  reportLayout();
}

// drawChoices draws the service and category selects and the service's
// own fields in the page's language, with the given values chosen.
let choicesLang = "";
function drawChoices(service, category, details) {
  choicesLang = i18n.lang;
  $("case-service").replaceChildren(...catalogue.services.map((s) => option(s.code, i18n.pick(s.name))));
  $("case-service").value = service;
  $("case-category").replaceChildren(...catalogue.categories.map((g) => option(g.code, i18n.pick(g.name))));
  $("case-category").value = category;
  drawFields(details);
}

// drawReturned marks a case a department sent back to the front office
// (its last move between them was a return), naming the department.
function drawReturned(c) {
  const moves = (c.timeline || []).filter((e) => e.kind === "referred" || e.kind === "returned");
  const last = moves[moves.length - 1];
  const returned = !!last && last.kind === "returned" && !c.department;
  const d = returned && (catalogue.departments || []).find((x) => x.code === last.department);
  $("case-returned").textContent = returned ? i18n.t("case_returned", { department: d ? i18n.pick(d.name) : last.department }) : "";
  $("case-returned").classList.toggle("hidden", !returned);
}

function drawTimeline(c) {
  const tl = $("timeline");
  tl.replaceChildren();
  for (const e of c.timeline || []) {
    const li = document.createElement("li");
    li.innerHTML = `<time></time> <b></b> <span></span>`;
    li.querySelector("time").textContent = i18n.time(e.at);
    li.querySelector("b").textContent = i18n.t("entry_" + e.kind);
    li.querySelector("span").textContent = e.text || "";
    if (!e.public) {
      // Marked in words: the app's fonts have no emoji.
      const tag = document.createElement("small");
      tag.className = "internal-tag";
      tag.textContent = i18n.t("internal_tag");
      li.querySelector("b").after(" ", tag);
      li.classList.add("internal");
    }
    tl.append(li);
  }
}

function drawFields(values) {
  const svc = catalogue.services.find((s) => s.code === $("case-service").value);
  const box = $("case-fields");
  box.replaceChildren();
  for (const f of (svc && svc.fields) || []) {
    const label = document.createElement("label");
    const name = document.createElement("span");
    name.textContent = i18n.pick(f.name) + (f.required ? " *" : "");
    let input;
    if (f.kind === "choice") {
      input = document.createElement("select");
      input.append(option("", i18n.t("choose")), ...f.choices.map((ch) => option(ch.ar, i18n.pick(ch))));
    } else if (f.kind === "date") {
      // A text field: an empty date input shows today's date in grey,
      // which reads like a value.
      input = document.createElement("input");
      input.dir = "ltr";
      input.className = "code";
      input.placeholder = "YYYY-MM-DD";
      input.pattern = "\\d{4}-\\d{2}-\\d{2}";
    } else {
      input = document.createElement("input");
      input.type = f.kind === "number" ? "number" : "text";
    }
    input.id = "field-" + f.code;
    input.dataset.field = f.code;
    input.value = values[f.code] || "";
    label.append(name, input);
    box.append(label);
  }
}

function formDetails() {
  const details = {};
  document.querySelectorAll("#case-fields [data-field]").forEach((el) => { details[el.dataset.field] = el.value; });
  return details;
}

function caseForm() {
  const details = formDetails();
  return {
    case: caseNumber, service: $("case-service").value, category: $("case-category").value,
    description: $("case-description").value, district: $("case-district").value,
    street: $("case-street").value, landmark: $("case-landmark").value, details,
  };
}

function caseAct(kind, extra) {
  return act(async () => {
    const v = await go().CaseAct({ kind, case: caseNumber, text: $("case-text").value, ...(extra || {}) });
    $("case-text").value = "";
    drawCase(v);
    if (!$("open-cases").classList.contains("hidden")) loadOpenCases(); // its status, its time left
  });
}

// ---- dialogs ----
const reasonName = (r) => (["prayer", "break"].includes(r) ? i18n.t("reason_" + r) : r);

// ask shows the dialog with fields and resolves with their values, or null.
function ask(title, fields) {
  const dlg = $("dialog");
  $("dialog-title").textContent = i18n.t(title);
  const body = $("dialog-body");
  body.replaceChildren();
  for (const f of fields) {
    const label = document.createElement("label");
    const span = document.createElement("span");
    span.textContent = i18n.t(f.label);
    let input;
    if (f.options) {
      input = document.createElement("select");
      input.append(...f.options.map(([v, t]) => option(v, t)));
    } else {
      input = document.createElement("input");
      input.type = f.type || "text";
      input.required = !!f.required;
    }
    input.id = "dialog-" + f.name;
    input.value = f.value ?? input.value;
    label.append(span, input);
    body.append(label);
  }
  return new Promise((resolve) => {
    dlg.onclose = () => {
      if (dlg.returnValue !== "ok") return resolve(null);
      const out = {};
      for (const f of fields) out[f.name] = $("dialog-" + f.name).value;
      resolve(out);
    };
    dlg.returnValue = "";
    dlg.showModal();
    body.querySelector("input, select")?.focus();
  });
}

async function pauseOrResume() {
  if (!view || !view.desk) return;
  if (view.desk.state === "paused") return act(() => go().Reopen());
  const a = await ask("pause", [{ name: "reason", label: "reason", options: [["prayer", i18n.t("reason_prayer")], ["break", i18n.t("reason_break")]] }]);
  if (a) act(() => go().Pause(a.reason));
}

async function transfer() {
  if (!view || !view.ticket) return;
  const desks = view.branch.desks.filter((d) => d.id !== view.desk.id)
    .map((d) => ["desk:" + d.id, i18n.t("to_desk", { desk: i18n.pick(d.name) })]);
  // The officers at the other desks now; the visitor waits for that
  // officer, whichever desk they move to.
  const officers = view.desks.filter((d) => d.state !== "closed" && d.officer && d.id !== view.desk.id)
    .map((d) => ["officer:" + d.officer, i18n.t("to_officer", { name: d.officer_name || d.officer })]);
  const a = await ask("transfer", [
    { name: "to", label: "transfer_to", options: [[":", i18n.t("back_to_queue")], ...desks, ...officers] },
    { name: "note", label: "transfer_note" },
  ]);
  if (!a) return;
  const [kind, to] = a.to.split(":");
  act(() => go().Transfer(kind === "desk" ? to : "", kind === "officer" ? to : "", a.note));
}

// anotherCase opens a further case for the visitor being served: the same
// visit, another service, its own number and access code.
async function anotherCase() {
  if (!view || !view.ticket || view.ticket.state !== "serving") return;
  const services = catalogue.services.map((s) => [s.code, i18n.pick(s.name)]);
  const a = await ask("another_case", [
    { name: "service", label: "service", options: services },
    { name: "description", label: "another_case_description" },
  ]);
  if (!a) return;
  const out = await act(() => go().OpenCase(a.service, a.description));
  if (!out) return;
  const box = $("notice");
  box.textContent = i18n.t("another_case_opened", { case: out.case, code: out.access_code });
  box.classList.remove("hidden");
  openCase(out.case);
}

async function requestInfo() {
  const a = await ask("request_info", [{ name: "days", label: "deadline_days", type: "number", value: "7", required: true }]);
  if (a) caseAct("request_info", { deadline: new Date(Date.now() + Number(a.days) * 86400000).toISOString() });
}

async function refer() {
  // Only a department of the catalogue: the hub refuses any other.
  const departments = (catalogue.departments || []).map((d) => [d.code, i18n.pick(d.name)]);
  const a = await ask("refer", [{ name: "department", label: "department", options: departments }]);
  if (a) caseAct("refer", { department: a.department });
}

async function closeCase() {
  const reasons = ["resolved", "duplicate", "withdrawn", "no_reply"].map((r) => [r, i18n.t("close_" + r)]);
  const a = await ask("close_case", [{ name: "reason", label: "close_reason", options: reasons }]);
  if (a) caseAct("close", { reason: a.reason });
}

// ---- wiring ----
const ticket = (typ) => () => act(() => go().TicketAction(typ));
const handlers = {
  "call-next": () => act(() => go().CallNext()),
  recall: ticket("ticket.recall"),
  serve: ticket("ticket.serve"),
  "no-show": ticket("ticket.no_show"),
  complete: ticket("ticket.complete"),
  transfer,
  "another-case": anotherCase,
  park: parkOrResume,
  "open-cases-toggle": toggleOpenCases,
  pause: pauseOrResume,
  reopen: pauseOrResume,
  "close-desk": () => act(() => go().CloseDesk()),
  "case-respond": () => caseAct("respond"),
  "case-note": () => caseAct("note"),
  "case-resolve": () => caseAct("resolve"),
  "case-request": requestInfo,
  "case-refer": refer,
  "case-close": closeCase,
};
for (const [id, f] of Object.entries(handlers)) $(id).addEventListener("click", (e) => { e.preventDefault(); f(); });

const keys = { F2: "call-next", F3: "recall", F4: "serve", F6: "no-show", F7: "transfer", F8: "complete", F9: "pause" };
document.addEventListener("keydown", (e) => {
  if ($("dialog").open) return;
  const id = keys[e.key];
  if (id && !$("work").classList.contains("hidden")) {
    e.preventDefault();
    if (!$(id).disabled) handlers[id]();
  } else if (e.key === "F10" && !$("work").classList.contains("hidden")) {
    e.preventDefault(); // also keeps the toolkit from opening a menu
    parkOrResume();
  } else if (e.altKey && e.code === "KeyN" && !$("work").classList.contains("hidden")) {
    e.preventDefault();
    if (!$("another-case").disabled) anotherCase();
  } else if (e.altKey && e.code === "KeyO" && !$("work").classList.contains("hidden")) {
    e.preventDefault();
    toggleOpenCases();
  } else if (e.altKey && e.code === "KeyF" && !$("work").classList.contains("hidden")) {
    e.preventDefault();
    $("lookup-query").focus();
    $("lookup-query").select();
  } else if (e.altKey && e.code === "KeyD" && !$("work").classList.contains("hidden")) {
    e.preventDefault();
    if (!$("close-desk").disabled) handlers["close-desk"]();
  } else if (e.altKey && e.code === "KeyQ" && !$("signout").classList.contains("hidden")) {
    e.preventDefault();
    signOut();
  } else if (e.ctrlKey && e.code === "KeyS" && caseNumber) {
    e.preventDefault();
    $("case-form").requestSubmit();
  } else if (e.ctrlKey && e.key === "Enter" && caseNumber) {
    e.preventDefault();
    caseAct("respond");
  } else if (e.altKey && e.code === "KeyR" && caseNumber) {
    e.preventDefault();
    $("case-text").focus();
  } else if (e.altKey && e.code === "KeyL") {
    e.preventDefault();
    toggleLang();
  }
});

$("case-service").addEventListener("change", () => drawFields({}));
$("case-form").addEventListener("input", () => { formDirty = true; });
$("case-form").addEventListener("change", () => { formDirty = true; });
$("lookup").addEventListener("submit", (e) => { e.preventDefault(); lookup(); });
// Services that ask for the district among their own details get it
// from the location, so the officer types it once.
$("case-district").addEventListener("change", () => {
  const f = $("field-district");
  if (f && !f.value) f.value = $("case-district").value;
});
$("case-form").addEventListener("submit", (e) => {
  e.preventDefault();
  act(async () => {
    const v = await go().SaveCase(caseForm());
    formDirty = false;
    drawCase(v);
  });
});

$("signin-form").addEventListener("submit", (e) => {
  e.preventDefault();
  act(async () => {
    await go().SignIn($("hub").value, $("username").value, $("password").value);
    $("password").value = "";
    catalogue = await go().Catalogue();
  });
});

$("case-dismiss").addEventListener("click", () => { pickedCase = ""; draw(); });

const signOut = () => act(async () => {
  await go().SignOut();
  view = null;
  catalogue = null;
  caseNumber = pickedCase = servingCase = "";
  show("signin");
});
$("signout").addEventListener("click", signOut);

// The window's title follows the language, like the page.
i18n.onChange(() => {
  document.title = i18n.t("app");
  window.runtime?.WindowSetTitle(i18n.t("app"));
});

function toggleLang() {
  i18n.set(i18n.lang === "ar" ? "en" : "ar");
  parkedDrawn = "";
  draw();
  if (caseNumber) loadCase(caseNumber);
  loadToday();
  if (!$("open-cases").classList.contains("hidden")) loadOpenCases();
}
$("lang").addEventListener("click", toggleLang);

async function start() {
  i18n.set("ar");
  // Opened in a plain browser (development, the accessibility test) there
  // is no Go side: the sign-in screen only.
  if (!window.go) {
    show("signin");
    return;
  }
  $("hub").value = await go().Hub();
  let signedIn = false;
  try { signedIn = await go().Start(); } catch (err) { showError(err); }
  if (!signedIn) {
    show("signin");
    $("username").focus();
  } else {
    catalogue = await go().Catalogue();
    await refresh();
    loadToday();
  }
  setInterval(() => { if (catalogue) refresh(); }, 500);
  setInterval(() => {
    if (!catalogue) return;
    loadToday();
    if (!$("open-cases").classList.contains("hidden")) loadOpenCases();
  }, 30000);
}
start();
