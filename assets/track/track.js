// The citizen's tracking page: a case number and access code in, the case's
// status and public timeline out, and the answer, reopen and rating forms
// when the case allows them. Every text from the hub is set with
// textContent, never parsed as HTML.
import { i18n } from "../shared/i18n.js";

i18n.add({
  ar: {
    app: "شامل · بلدية", title: "متابعة معاملتك",
    help: "أدخل رقم المعاملة ورمز الدخول المطبوعين على إيصالك.",
    show: "عرض المعاملة",
    service: "الخدمة", opened_on: "تاريخ الفتح", mobile: "الجوال", timeline: "سجل المعاملة",
    reply_title: "طلبنا منك معلومات", send: "إرسال الرد", reply_deadline: "يرجى الرد قبل {t}",
    rate_title: "قيّم الخدمة", send_rating: "إرسال التقييم", comment_optional: "تعليق (اختياري)",
    star: "{n} من 5",
    reopen_title: "لم تُحل مشكلتك؟", reopen_why: "اكتب لماذا تريد إعادة فتح المعاملة", reopen: "إعادة فتح المعاملة",
    reopen_until: "يمكنك إعادة فتحها عبر الموقع حتى {t}.",
    sent_reply: "وصل ردك إلى البلدية. شكراً لك.", sent_rating: "شكراً لتقييمك.", sent_reopen: "أُعيد فتح المعاملة.",
    need_both: "أدخل رقم المعاملة ورمز الدخول.", need_text: "اكتب نصاً أولاً.", need_stars: "اختر عدد النجوم.",
    too_long: "النص أطول من 4000 حرف.", offline: "تعذّر الاتصال. تحقق من الإنترنت وحاول مجدداً.",
    target_first: "أول رد خلال {n} {hours} عمل", target_first_met: "أول رد: {t}",
    target_resolution: "الحل المستهدف خلال {n} {hours} عمل",
    hours_few: "ساعات", hours_many: "ساعة",
    s_received: "استلمنا معاملتك، وستُراجع قريباً.",
    s_in_progress: "نعمل على معاملتك.",
    s_awaiting_citizen: "نحتاج منك معلومات لمتابعة معاملتك: أجب في الأسفل.",
    s_referred: "أُحيلت معاملتك إلى الإدارة المختصة، ويتابعها الفرع حتى تصلك الإجابة.",
    s_with_department: "معاملتك لدى {department}، وتتابعها حتى تصلك الإجابة.",
    s_awaiting_department: "معاملتك لدى {department}، وهي بانتظار ردك أدناه.",
    k_referred_to: "أُحيلت إلى {department}",
    overdue: "معاملتك متأخرة عن موعدها بـ{by}.", overdue_told: "معاملتك متأخرة عن موعدها بـ{by}، وقد أُبلغ رئيس الإدارة.",
    n_days: "{n} يوم", n_hours: "{n} ساعة",
    siblings_title: "معاملات أخرى من الزيارة نفسها", siblings_help: "لكل معاملة رمز دخول خاص بها، مطبوع على إيصالك.",
    s_resolved: "حُلّت معاملتك. اقرأ الرد في السجل أدناه.",
    s_closed: "أُغلقت معاملتك.",
    k_opened: "فُتحت المعاملة", k_served: "خُدمت في المكتب {desk}", k_updated: "حُدّثت بيانات المعاملة",
    k_info_request: "طلبت البلدية معلومات", k_citizen_reply: "ردك", k_response: "رد البلدية",
    k_referred: "أُحيلت إلى", k_resolved: "حُلّت المعاملة", k_closed: "أُغلقت المعاملة",
    k_reopened: "أُعيد فتح المعاملة", k_rated: "تقييمك", k_photos: "صورك",
    k_appointment_booked: "حُجز موعد", k_appointment_changed: "غُيّر الموعد", k_appointment_cancelled: "أُلغي الموعد", k_appointment_missed: "لم تحضر في موعدك",
    add_photos: "أرفق صوراً (اختياري)", photos_help: "حتى 3 صور من نوع JPEG أو PNG. حجم كل صورة 5 ميغابايت على الأكثر.",
    too_many_photos: "أرسل 3 صور على الأكثر.", photo_too_large: "إحدى الصور أكبر من 5 ميغابايت.",
    need_text_or_photo: "اكتب ردك أو أرفق صورة.", photo_alt: "صورة أرفقها المواطن",
    r_resolved: "تم الحل", r_no_reply: "لم يصل رد على طلب المعلومات", r_duplicate: "معاملة مكررة", r_withdrawn: "سُحبت",
  },
  en: {
    app: "Shamil · Municipality", title: "Track your case",
    help: "Enter the case number and access code printed on your receipt.",
    show: "Show the case",
    service: "Service", opened_on: "Opened", mobile: "Mobile", timeline: "Case history",
    reply_title: "We asked you for information", send: "Send my answer", reply_deadline: "Please answer before {t}",
    rate_title: "Rate the service", send_rating: "Send rating", comment_optional: "Comment (optional)",
    star: "{n} of 5",
    reopen_title: "Not solved?", reopen_why: "Tell us why you want the case reopened", reopen: "Reopen the case",
    reopen_until: "You can reopen it online until {t}.",
    sent_reply: "Your answer reached the municipality. Thank you.", sent_rating: "Thank you for your rating.",
    sent_reopen: "The case was reopened.",
    need_both: "Enter the case number and the access code.", need_text: "Write something first.",
    need_stars: "Choose how many stars.", too_long: "The text is longer than 4000 characters.",
    offline: "Could not connect. Check your internet connection and try again.",
    target_first: "First response within {n} working hours", target_first_met: "First response: {t}",
    target_resolution: "Resolution target: {n} working hours", hours_few: "", hours_many: "",
    s_received: "We received your case; it will be reviewed soon.",
    s_in_progress: "We are working on your case.",
    s_awaiting_citizen: "We need information from you to continue: please answer below.",
    s_referred: "Your case was referred to the department concerned; the branch follows it until you have an answer.",
    s_with_department: "Your case is with the {department}, who follow it until you have an answer.",
    s_awaiting_department: "Your case is with the {department}, waiting for your reply below.",
    k_referred_to: "Referred to the {department}",
    overdue: "Your case is overdue by {by}.", overdue_told: "Your case is overdue by {by}; the department head has been told.",
    n_days: "{n} days", n_hours: "{n} hours",
    siblings_title: "Other cases of the same visit", siblings_help: "Each has its own access code, printed on your receipt.",
    s_resolved: "Your case is resolved. Read the response in the history below.",
    s_closed: "Your case is closed.",
    k_opened: "Case opened", k_served: "Served at desk {desk}", k_updated: "Case details updated",
    k_info_request: "The municipality asked for information", k_citizen_reply: "Your answer",
    k_response: "The municipality's response", k_referred: "Referred to", k_resolved: "Case resolved",
    k_closed: "Case closed", k_reopened: "Case reopened", k_rated: "Your rating", k_photos: "Your photos",
    k_appointment_booked: "Appointment booked", k_appointment_changed: "Appointment changed", k_appointment_cancelled: "Appointment cancelled", k_appointment_missed: "Appointment missed",
    add_photos: "Add photos (optional)", photos_help: "Up to 3 JPEG or PNG photos, 5 MB each.",
    too_many_photos: "Send at most 3 photos.", photo_too_large: "A photo is larger than 5 MB.",
    need_text_or_photo: "Write your answer or add a photo.", photo_alt: "A photo the citizen sent",
    r_resolved: "Resolved", r_no_reply: "No answer to the request for information",
    r_duplicate: "Duplicate", r_withdrawn: "Withdrawn",
  },
});

const $ = (id) => document.getElementById(id);
const MAX_TEXT = 4000, MAX_PHOTOS = 3, MAX_PHOTO_BYTES = 5 << 20;
let current = null; // {number, code, view}
let shownError = null; // a key, or a hub error with message and message_ar
let notice = ""; // a key
let stars = 0;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function when(iso) {
  const zone = current && current.view.time_zone;
  return i18n.time(iso, zone, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

function hoursWord(n) {
  return i18n.t(n >= 3 && n <= 10 ? "hours_few" : "hours_many");
}

// Errors and notices.
function showError(e) {
  shownError = e;
  const box = $("error");
  if (!e) { box.classList.add("hidden"); return; }
  box.textContent = typeof e === "string" ? i18n.t(e) : i18n.lang === "ar" ? e.message_ar || e.message : e.message || e.message_ar;
  box.classList.remove("hidden");
}

function showNotice(key) {
  notice = key;
  $("done").textContent = key ? i18n.t(key) : "";
  $("done").classList.toggle("hidden", !key);
}

// call sends a request to the hub and returns the tracking view, or
// shows the hub's error and returns null.
async function call(method, path, body) {
  let res;
  const form = body instanceof FormData; // the browser sets its Content-Type
  try {
    res = await fetch(path, {
      method, cache: "no-store", referrerPolicy: "no-referrer",
      headers: body && !form ? { "Content-Type": "application/json" } : {},
      body: body && !form ? JSON.stringify(body) : body,
    });
  } catch (_) {
    showError("offline");
    return null;
  }
  let data = null;
  try { data = await res.json(); } catch (_) { /* not JSON: a proxy's page */ }
  if (!res.ok) {
    showError((data && data.error) || "offline");
    return null;
  }
  showError(null);
  return data;
}

function casePath(number, action) {
  return "/api/v1/cases/" + encodeURIComponent(number) + "/" + action;
}

async function lookup(number, code) {
  showNotice("");
  const view = await call("GET", casePath(number, "track") + "?code=" + encodeURIComponent(code));
  if (!view) { $("result").classList.add("hidden"); return; }
  current = { number: view.case.number, code, view };
  history.replaceState(null, "", "?case=" + encodeURIComponent(current.number) + "&code=" + encodeURIComponent(code));
  render();
}

async function act(action, body, doneKey) {
  if (body instanceof FormData) body.append("code", current.code);
  else body = Object.assign({ code: current.code }, body);
  const view = await call("POST", casePath(current.number, action), body);
  if (!view) return false;
  current.view = view;
  render();
  showNotice(doneKey);
  return true;
}

// Rendering the case.
function render() {
  if (!current) return;
  const v = current.view, c = v.case;
  $("result").classList.remove("hidden");
  $("lookup").classList.add("hidden");
  $("number").textContent = c.number;
  $("status").textContent = i18n.t("case_" + c.status);
  $("status").dataset.status = c.status;
  let sentence = i18n.t("s_" + c.status);
  const open = c.status !== "resolved" && c.status !== "closed";
  if (open && c.department && v.departments && v.departments[c.department])
    sentence = i18n.t(c.status === "awaiting_citizen" ? "s_awaiting_department" : "s_with_department",
      { department: i18n.pick(v.departments[c.department]) });
  if (c.status === "closed" && c.close_reason) sentence += " " + i18n.t("r_" + c.close_reason) + ".";
  $("sentence").textContent = sentence;
  $("service").textContent = [i18n.pick(v.service_name), i18n.pick(v.category_name)].filter(Boolean).join(" · ");
  $("created").textContent = when(c.created_at);
  $("phone").textContent = c.phone || "—";
  $("description").textContent = c.description || "";
  $("description").classList.toggle("hidden", !c.description);

  const targets = $("targets");
  targets.replaceChildren();
  if (c.first_reply_at) targets.append(el("li", "met", i18n.t("target_first_met", { t: when(c.first_reply_at) })));
  else if (v.first_response_hours) targets.append(el("li", "", i18n.t("target_first", { n: v.first_response_hours, hours: hoursWord(v.first_response_hours) })));
  if (v.resolution_hours && c.status !== "resolved" && c.status !== "closed")
    targets.append(el("li", "", i18n.t("target_resolution", { n: v.resolution_hours, hours: hoursWord(v.resolution_hours) })));
  if (v.overdue) {
    const days = Math.floor(v.overdue.by_seconds / 86400), hours = Math.floor(v.overdue.by_seconds / 3600);
    const by = days >= 1 ? i18n.t("n_days", { n: days }) : i18n.t("n_hours", { n: Math.max(1, hours) });
    targets.append(el("li", "late", i18n.t(v.overdue.head_told ? "overdue_told" : "overdue", { by })));
  }

  renderSiblings(v.siblings || []);
  renderReply(c);
  $("rating").classList.toggle("hidden", !v.can_rate);
  renderStars();
  $("reopen").classList.toggle("hidden", !v.reopen_until);
  if (v.reopen_until) $("reopen-until").textContent = i18n.t("reopen_until", { t: when(v.reopen_until) });
  renderTimeline(c.timeline || []);
}

// The other cases of the visit: number, service and status; their access
// codes are on the receipt, never here.
function renderSiblings(siblings) {
  $("siblings").classList.toggle("hidden", siblings.length === 0);
  $("sibling-list").replaceChildren(...siblings.map((s) => {
    const li = el("li");
    li.dataset.case = s.number;
    const status = el("span", "badge", i18n.t("case_" + s.status));
    status.dataset.status = s.status;
    li.append(el("bdi", "code", s.number), " ", el("span", "", i18n.pick(s.service_name)), " ", status);
    return li;
  }));
}

function renderReply(c) {
  const waiting = c.status === "awaiting_citizen";
  $("reply").classList.toggle("hidden", !waiting);
  if (!waiting) return;
  const asks = (c.timeline || []).filter((e) => e.kind === "info_request");
  $("question").textContent = asks.length ? asks[asks.length - 1].text || "" : "";
  $("deadline").textContent = c.info_deadline ? i18n.t("reply_deadline", { t: when(c.info_deadline) }) : "";
}

function renderStars() {
  const box = $("stars");
  box.replaceChildren();
  for (let n = 1; n <= 5; n++) {
    const b = el("button", n <= stars ? "star on" : "star", "★");
    b.type = "button";
    b.setAttribute("role", "radio");
    b.setAttribute("aria-checked", String(n === stars));
    b.setAttribute("aria-label", i18n.t("star", { n }));
    b.dataset.stars = String(n);
    b.addEventListener("click", () => { stars = n; renderStars(); });
    box.append(b);
  }
}

function entryTitle(e) {
  if (e.kind === "served") return i18n.t("k_served", { desk: e.desk || "" });
  const depts = current.view.departments || {};
  if (e.kind === "referred" && depts[e.department]) return i18n.t("k_referred_to", { department: i18n.pick(depts[e.department]) });
  return i18n.t("k_" + e.kind);
}

function entryText(e) {
  if (e.kind === "closed") return e.text ? i18n.t("r_" + e.text) : "";
  if (e.kind === "updated" || e.kind === "opened" || e.kind === "served") return "";
  return e.text || "";
}

function renderTimeline(entries) {
  const list = $("timeline");
  list.replaceChildren();
  // Newest first: the latest news is what the citizen came for.
  for (const e of entries.slice().reverse()) {
    const li = el("li", "entry");
    li.dataset.kind = e.kind;
    if (e.actor === "citizen") li.classList.add("mine");
    const head = el("div", "entry-head");
    head.append(el("strong", "", entryTitle(e)));
    const t = el("time", "", when(e.at));
    t.dateTime = e.at;
    head.append(t);
    li.append(head);
    const text = entryText(e);
    if (text) {
      const p = el("p", "entry-text", text);
      p.dir = "auto"; // the citizen's and the officer's own language
      li.append(p);
    }
    if (e.photos && e.photos.length) li.append(photoList(e.photos));
    list.append(li);
  }
}

function photoList(keys) {
  const box = el("div", "photos");
  for (const key of keys) {
    const src = casePath(current.number, "photos/" + encodeURIComponent(key)) + "?code=" + encodeURIComponent(current.code);
    const a = el("a");
    a.href = src;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    const img = el("img");
    img.src = src;
    img.alt = i18n.t("photo_alt");
    img.loading = "lazy";
    a.append(img);
    box.append(a);
  }
  return box;
}

// Forms.
function textOf(id) {
  const t = $(id).value.trim();
  if (!t) { showError("need_text"); return null; }
  if ([...t].length > MAX_TEXT) { showError("too_long"); return null; }
  return t;
}

function busy(form, f) {
  return async (ev) => {
    ev.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button.disabled) return;
    button.disabled = true;
    try { await f(); } finally { button.disabled = false; }
  };
}

$("lookup").addEventListener("submit", busy($("lookup"), async () => {
  const number = $("case").value.trim(), code = $("code").value.trim();
  if (!number || !code) { showError("need_both"); return; }
  await lookup(number, code);
}));

$("reply").addEventListener("submit", busy($("reply"), async () => {
  const text = $("reply-text").value.trim(), photos = [...$("reply-photos").files];
  if (!text && !photos.length) { showError("need_text_or_photo"); return; }
  if ([...text].length > MAX_TEXT) { showError("too_long"); return; }
  if (photos.length > MAX_PHOTOS) { showError("too_many_photos"); return; }
  if (photos.some((p) => p.size > MAX_PHOTO_BYTES)) { showError("photo_too_large"); return; }
  const body = new FormData();
  body.append("text", text);
  for (const p of photos) body.append("photos", p);
  if (await act("reply", body, "sent_reply")) { $("reply-text").value = ""; $("reply-photos").value = ""; }
}));

$("reopen").addEventListener("submit", busy($("reopen"), async () => {
  const text = textOf("reopen-text");
  if (text && await act("reopen", { text }, "sent_reopen")) $("reopen-text").value = "";
}));

$("rating").addEventListener("submit", busy($("rating"), async () => {
  if (!stars) { showError("need_stars"); return; }
  const comment = $("rating-comment").value.trim();
  if ([...comment].length > MAX_TEXT) { showError("too_long"); return; }
  if (await act("rating", { stars, comment }, "sent_rating")) { $("rating-comment").value = ""; stars = 0; }
}));

$("lang").addEventListener("click", () => i18n.set(i18n.lang === "ar" ? "en" : "ar"));
i18n.onChange(() => { render(); renderStars(); showError(shownError); showNotice(notice); });

// Start: the receipt's QR code opens /track?case=…&code=….
const params = new URLSearchParams(location.search);
i18n.set(params.get("lang") === "en" ? "en" : "ar");
renderStars();
const number = params.get("case"), code = params.get("code");
if (number) $("case").value = number;
if (code) $("code").value = code;
if (number && code) lookup(number, code);
