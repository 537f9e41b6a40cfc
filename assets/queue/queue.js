// The virtual queue page: /queue/{branch}. Take a ticket with a mobile
// number, then follow it (refreshed every 15 s), show its QR code at the
// kiosk, or cancel it. The ticket id and access code live in the address
// (?ticket=…&code=…), so a reload or the QR code opened on a phone shows it.
import { i18n } from "../shared/i18n.js";

i18n.add({
  ar: {
    app: "شامل", take_title: "خذ رقمك قبل الوصول",
    take_help: "احجز مكانك في طابور اليوم، وعند وصولك امسح الرمز في جهاز الفرع.",
    service: "الخدمة", phone: "رقم الجوال", take: "خذ رقماً",
    off: "هذا الفرع لا يصدر تذاكر عن بُعد. خذ تذكرتك من جهاز الفرع.",
    your_number: "رقمك", ahead: "أمامك", wait: "الانتظار المتوقع",
    minutes: "{n} دقيقة", now: "الآن",
    scan_help: "عند وصولك امسح هذا الرمز في جهاز الفرع ليبدأ دورك.",
    case: "رقم المعاملة", track: "متابعة المعاملة", cancel: "إلغاء التذكرة",
    confirm_cancel: "هل تريد إلغاء التذكرة؟",
    st_remote: "لم تسجّل حضورك بعد: مكانك محفوظ.", st_waiting: "سُجّل حضورك: انتظر النداء.",
    st_called: "حان دورك: توجّه إلى المكتب {desk}", st_serving: "تتم خدمتك في المكتب {desk}.",
    st_parked: "تتم خدمتك في المكتب {desk}.",
    st_done: "انتهت الزيارة. شكراً لك.", st_no_show: "نودي رقمك ولم تحضر.",
    st_cancelled: "أُلغيت التذكرة.", expired: "انتهت صلاحية التذكرة: كانت ليوم آخر.",
    near: "اقترب دورك: {n} أمامك فقط. توجّه إلى الفرع.", near_zero: "أنت التالي! توجّه إلى الفرع.",
    pick_service: "اختر الخدمة", network: "تعذّر الاتصال. تحقق من الشبكة وحاول مجدداً."
  },
  en: {
    app: "Shamil", take_title: "Take your number before you arrive",
    take_help: "Keep your place in today's queue; when you arrive, scan the code at the branch kiosk.",
    service: "Service", phone: "Mobile number", take: "Take a number",
    off: "This branch does not take tickets remotely. Take your ticket at the branch kiosk.",
    your_number: "Your number", ahead: "Ahead of you", wait: "Estimated wait",
    minutes: "{n} min", now: "now",
    scan_help: "When you arrive, scan this code at the branch kiosk to join the queue.",
    case: "Case number", track: "Track the case", cancel: "Cancel the ticket",
    confirm_cancel: "Cancel the ticket?",
    st_remote: "Not checked in yet: your place is kept.", st_waiting: "Checked in: wait to be called.",
    st_called: "Your turn: go to desk {desk}", st_serving: "Being served at desk {desk}.",
    st_parked: "Being served at desk {desk}.",
    st_done: "Visit finished. Thank you.", st_no_show: "Your number was called but you did not come.",
    st_cancelled: "The ticket is cancelled.", expired: "This ticket has expired: it was for another day.",
    near: "Your turn is near: only {n} ahead. Head to the branch.", near_zero: "You are next! Head to the branch.",
    pick_service: "Choose a service", network: "Could not connect. Check the network and try again."
  }
});

const $ = (id) => document.getElementById(id);
const branch = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] || "");
const params = new URLSearchParams(location.search);
let form = null, current = null, timer = null;
const requestID = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());

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

function renderForm() {
  if (!form) return;
  $("branch").textContent = i18n.pick(form.branch.name);
  const box = $("services");
  box.querySelectorAll(".service").forEach((n) => n.remove());
  for (const s of form.services) {
    const label = document.createElement("label");
    label.className = "service";
    const input = document.createElement("input");
    input.type = "radio"; input.name = "service"; input.value = s.code;
    const span = document.createElement("span");
    span.textContent = i18n.pick(s.name);
    label.append(input, span);
    box.append(label);
  }
}

function render() {
  renderForm();
  if (!current) return;
  const t = current.ticket;
  $("take").classList.add("hidden");
  $("ticket").classList.remove("hidden");
  $("number").textContent = t.number;
  $("case").textContent = t.case;
  $("track").href = "/track?" + new URLSearchParams({ case: t.case, code: params.get("code") });
  const open = t.state === "remote" || t.state === "waiting";
  $("state").textContent = current.expired ? i18n.t("expired") : i18n.t("st_" + t.state, { desk: t.desk || "" });
  $("ahead").textContent = open && !current.expired ? String(current.ahead) : "–";
  const mins = Math.round((current.estimated_wait || 0) / 60);
  $("wait").textContent = open && !current.expired ? (mins > 0 ? i18n.t("minutes", { n: mins }) : i18n.t("now")) : "–";
  const near = open && !current.expired && current.ahead <= current.near_ahead;
  $("near").textContent = current.ahead === 0 ? i18n.t("near_zero") : i18n.t("near", { n: current.ahead });
  $("near").classList.toggle("hidden", !near);
  $("checkin").classList.toggle("hidden", t.state !== "remote" || !!current.expired);
  $("cancel").classList.toggle("hidden", !open || !!current.expired);
}

async function refresh() {
  const id = params.get("ticket"), code = params.get("code");
  try {
    current = await call("GET", "/api/v1/remote-tickets/" + encodeURIComponent(id) + "?code=" + encodeURIComponent(code));
    if (!$("qr").src) $("qr").src = "/api/v1/remote-tickets/" + encodeURIComponent(id) + "/qr.svg?code=" + encodeURIComponent(code);
    showError(null);
    render();
  } catch (e) { showError(e); }
}

function follow() {
  refresh();
  clearInterval(timer);
  timer = setInterval(refresh, 15000);
}

$("take").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const chosen = document.querySelector("input[name=service]:checked");
  if (!chosen) { showError("pick_service"); return; }
  $("take-btn").disabled = true;
  try {
    const out = await call("POST", "/api/v1/branches/" + encodeURIComponent(branch) + "/remote-tickets",
      { service: chosen.value, phone: $("phone").value.trim(), lang: i18n.lang, request_id: requestID });
    params.set("ticket", out.ticket.id);
    params.set("code", out.access_code);
    history.replaceState(null, "", location.pathname + "?" + params);
    follow();
  } catch (e) { showError(e); }
  $("take-btn").disabled = false;
});

$("cancel").addEventListener("click", async () => {
  if (!confirm(i18n.t("confirm_cancel"))) return;
  try {
    await call("POST", "/api/v1/remote-tickets/" + encodeURIComponent(params.get("ticket")) + "/cancel", { code: params.get("code") });
    refresh();
  } catch (e) { showError(e); }
});

$("lang").addEventListener("click", () => { i18n.set(i18n.lang === "ar" ? "en" : "ar"); render(); });

async function start() {
  i18n.set("ar");
  try {
    form = await call("GET", "/api/v1/branches/" + encodeURIComponent(branch) + "/remote-tickets/form");
  } catch (e) { showError(e); return; }
  renderForm();
  if (params.get("ticket") && params.get("code")) { follow(); return; }
  $(form.enabled ? "take" : "off").classList.remove("hidden");
}
start();
