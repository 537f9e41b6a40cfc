// The words of the managers' pages (dashboard and regional view), and the
// helpers both use: durations, authorised requests, sign-in. Importing it
// adds the words.
import { i18n } from "../shared/i18n.js";

i18n.add({
  ar: {
    title: "لوحة المدير", region_title: "لوحة المنطقة",
    sign_in_title: "دخول المدير", region: "كل الفروع",
    longest_wait: "أطول انتظار الآن", served: "تمت خدمتهم",
    avg_wait: "متوسط الانتظار", p90_wait: "الانتظار (المئين\u00a090)", avg_service: "متوسط مدة الخدمة",
    no_shows: "لم يحضروا", overdue_cases: "معاملات متأخرة", tickets: "التذاكر", cancelled: "ألغيت",
    desks: "المكاتب", desk: "المكتب", state: "الحالة", officer: "الموظف", ticket: "التذكرة", for: "المدة",
    idle: "بلا مراجع", busy: "مع مراجع",
    period: "الفترة", from: "من", to: "إلى", show: "عرض",
    download_pdf: "تقرير PDF", download_csv: "بيانات CSV",
    per_hour: "الوصول والإنجاز حسب الساعة", arrivals: "الوصول", completions: "الإنجاز",
    per_officer: "حسب الموظف", per_service: "حسب الخدمة", service: "الخدمة",
    open_cases: "المعاملات المفتوحة، الأقدم أولًا", case: "المعاملة", status: "الوضع", age: "العمر", target: "الهدف",
    overdue: "متأخرة", late_response: "رد أول متأخر", on_time: "ضمن الهدف", no_target: "بلا هدف",
    by_department: "معاملات الإدارات المفتوحة", department: "الإدارة", open_now: "مفتوحة", due_soon: "يقترب موعدها",
    cases_opened: "معاملات جديدة", cases_resolved: "حُلّت", first_response: "متوسط الرد الأول",
    appointments: "المواعيد", booked: "محجوزة", arrived: "حضروا", appointment_no_shows: "لم يحضروا في موعدهم",
    appointment_wait: "انتظار أصحاب المواعيد", walk_in_wait: "انتظار غيرهم",
    open_desks: "مكاتب مفتوحة", open_count: "معاملات مفتوحة",
    reconnecting: "انقطع الاتصال بالخادم… جارٍ إعادة الاتصال",
    not_manager: "هذه اللوحة للمديرين فقط.", no_hub: "تعذر الوصول إلى الخادم.",
  },
  en: {
    title: "Manager's dashboard", region_title: "Regional view",
    sign_in_title: "Manager sign-in", region: "All branches",
    longest_wait: "Longest wait now", served: "Served",
    avg_wait: "Average wait", p90_wait: "90th percentile wait", avg_service: "Average service time",
    no_shows: "No-shows", overdue_cases: "Overdue cases", tickets: "Tickets", cancelled: "Cancelled",
    desks: "Desks", desk: "Desk", state: "State", officer: "Officer", ticket: "Ticket", for: "For",
    idle: "idle", busy: "with visitor",
    period: "Period", from: "From", to: "To", show: "Show",
    download_pdf: "PDF report", download_csv: "CSV data",
    per_hour: "Arrivals and completions by hour", arrivals: "Arrivals", completions: "Completions",
    per_officer: "By officer", per_service: "By service", service: "Service",
    open_cases: "Open cases, oldest first", case: "Case", status: "Status", age: "Age", target: "Target",
    overdue: "Overdue", late_response: "Late first response", on_time: "On time", no_target: "No target",
    by_department: "Departments' open cases", department: "Department", open_now: "Open", due_soon: "Due soon",
    cases_opened: "New cases", cases_resolved: "Resolved", first_response: "Average first response",
    appointments: "Appointments", booked: "Booked", arrived: "Arrived", appointment_no_shows: "Missed their appointment",
    appointment_wait: "Wait with an appointment", walk_in_wait: "Wait without one",
    open_desks: "Open desks", open_count: "Open cases",
    reconnecting: "Lost the connection to the hub… reconnecting",
    not_manager: "This dashboard is for managers only.", no_hub: "Could not reach the hub.",
  },
});

const SESSION_KEY = "shamil.dashboard.session";

// duration is seconds in the page's language, like the desk's ("1 س 16 د",
// "1 h 16 min"), with the seconds under an hour ("15 د 24 ث"); "—" for none.
const duration = (s) => (s == null ? "—" : i18n.duration(s, { seconds: true }));

// age is a case's age in days and hours.
const age = (s) => i18n.age(s);

// get fetches a JSON answer with the session; an error answer throws
// the hub's bilingual error.
async function get(path, token) {
  let res;
  try {
    res = await fetch(path, { headers: { Authorization: "Bearer " + token } });
  } catch (e) {
    throw { key: "no_hub" };
  }
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw Object.assign(body.error || { key: "no_hub" }, { status: res.status });
  }
  return res;
}

// signIn posts the form and returns the session of a manager or admin.
async function signIn(username, password) {
  let res;
  try {
    res = await fetch("/api/v1/sessions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
  } catch (e) {
    throw { key: "no_hub" };
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw body.error || { key: "no_hub" };
  if (body.role !== "manager" && body.role !== "admin") throw { key: "not_manager" };
  sessionStorage.setItem(SESSION_KEY, body.token);
  sessionStorage.setItem(SESSION_KEY + ".role", body.role);
  sessionStorage.setItem(SESSION_KEY + ".regional", String(body.role === "admin" || (body.region || []).length > 0));
  return body;
}

function errorText(e) {
  return e.key ? i18n.t(e.key) : (i18n.lang === "ar" ? e.message_ar : e.message);
}

export const managers = {
  duration, age, get, signIn, errorText,
  session: () => sessionStorage.getItem(SESSION_KEY),
  // regional: the signed-in person oversees more than one branch.
  regional: () => sessionStorage.getItem(SESSION_KEY + ".regional") === "true",
  forget: () => {
    for (const k of ["", ".role", ".regional"]) sessionStorage.removeItem(SESSION_KEY + k);
  },
};
