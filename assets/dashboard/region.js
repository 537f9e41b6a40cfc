// The regional view: /dashboard/region.html. Every branch the signed-in
// manager may see (an admin: all of them), side by side, refreshed every
// 15 seconds from GET /api/v1/region/live; docs/dashboard.md.
import { i18n } from "../shared/i18n.js";
import { managers as m } from "./strings.js";

const $ = (id) => document.getElementById(id);
let token = null;
let names = {};
let branches = [];
let error = null;
let timer = null;

function showError(e) {
  error = e;
  $("error").classList.toggle("hidden", !error);
  if (error) $("error").textContent = m.errorText(error);
}

async function refresh() {
  try {
    if (!Object.keys(names).length) {
      const cat = await (await m.get("/api/v1/catalogue", token)).json();
      for (const b of cat.branches || []) names[b.id] = b.name;
    }
    branches = (await (await m.get("/api/v1/region/live", token)).json()).branches || [];
    showError(null);
    render();
  } catch (e) {
    if (e.status === 401) signOut();
    showError(e);
  }
}

function figure(key, value, alert, label = key) {
  const dt = document.createElement("span");
  dt.textContent = i18n.t(label);
  const dd = document.createElement("bdi");
  dd.dir = "ltr"; // "1 / 6" stays one of six in Arabic too
  dd.className = "code" + (alert ? " alert" : "");
  dd.dataset.figure = key;
  dd.textContent = value;
  return [dt, dd];
}

function render() {
  $("branches").replaceChildren(...branches.map((l) => {
    const card = document.createElement("section");
    card.className = "card";
    card.dataset.branch = l.branch;
    const h2 = document.createElement("h2");
    const a = document.createElement("a");
    a.href = encodeURIComponent(l.branch);
    a.textContent = names[l.branch] ? i18n.pick(names[l.branch]) : l.branch;
    h2.append(a);
    const f = l.today;
    const grid = document.createElement("div");
    grid.className = "figures";
    grid.append(
      ...figure("waiting", String(l.waiting), false, "ticket_waiting"),
      ...figure("longest_wait", l.longest_wait_ticket ? m.duration(l.longest_wait_seconds) : "—", l.longest_wait_seconds > l.wait_threshold_seconds),
      ...figure("served", String(f.served)),
      ...figure("avg_wait", m.duration(f.wait.count ? f.wait.avg_seconds : null)),
      ...figure("p90_wait", m.duration(f.wait.count ? f.wait.p90_seconds : null), f.wait.p90_seconds > l.wait_threshold_seconds),
      ...figure("avg_service", m.duration(f.service.count ? f.service.avg_seconds : null)),
      ...figure("no_shows", String(f.no_shows)),
      ...figure("open_desks", String(l.desks.filter((d) => d.state === "open").length) + " / " + l.desks.length),
      ...figure("open_count", String(l.open_cases_count)),
      ...figure("overdue_cases", String(l.overdue_count), l.overdue_count > 0),
    );
    card.append(h2, grid);
    return card;
  }));
}

function watch(t) {
  token = t;
  $("signin").classList.add("hidden");
  $("board").classList.remove("hidden");
  $("signout").classList.remove("hidden");
  refresh();
  clearInterval(timer);
  timer = setInterval(refresh, 15000);
}

function signOut() {
  token = null;
  clearInterval(timer);
  m.forget();
  $("signin").classList.remove("hidden");
  $("board").classList.add("hidden");
  $("signout").classList.add("hidden");
}

i18n.set("ar");
i18n.onChange(() => { render(); if (error) showError(error); });
$("lang").addEventListener("click", () => i18n.set(i18n.lang === "ar" ? "en" : "ar"));
$("signout").addEventListener("click", signOut);
$("signin-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  showError(null);
  try {
    const body = await m.signIn($("username").value.trim(), $("password").value);
    $("password").value = "";
    watch(body.token);
  } catch (err) {
    showError(err);
  }
});
if (m.session()) watch(m.session());
