// The appointments page: /book/{branch}. Choose a service and a free slot
// of the coming days, give a mobile number, and get a booking with its QR
// code; change its time or cancel it later. The booking number and access
// code live in the address (?booking=…&code=…), so a reload or the QR code
// opened on a phone shows it.
import { i18n } from "../shared/i18n.js";

i18n.add({
  ar: {
    app: "شامل", book_title: "احجز موعداً لزيارتك",
    book_help: "اختر الخدمة والوقت، وعند وصولك امسح الرمز في جهاز الفرع.",
    service: "الخدمة", phone: "رقم الجوال", book: "احجز الموعد", when: "الموعد",
    off: "هذا الفرع لا يقبل حجز المواعيد. يمكنك أخذ تذكرة من جهاز الفرع.",
    pick_time: "اختر الوقت", closed: "الفرع مغلق", full: "محجوز بالكامل",
    your_booking: "رقم حجزك", scan_help: "عند وصولك امسح هذا الرمز في جهاز الفرع.",
    case: "رقم المعاملة", track: "متابعة المعاملة", change: "تغيير الموعد", confirm_change: "تأكيد الموعد الجديد",
    cancel: "إلغاء الموعد", confirm_cancel: "هل تريد إلغاء الموعد؟", again: "احجز موعداً جديداً",
    st_booked: "موعدك محجوز.", st_cancelled: "أُلغي الموعد.",
    pick_service: "اختر الخدمة", pick_slot: "اختر وقت الموعد", hijri: "هـ",
    network: "تعذّر الاتصال. تحقق من الشبكة وحاول مجدداً."
  },
  en: {
    app: "Shamil", book_title: "Book a time for your visit",
    book_help: "Choose the service and the time; when you arrive, scan the code at the branch kiosk.",
    service: "Service", phone: "Mobile number", book: "Book", when: "Time",
    off: "This branch does not take appointments. You can take a ticket at the branch kiosk.",
    pick_time: "Choose a time", closed: "Closed", full: "Fully booked",
    your_booking: "Your booking number", scan_help: "When you arrive, scan this code at the branch kiosk.",
    case: "Case number", track: "Track the case", change: "Change the time", confirm_change: "Confirm the new time",
    cancel: "Cancel the appointment", confirm_cancel: "Cancel the appointment?", again: "Book a new appointment",
    st_booked: "Your appointment is booked.", st_cancelled: "The appointment is cancelled.",
    pick_service: "Choose a service", pick_slot: "Choose a time", hijri: "AH",
    network: "Could not connect. Check the network and try again."
  }
});

const $ = (id) => document.getElementById(id);
const branch = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] || "");
const params = new URLSearchParams(location.search);
let form = null, current = null, days = null, day = null, chosen = null;
let requestID = newRequestID();

function newRequestID() { return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random(); }

function showError(e) {
  const box = $("error");
  if (!e) { box.classList.add("hidden"); return; }
  box.textContent = typeof e === "string" ? i18n.t(e) : i18n.lang === "ar" ? e.message_ar || e.message : e.message || e.message_ar;
  box.classList.remove("hidden");
}

async function call(method, path, body) {
  let res;
  try {
    res = await fetch(path, { method, headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined, cache: "no-store" });
  } catch (_) { throw "network"; }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw data.error || "network";
  return data;
}

const zone = () => (form && form.branch.time_zone) || "Asia/Riyadh";
const dayName = (iso) => i18n.time(iso, zone(), { weekday: "long", day: "numeric", month: "long" });
const clockOf = (iso) => i18n.time(iso, zone());
const serviceName = (code) => i18n.pick(((form && form.services) || []).find((s) => s.code === code)?.name) || code;

function renderServices() {
  $("branch").textContent = i18n.pick(form.branch.name);
  const box = $("services");
  const picked = document.querySelector("input[name=service]:checked")?.value;
  box.querySelectorAll(".service").forEach((n) => n.remove());
  for (const s of form.services) {
    const label = document.createElement("label");
    label.className = "service";
    const input = document.createElement("input");
    input.type = "radio"; input.name = "service"; input.value = s.code; input.checked = s.code === picked;
    input.addEventListener("change", () => loadSlots(s.code, "book-slots"));
    const span = document.createElement("span");
    span.textContent = i18n.pick(s.name);
    label.append(input, span);
    box.append(label);
  }
}

// renderSlots draws the days as a row of choices and the chosen day's
// slots into box; a tap chooses a slot.
function renderSlots(box) {
  box.replaceChildren();
  if (!days) return;
  if (!days.some((d) => d.date === day)) day = (days.find((d) => d.slots.some((s) => s.free > 0)) || days[0] || {}).date;
  const title = document.createElement("p");
  title.className = "label";
  title.textContent = i18n.t("pick_time");
  const row = document.createElement("div");
  row.className = "days";
  for (const d of days) {
    const b = document.createElement("button");
    b.type = "button"; b.className = "day-choice"; b.dataset.date = d.date;
    const name = document.createElement("span");
    name.textContent = dayName(d.date + "T12:00:00Z");
    const hijri = document.createElement("span");
    hijri.className = "hijri code";
    hijri.textContent = d.hijri + " " + i18n.t("hijri");
    b.append(name, hijri);
    b.setAttribute("aria-pressed", String(d.date === day));
    b.addEventListener("click", () => { day = d.date; renderSlots(box); });
    row.append(b);
  }
  box.append(title, row);
  const d = days.find((x) => x.date === day);
  if (!d) return;
  if (d.slots.length === 0) {
    const p = document.createElement("p");
    p.className = "closed";
    p.textContent = i18n.t("closed");
    box.append(p);
    return;
  }
  const grid = document.createElement("div");
  grid.className = "slots";
  for (const s of d.slots) {
    const b = document.createElement("button");
    b.type = "button"; b.className = "slot code"; b.dataset.start = s.start;
    b.textContent = clockOf(s.start);
    b.disabled = s.free <= 0;
    if (b.disabled) b.title = i18n.t("full");
    b.setAttribute("aria-pressed", String(s.start === chosen));
    b.addEventListener("click", () => { chosen = s.start; renderSlots(box); });
    grid.append(b);
  }
  box.append(grid);
}

async function loadSlots(service, boxID) {
  chosen = null;
  try {
    const out = await call("GET", "/api/v1/branches/" + encodeURIComponent(branch) + "/bookings/slots?service=" + encodeURIComponent(service));
    days = out.days;
    showError(null);
  } catch (e) { showError(e); return; }
  $(boxID).classList.remove("hidden");
  renderSlots($(boxID));
}

function renderBooking() {
  const b = current;
  $("book").classList.add("hidden");
  $("booking").classList.remove("hidden");
  $("number").textContent = b.id;
  $("svc").textContent = serviceName(b.service);
  $("when").textContent = dayName(b.slot) + " " + clockOf(b.slot);
  $("case").textContent = b.case;
  $("track").href = "/track?" + new URLSearchParams({ case: b.case, code: params.get("code") });
  $("state").textContent = i18n.t("st_" + b.state);
  const active = b.state === "booked";
  $("checkin").classList.toggle("hidden", !active);
  $("actions").classList.toggle("hidden", !active);
  $("again").classList.toggle("hidden", active);
  if (active) {
    // A new image each time: the QR code stays the same, but a change
    // must not show a stale one.
    $("qr").src = "/api/v1/bookings/" + encodeURIComponent(b.id) + "/qr.svg?code=" + encodeURIComponent(params.get("code")) + "&t=" + encodeURIComponent(b.slot);
  }
}

function render() {
  if (form) renderServices();
  if (current) renderBooking();
  renderSlots($(current ? "change-slots" : "book-slots"));
}

async function show() {
  try {
    current = await call("GET", "/api/v1/bookings/" + encodeURIComponent(params.get("booking")) + "?code=" + encodeURIComponent(params.get("code")));
    showError(null);
    days = null;
    $("change-box").classList.add("hidden");
    render();
  } catch (e) { showError(e); }
}

$("book").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const service = document.querySelector("input[name=service]:checked");
  if (!service) { showError("pick_service"); return; }
  if (!chosen) { showError("pick_slot"); return; }
  $("book-btn").disabled = true;
  try {
    const out = await call("POST", "/api/v1/branches/" + encodeURIComponent(branch) + "/bookings",
      { service: service.value, slot: chosen, phone: $("phone").value.trim(), lang: i18n.lang, request_id: requestID });
    params.set("booking", out.booking.id);
    params.set("code", out.access_code);
    history.replaceState(null, "", location.pathname + "?" + params);
    await show();
  } catch (e) { showError(e); }
  $("book-btn").disabled = false;
});

$("change").addEventListener("click", () => {
  $("change-box").classList.remove("hidden");
  loadSlots(current.service, "change-slots");
});

$("change-btn").addEventListener("click", async () => {
  if (!chosen) { showError("pick_slot"); return; }
  try {
    await call("POST", "/api/v1/bookings/" + encodeURIComponent(current.id) + "/change", { code: params.get("code"), slot: chosen });
    await show();
  } catch (e) { showError(e); }
});

$("cancel").addEventListener("click", async () => {
  if (!confirm(i18n.t("confirm_cancel"))) return;
  try {
    await call("POST", "/api/v1/bookings/" + encodeURIComponent(current.id) + "/cancel", { code: params.get("code") });
    await show();
  } catch (e) { showError(e); }
});

$("again").addEventListener("click", () => {
  current = null; days = null; chosen = null; requestID = newRequestID();
  history.replaceState(null, "", location.pathname);
  params.delete("booking"); params.delete("code");
  $("booking").classList.add("hidden");
  $("book").classList.remove("hidden");
  $("book-slots").classList.add("hidden");
  document.querySelectorAll("input[name=service]").forEach((i) => { i.checked = false; });
});

$("lang").addEventListener("click", () => { i18n.set(i18n.lang === "ar" ? "en" : "ar"); render(); });

async function start() {
  i18n.set("ar");
  try {
    form = await call("GET", "/api/v1/branches/" + encodeURIComponent(branch) + "/bookings/form");
  } catch (e) { showError(e); return; }
  renderServices();
  if (params.get("booking") && params.get("code")) { show(); return; }
  $(form.enabled ? "book" : "off").classList.remove("hidden");
}
start();
