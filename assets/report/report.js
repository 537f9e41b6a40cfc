// The citizen's reporting page: a problem or request reported without a
// visit. It sends the form with photos to POST /api/v1/reports and shows
// the case number and access code. Every text from the hub is set with
// textContent, never parsed as HTML.
import { i18n } from "../shared/i18n.js";

i18n.add({
  ar: {
    app: "شامل · البلدية", app_of: "شامل · {municipality}", title: "بلاغ أو طلب جديد",
    help: "أبلغ عن مشكلة أو قدّم طلباً دون زيارة البلدية.",
    branch: "الفرع", service: "الخدمة", choose: "اختر الخدمة",
    description: "الوصف", description_hint: "صف المشكلة أو الطلب",
    location: "الموقع", district: "الحي", street: "الشارع",
    use_position: "استخدم موقعي الحالي", position_set: "حُدد موقعك: {lat}، {lng}",
    position_failed: "تعذّر تحديد موقعك. اكتب الحي والشارع.",
    photos: "صور (اختياري)", choose_photos: "اختر الصور", photos_chosen: "الصور المختارة: {n}", photos_help: "حتى 3 صور من نوع JPEG أو PNG. حجم كل صورة 5 ميغابايت على الأكثر.",
    mobile: "رقم الجوال (اختياري)", mobile_help: "نرسل لك رقم المعاملة ورمز الدخول ونبلغك بالجديد.",
    send: "إرسال البلاغ",
    need_service: "اختر الخدمة.", need_description: "اكتب وصفاً للمشكلة أو الطلب.",
    too_long: "الوصف أطول من 2000 حرف.", too_many_photos: "أرسل 3 صور على الأكثر.",
    photo_too_large: "إحدى الصور أكبر من 5 ميغابايت.",
    offline: "تعذّر الاتصال. تحقق من الإنترنت وحاول مجدداً.",
    done_title: "وصل بلاغك", done_help: "احتفظ برقم المعاملة ورمز الدخول لمتابعتها.",
    track: "تابع معاملتك",
  },
  en: {
    app: "Shamil · Municipality", app_of: "Shamil · {municipality}", title: "New report or request",
    help: "Report a problem or make a request without visiting the municipality.",
    branch: "Branch", service: "Service", choose: "Choose the service",
    description: "Description", description_hint: "Describe the problem or request",
    location: "Location", district: "District", street: "Street",
    use_position: "Use my current position", position_set: "Your position: {lat}, {lng}",
    position_failed: "Could not find your position. Type the district and street.",
    photos: "Photos (optional)", choose_photos: "Choose photos", photos_chosen: "Photos chosen: {n}", photos_help: "Up to 3 JPEG or PNG photos, 5 MB each.",
    mobile: "Mobile number (optional)", mobile_help: "We send you the case number and access code, and tell you what happens.",
    send: "Send the report",
    need_service: "Choose the service.", need_description: "Describe the problem or request.",
    too_long: "The description is longer than 2000 characters.", too_many_photos: "Send at most 3 photos.",
    photo_too_large: "A photo is larger than 5 MB.",
    offline: "Could not connect. Check your internet connection and try again.",
    done_title: "Your report arrived", done_help: "Keep the case number and access code to follow it.",
    track: "Track your case",
  },
});

const $ = (id) => document.getElementById(id);
const MAX_TEXT = 2000, MAX_PHOTOS = 3, MAX_PHOTO_BYTES = 5 << 20;
let form = null; // GET /api/v1/reports/form
let position = null; // {lat, lng}
let shownError = null;
// One id per report: sending the same form twice opens one case.
let requestID = newRequestID();

function newRequestID() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return "web-" + [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

function showError(e) {
  shownError = e;
  const box = $("error");
  if (!e) { box.classList.add("hidden"); return; }
  box.textContent = typeof e === "string" ? i18n.t(e) : i18n.lang === "ar" ? e.message_ar || e.message : e.message || e.message_ar;
  box.classList.remove("hidden");
}

function option(value, text) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  return o;
}

// The services, grouped by category, and the municipality's name in the bar.
function renderChoices() {
  if (!form) return;
  $("app").textContent = i18n.t("app_of", { municipality: i18n.pick(form.municipality) });
  const service = $("service"), chosen = service.value;
  service.replaceChildren(option("", i18n.t("choose")));
  for (const cat of form.categories) {
    const group = document.createElement("optgroup");
    group.label = i18n.pick(cat.name);
    for (const s of form.services.filter((s) => s.category === cat.code)) group.append(option(s.code, i18n.pick(s.name)));
    if (group.children.length) service.append(group);
  }
  service.value = chosen;
  const branch = $("branch"), chosenBranch = branch.value;
  branch.replaceChildren(...form.branches.map((b) => option(b.id, i18n.pick(b.name))));
  if (chosenBranch) branch.value = chosenBranch;
  $("branch-row").classList.toggle("hidden", form.branches.length < 2);
}

function renderPosition() {
  $("position").textContent = position ? i18n.t("position_set", { lat: position.lat.toFixed(5), lng: position.lng.toFixed(5) }) : "";
}

function renderChosen() {
  const n = $("photos").files.length;
  $("chosen").textContent = n ? i18n.t("photos_chosen", { n: String(n) }) : "";
}
$("photos").addEventListener("change", renderChosen);

async function load() {
  try {
    const res = await fetch("/api/v1/reports/form", { cache: "no-store" });
    if (!res.ok) throw new Error(String(res.status));
    form = await res.json();
  } catch (_) {
    showError("offline");
    return;
  }
  renderChoices();
}

$("locate").addEventListener("click", () => {
  if (!navigator.geolocation) { $("position").textContent = i18n.t("position_failed"); return; }
  navigator.geolocation.getCurrentPosition(
    (p) => { position = { lat: p.coords.latitude, lng: p.coords.longitude }; renderPosition(); },
    () => { position = null; $("position").textContent = i18n.t("position_failed"); },
    { enableHighAccuracy: true, timeout: 15000 });
});

$("report").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const button = $("report").querySelector("button[type=submit]");
  if (button.disabled) return;
  const description = $("description").value.trim(), photos = [...$("photos").files];
  if (!$("service").value) { showError("need_service"); return; }
  if (!description) { showError("need_description"); return; }
  if ([...description].length > MAX_TEXT) { showError("too_long"); return; }
  if (photos.length > MAX_PHOTOS) { showError("too_many_photos"); return; }
  if (photos.some((p) => p.size > MAX_PHOTO_BYTES)) { showError("photo_too_large"); return; }

  const body = new FormData();
  body.append("branch", $("branch").value);
  body.append("service", $("service").value);
  body.append("description", description);
  body.append("district", $("district").value.trim());
  body.append("street", $("street").value.trim());
  if (position) { body.append("lat", String(position.lat)); body.append("lng", String(position.lng)); }
  body.append("phone", $("phone").value.trim());
  body.append("lang", i18n.lang);
  body.append("request_id", requestID);
  for (const p of photos) body.append("photos", p);

  button.disabled = true;
  let res, data = null;
  try {
    res = await fetch("/api/v1/reports", { method: "POST", body, cache: "no-store" });
    try { data = await res.json(); } catch (_) { /* not JSON: a proxy's page */ }
  } catch (_) {
    showError("offline"); // the same request id on a retry: still one case
    button.disabled = false;
    return;
  }
  button.disabled = false;
  if (!res.ok) { showError((data && data.error) || "offline"); return; }
  showError(null);
  window.scrollTo(0, 0); // before the page gets shorter
  $("report").classList.add("hidden");
  $("number").textContent = data.case;
  $("access").textContent = data.access_code;
  $("track").href = "/track?case=" + encodeURIComponent(data.case) + "&code=" + encodeURIComponent(data.access_code);
  $("done").classList.remove("hidden");
  $("track").focus(); // the next step, for keyboards and screen readers
  requestID = newRequestID();
});

$("report").addEventListener("input", () => showError(null)); // the citizen is fixing it

$("lang").addEventListener("click", () => i18n.set(i18n.lang === "ar" ? "en" : "ar"));
i18n.onChange(() => { renderChoices(); renderPosition(); renderChosen(); showError(shownError); });

i18n.set(new URLSearchParams(location.search).get("lang") === "en" ? "en" : "ar");
load();
