// The admin console (docs/admin.md): devices, people, Open311 keys and the
// audit log, read and changed with an admin's session. Sign-in, requests
// and errors are the managers' pages' (../dashboard/strings.js).
import { i18n } from "../shared/i18n.js";
import { managers } from "../dashboard/strings.js";

i18n.add({
  ar: {
    admin_title: "الإدارة", admin_sign_in: "دخول المسؤول", not_admin: "هذه اللوحة للمسؤول فقط.",
    devices: "الأجهزة", people: "الأشخاص", apikeys: "مفاتيح Open311", audit: "سجل التدقيق (آخر ٢٤ ساعة)",
    id: "المعرّف", kind: "النوع", branch: "الفرع", enrolled: "التسجيل", state: "الحالة",
    name: "الاسم", role: "الدور", when: "الوقت", who: "من", from_addr: "العنوان", action: "الإجراء",
    target_col: "الهدف", detail: "التفاصيل", active: "فعّال", revoked: "ملغى", disabled: "معطّل",
    revoke: "إلغاء", disable: "تعطيل", enable: "تفعيل", reset: "كلمة مرور جديدة", end_sessions: "إنهاء الجلسات",
    confirm: "تأكيد: {what} {target}؟",
    new_password: "كلمة المرور الجديدة لـ {user} (تظهر مرة واحدة): {password}",
    kiosk: "كشك", display: "شاشة عرض", officer: "موظف", manager: "مدير", admin: "مسؤول", department_role: "إدارة",
    department: "الإدارة", head: "رئيس الإدارة", region: "فروع إضافية", region_hint: "khobar,dammam",
    mobile: "جوال لتنبيه التأخر", mobile_hint: "05XXXXXXXX (اختياري)",
    username_hint: "يُشتق من الاسم إن تُرك", integration: "اسم الجهة المتكاملة",
    enrol: "تسجيل جهاز", add: "إضافة شخص", issue: "إصدار مفتاح", last_seen: "آخر ظهور", online: "متصل الآن", never: "لم يتصل",
    new_device: "رمز الجهاز {id} (يظهر مرة واحدة): {token}",
    new_person: "كلمة مرور {username} (تظهر مرة واحدة): {password}",
    new_key: "مفتاح Open311 {id} (يظهر مرة واحدة): {key}",
    catalogue: "الدليل", reload: "إعادة تحميل الدليل",
    catalogue_help: "يقرأ الخادم ملف الدليل من جديد ويفحصه كاملاً، ثم يرسله إلى كل الشاشات دون إعادة تشغيل. الملف الخاطئ لا يغيّر شيئاً.",
    reloaded: "الدليل المعمول به الآن: الإصدار {version}",
  },
  en: {
    admin_title: "Administration", admin_sign_in: "Admin sign-in", not_admin: "This console is for admins only.",
    devices: "Devices", people: "People", apikeys: "Open311 keys", audit: "Audit log (last 24 hours)",
    id: "Id", kind: "Kind", branch: "Branch", enrolled: "Enrolled", state: "State",
    name: "Name", role: "Role", when: "When", who: "Who", from_addr: "From", action: "Action",
    target_col: "Target", detail: "Detail", active: "active", revoked: "revoked", disabled: "disabled",
    revoke: "Revoke", disable: "Disable", enable: "Enable", reset: "New password", end_sessions: "End sessions",
    confirm: "Confirm: {what} {target}?",
    new_password: "New password for {user} (shown once): {password}",
    kiosk: "Kiosk", display: "Display", officer: "Officer", manager: "Manager", admin: "Admin", department_role: "Department",
    department: "Department", head: "Head of the department", region: "Further branches", region_hint: "khobar,dammam",
    mobile: "Mobile for overdue alerts", mobile_hint: "05XXXXXXXX (optional)",
    username_hint: "derived from the name if empty", integration: "Integration name",
    enrol: "Enrol device", add: "Add person", issue: "Issue key", last_seen: "Last seen", online: "online now", never: "never",
    new_device: "Token of device {id} (shown once): {token}",
    new_person: "Password of {username} (shown once): {password}",
    new_key: "Open311 key {id} (shown once): {key}",
    catalogue: "Catalogue", reload: "Reload the catalogue",
    catalogue_help: "The hub rereads the catalogue file, checks it in full and sends it to every screen, without a restart. A file with a mistake changes nothing.",
    reloaded: "The catalogue in use now: version {version}",
  },
});

const $ = (id) => document.getElementById(id);
const SESSION = "shamil.admin";

function showError(e) {
  $("error").textContent = e ? managers.errorText(e) : "";
  $("error").classList.toggle("hidden", !e);
}

function cell(text) {
  const td = document.createElement("td");
  const b = document.createElement("bdi");
  b.textContent = text;
  td.append(b);
  return td;
}

// button makes an action button; after a confirmation it posts the change
// and reloads the tables.
function button(key, target, path, then) {
  const b = document.createElement("button");
  b.className = "ghost";
  b.dataset.action = key;
  b.textContent = i18n.t(key);
  b.addEventListener("click", async () => {
    if (!confirm(i18n.t("confirm", { what: i18n.t(key), target }))) return;
    try {
      const res = await post(path);
      if (then) then(res);
      showError(null);
    } catch (e) {
      showError(e);
    }
    load();
  });
  return b;
}

async function post(path, form) {
  let res;
  const headers = { Authorization: "Bearer " + sessionStorage.getItem(SESSION) };
  if (form) headers["Content-Type"] = "application/json";
  try {
    res = await fetch(path, { method: "POST", headers, body: form ? JSON.stringify(form) : undefined });
  } catch (e) {
    throw { key: "no_hub" };
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw body.error || { key: "no_hub" };
  return body;
}

async function list(what) {
  const res = await managers.get("/api/v1/admin/" + what, sessionStorage.getItem(SESSION));
  return res.json();
}

// showSecret shows a token, password or key, once, in the yellow box.
function showSecret(key, vars) {
  $("secret").textContent = i18n.t(key, vars);
  $("secret").classList.remove("hidden");
}

// adding posts an add form as JSON, shows the secret of the answer once
// and reloads the tables; a refusal names the field.
function adding(id, path, read, secret) {
  const form = $(id);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    showError(null);
    try {
      const res = await post(path, read(form.elements));
      showSecret(secret, res);
      showError(null);
      form.reset();
      showRoleFields();
    } catch (e) {
      showError(e);
    }
    load();
  });
}
adding("add-device", "/api/v1/admin/devices", (f) => ({ kind: f.kind.value, branch: f.branch.value, name: f.name.value }), "new_device");
adding("add-person", "/api/v1/admin/users", (f) => ({
  role: f.role.value, branch: f.branch.value, name: f.name.value, username: f.username.value.trim(),
  department: f.role.value === "department" ? f.department.value : "",
  head: f.role.value === "department" && f.head.checked,
  mobile: f.role.value === "department" ? f.mobile.value.trim() : "",
  region: f.role.value === "manager" ? f.region.value.split(",").map((b) => b.trim()).filter(Boolean) : [],
}), "new_person");
adding("add-apikey", "/api/v1/admin/apikeys", (f) => ({ branch: f.branch.value, name: f.name.value }), "new_key");

// showRoleFields shows a department's fields (department, head, the
// mobile number overdue cases are told to) for its people and the region
// for a manager only.
function showRoleFields() {
  const role = $("add-person").elements.role.value;
  document.querySelectorAll(".for-department").forEach((el) => el.classList.toggle("hidden", role !== "department"));
  document.querySelectorAll(".for-manager").forEach((el) => el.classList.toggle("hidden", role !== "manager"));
}
$("add-person").elements.role.addEventListener("change", showRoleFields);

// options fills the branch and department choices from the catalogue.
async function options() {
  const cat = await (await managers.get("/api/v1/catalogue", sessionStorage.getItem(SESSION))).json();
  const fillSelect = (sel, items) => {
    sel.replaceChildren(...items.map((it) => {
      const o = document.createElement("option");
      o.value = it.id || it.code;
      o.textContent = i18n.pick(it.name) + " (" + o.value + ")";
      return o;
    }));
  };
  document.querySelectorAll("select.branches").forEach((sel) => fillSelect(sel, cat.branches || []));
  document.querySelectorAll("select.departments").forEach((sel) => fillSelect(sel, cat.departments || []));
}

function fill(id, rows, make) {
  const body = $(id);
  body.replaceChildren(...rows.map(make));
}

async function load() {
  try {
    const [devices, users, keys, audit] = await Promise.all(["devices", "users", "apikeys", "audit"].map(list));
    fill("devices", devices, (d) => {
      const tr = document.createElement("tr");
      tr.dataset.id = d.ID;
      const seen = d.Online ? i18n.t("online") : d.LastSeen ? i18n.time(d.LastSeen, null, { dateStyle: "short", timeStyle: "short" }) : i18n.t("never");
      tr.append(cell(d.ID), cell(d.Name || ""), cell(i18n.t(d.Role)), cell(d.Branch), cell(seen), cell(i18n.t(d.Revoked ? "revoked" : "active")));
      if (d.Online) tr.classList.add("online");
      const td = document.createElement("td");
      if (!d.Revoked) td.append(button("revoke", d.ID, "/api/v1/admin/devices/" + encodeURIComponent(d.ID) + "/revoke"));
      tr.append(td);
      return tr;
    });
    fill("users", users, (u) => {
      const tr = document.createElement("tr");
      tr.dataset.id = u.Username;
      tr.append(cell(u.Username), cell(u.Name), cell(i18n.t(u.Role === "department" ? "department_role" : u.Role)), cell(u.Branch), cell(i18n.t(u.Disabled ? "disabled" : "active")));
      const td = document.createElement("td");
      const base = "/api/v1/admin/users/" + encodeURIComponent(u.Username) + "/";
      td.append(button(u.Disabled ? "enable" : "disable", u.Username, base + (u.Disabled ? "enable" : "disable")));
      td.append(button("reset", u.Username, base + "reset-password", (r) => {
        showSecret("new_password", { user: r.username, password: r.password });
      }));
      td.append(button("end_sessions", u.Username, base + "end-sessions"));
      tr.append(td);
      return tr;
    });
    fill("apikeys", keys, (k) => {
      const tr = document.createElement("tr");
      tr.dataset.id = k.ID;
      tr.append(cell(k.ID), cell(k.Name), cell(k.Branch), cell(i18n.t(k.Revoked ? "revoked" : "active")));
      const td = document.createElement("td");
      if (!k.Revoked) td.append(button("revoke", k.ID, "/api/v1/admin/apikeys/" + k.ID + "/revoke"));
      tr.append(td);
      return tr;
    });
    fill("audit", audit.reverse(), (e) => {
      const tr = document.createElement("tr");
      tr.append(cell(i18n.time(e.at, null, { dateStyle: "short", timeStyle: "medium" })), cell(e.actor), cell(e.addr), cell(e.action), cell(e.target || ""), cell(e.detail || ""));
      return tr;
    });
  } catch (e) {
    if (e.status === 401) return signedOut();
    showError(e);
  }
}

function signedOut() {
  sessionStorage.removeItem(SESSION);
  $("console").classList.add("hidden");
  $("signout").classList.add("hidden");
  $("signin").classList.remove("hidden");
}

function signedIn() {
  $("signin").classList.add("hidden");
  $("console").classList.remove("hidden");
  $("signout").classList.remove("hidden");
  showRoleFields();
  options().catch(showError);
  load();
}

// The reload button: the new version, or why nothing changed (a bad
// file's lines, live data it would orphan), in the box under it.
$("reload").addEventListener("click", async () => {
  const box = $("reloaded");
  try {
    const res = await post("/api/v1/admin/catalogue/reload");
    box.textContent = i18n.t("reloaded", { version: res.version.slice(0, 12) });
    box.classList.remove("error");
  } catch (e) {
    box.textContent = managers.errorText(e);
    box.classList.add("error");
  }
  box.classList.remove("hidden");
  load();
});

$("signin-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  try {
    const body = await managers.signIn($("username").value, $("password").value);
    managers.forget(); // the console keeps its own session
    if (body.role !== "admin") throw { key: "not_admin" };
    sessionStorage.setItem(SESSION, body.token);
    showError(null);
    signedIn();
  } catch (e) {
    showError(e);
  }
});
$("signout").addEventListener("click", async () => {
  await fetch("/api/v1/sessions", { method: "DELETE", headers: { Authorization: "Bearer " + sessionStorage.getItem(SESSION) } }).catch(() => {});
  signedOut();
});
$("lang").addEventListener("click", () => {
  i18n.set(i18n.lang === "ar" ? "en" : "ar");
  if (sessionStorage.getItem(SESSION)) load();
});

i18n.apply();
if (sessionStorage.getItem(SESSION)) signedIn();
