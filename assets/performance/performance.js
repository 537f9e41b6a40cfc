// The public performance page: /performance (the municipality) and
// /performance/{branch}. It reads /api/v1/performance and shows, for the
// last 30 or 90 days, per department and per service: received, resolved,
// the median and 90th-percentile times, the share within target, reopened,
// the citizens' rating and the open cases past their target. Counts only.
// Served at /performance/assets/, away from the tree: the shared code is
// imported from the root.
import { i18n } from "/shared/i18n.js";

const $ = (id) => document.getElementById(id);
const parts = location.pathname.split("/").filter(Boolean);
const branch = parts.length > 1 ? decodeURIComponent(parts[1]) : "";
let days = 30;
let figures = null;

i18n.add({
  ar: {
    title: "أداء البلدية", csv: "تنزيل CSV", days30: "آخر ٣٠ يومًا", days90: "آخر ٩٠ يومًا",
    all_branches: "كل الفروع", lead: "ما يصل إلى البلدية وما يحدث له: أرقام فقط، دون أي بيانات شخصية.",
    by_department: "حسب الإدارة", by_service: "حسب الخدمة",
    name: "الاسم", received: "وصلت", resolved: "أُنجزت", first_median: "الرد الأول (الوسيط)", first_p90: "الرد الأول (المئين 90)",
    res_median: "الإنجاز (الوسيط)", res_p90: "الإنجاز (المئين 90)", within: "ضمن المهلة", reopened: "أُعيد فتحها",
    rating: "التقييم", overdue_open: "مفتوحة ومتأخرة", none: "—", hours: "س", days: "ي",
    notes: "الأوقات من فتح المعاملة؛ «ضمن المهلة» من المعاملات المنجزة ذات المهلة، بساعات العمل؛ التقييم من ١ إلى ٥ نجوم.",
    unavailable: "تعذر تحميل الأرقام.",
  },
  en: {
    title: "Municipality performance", csv: "Download CSV", days30: "Last 30 days", days90: "Last 90 days",
    all_branches: "All branches", lead: "What reaches the municipality and what becomes of it: counts only, no personal data.",
    by_department: "By department", by_service: "By service",
    name: "Name", received: "Received", resolved: "Resolved", first_median: "First response (median)", first_p90: "First response (90th pct)",
    res_median: "Resolution (median)", res_p90: "Resolution (90th pct)", within: "Within target", reopened: "Reopened",
    rating: "Rating", overdue_open: "Open and overdue", none: "—", hours: "h", days: "d",
    notes: "Times from the case's opening; \"within target\" counts finished cases with a target, in working hours; ratings are 1 to 5 stars.",
    unavailable: "Could not load the figures.",
  },
});

function duration(s, count) {
  if (!count) return i18n.t("none");
  const h = s / 3600;
  if (h < 48) return h.toFixed(1) + " " + i18n.t("hours");
  return (h / 24).toFixed(1) + " " + i18n.t("days");
}

function share(n, of) {
  return of ? Math.round((100 * n) / of) + "% (" + n + "/" + of + ")" : i18n.t("none");
}

function table(el, groups) {
  const head = ["name", "received", "resolved", "first_median", "first_p90", "res_median", "res_p90", "within", "reopened", "rating", "overdue_open"];
  const tr = document.createElement("tr");
  tr.append(...head.map((k) => { const th = document.createElement("th"); th.textContent = i18n.t(k); return th; }));
  const rows = groups.map((g) => {
    const r = document.createElement("tr");
    r.dataset.code = g.code;
    const cells = [i18n.pick(g.name), String(g.received), String(g.resolved),
      duration(g.first_response.p50_seconds, g.first_response.count), duration(g.first_response.p90_seconds, g.first_response.count),
      duration(g.resolution.p50_seconds, g.resolution.count), duration(g.resolution.p90_seconds, g.resolution.count),
      share(g.within_target, g.targeted), share(g.reopened, g.received),
      g.ratings ? g.avg_rating.toFixed(1) + " ★ (" + g.ratings + ")" : i18n.t("none"), String(g.overdue_open)];
    r.append(...cells.map((c, i) => {
      const td = document.createElement("td");
      td.textContent = c;
      if (i === cells.length - 1 && g.overdue_open > 0) td.className = "alert";
      return td;
    }));
    return r;
  });
  el.replaceChildren(tr, ...rows);
}

function render() {
  document.querySelectorAll(".windows button").forEach((b) => b.setAttribute("aria-pressed", String(Number(b.dataset.days) === days)));
  $("scope").textContent = branch || i18n.t("all_branches");
  if (!figures) return;
  const t = figures.total;
  const tile = (key, value, alert) => {
    const d = document.createElement("div");
    d.className = "tile" + (alert ? " alert" : "");
    d.dataset.total = key;
    const b = document.createElement("b");
    b.className = "code";
    b.textContent = value;
    d.append(b, i18n.t(key));
    return d;
  };
  $("totals").replaceChildren(tile("received", String(t.received)), tile("resolved", String(t.resolved)),
    tile("within", share(t.within_target, t.targeted)), tile("res_median", duration(t.resolution.p50_seconds, t.resolution.count)),
    tile("rating", t.ratings ? t.avg_rating.toFixed(1) + " ★" : i18n.t("none")), tile("overdue_open", String(t.overdue_open), t.overdue_open > 0));
  table($("departments"), figures.departments);
  table($("services"), figures.services);
}

async function load() {
  const q = "days=" + days + (branch ? "&branch=" + encodeURIComponent(branch) : "");
  $("csv").href = "/api/v1/performance?format=csv" + (branch ? "&branch=" + encodeURIComponent(branch) : "");
  try {
    const res = await fetch("/api/v1/performance?" + q);
    if (!res.ok) throw new Error(String(res.status));
    figures = await res.json();
    $("error").classList.add("hidden");
  } catch (e) {
    $("error").textContent = i18n.t("unavailable");
    $("error").classList.remove("hidden");
  }
  render();
}

i18n.set("ar");
i18n.onChange(render);
$("lang").addEventListener("click", () => i18n.set(i18n.lang === "ar" ? "en" : "ar"));
document.querySelectorAll(".windows button").forEach((b) => b.addEventListener("click", () => { days = Number(b.dataset.days); load(); }));
load();
