// The managers' dashboard: /dashboard/{branch}. A manager signs in and sees
// the branch live: people waiting and every desk's state, officer and ticket.
(function () {
  "use strict";

  i18n.add({
    ar: {
      title: "لوحة المدير",
      other_lang: "English",
      sign_in_title: "دخول المدير",
      username: "اسم المستخدم",
      password: "كلمة المرور",
      sign_in: "دخول",
      sign_out: "خروج",
      waiting: "في الانتظار",
      desks: "المكاتب",
      desk: "المكتب",
      state: "الحالة",
      officer: "الموظف",
      ticket: "التذكرة",
      open: "مفتوح",
      paused: "متوقف مؤقتًا",
      closed: "مغلق",
      reconnecting: "انقطع الاتصال بالخادم… جارٍ إعادة الاتصال",
      not_manager: "هذه اللوحة للمديرين فقط.",
      no_hub: "تعذر الوصول إلى الخادم.",
    },
    en: {
      title: "Manager's dashboard",
      other_lang: "العربية",
      sign_in_title: "Manager sign-in",
      username: "Username",
      password: "Password",
      sign_in: "Sign in",
      sign_out: "Sign out",
      waiting: "Waiting",
      desks: "Desks",
      desk: "Desk",
      state: "State",
      officer: "Officer",
      ticket: "Ticket",
      open: "Open",
      paused: "Paused",
      closed: "Closed",
      reconnecting: "Lost the connection to the hub… reconnecting",
      not_manager: "This dashboard is for managers only.",
      no_hub: "Could not reach the hub.",
    },
  });

  const SESSION_KEY = "shamil.dashboard.session";
  const $ = (id) => document.getElementById(id);
  const branchID = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
  const state = { branch: null, desks: [], tickets: new Map(), waiting: [], waitingCount: 0 };
  let hub = null;
  let error = null; // {message_ar, message} shown until the next action

  function showError(e) {
    error = e;
    renderError();
  }

  function renderError() {
    $("error").classList.toggle("hidden", !error);
    if (error) $("error").textContent = error.key ? i18n.t(error.key) : (i18n.lang === "ar" ? error.message_ar : error.message);
  }

  // --- state from the hub -------------------------------------------------

  function applySnapshot(snap) {
    state.desks = snap.desks || [];
    state.tickets = new Map();
    for (const t of [...(snap.recent || []), ...(snap.waiting || [])]) state.tickets.set(t.id, t);
    state.waiting = snap.waiting || [];
    state.waitingCount = snap.waiting_count || 0;
    render();
  }

  function applyEvent(ev) {
    state.waitingCount = ev.waiting;
    if (ev.desk) {
      const i = state.desks.findIndex((d) => d.id === ev.desk.id);
      if (i >= 0) state.desks[i] = ev.desk;
      else state.desks.push(ev.desk);
    }
    if (ev.ticket) {
      const t = ev.ticket;
      state.tickets.set(t.id, t);
      // The waiting list keeps its order; a ticket back in the queue goes to
      // its end until the next snapshot places it exactly.
      state.waiting = state.waiting.filter((x) => x.id !== t.id);
      if (t.state === "waiting") state.waiting.push(t);
    }
    render();
  }

  // --- the screen -----------------------------------------------------------

  function cell(text, cls) {
    const td = document.createElement("td");
    if (cls) {
      const span = document.createElement(cls === "code" ? "bdi" : "span");
      span.className = cls;
      span.textContent = text;
      td.append(span);
    } else {
      td.textContent = text;
    }
    return td;
  }

  function render() {
    if (state.branch) $("branch").textContent = i18n.pick(state.branch.name);
    $("waiting").textContent = String(state.waitingCount);
    $("queue").replaceChildren(...state.waiting.slice(0, 12).map((t) => {
      const li = document.createElement("li");
      li.className = "code";
      li.textContent = t.number;
      return li;
    }));
    const defs = (state.branch && state.branch.desks) || state.desks.map((d) => ({ id: d.id, name: { ar: d.id, en: d.id } }));
    $("desks").replaceChildren(...defs.map((def) => {
      const d = state.desks.find((x) => x.id === def.id) || { state: "closed" };
      const tr = document.createElement("tr");
      tr.dataset.desk = def.id;
      const ticket = d.ticket ? state.tickets.get(d.ticket) : null;
      tr.append(
        cell(i18n.pick(def.name)),
        cell(i18n.t(d.state), "state " + d.state),
        cell(d.officer_name || d.officer || "—"),
        cell(ticket ? ticket.number : "—", "code"),
      );
      return tr;
    }));
  }

  // --- session ----------------------------------------------------------------

  function showBoard(on) {
    $("signin").classList.toggle("hidden", on);
    $("board").classList.toggle("hidden", !on);
    $("signout").classList.toggle("hidden", !on);
  }

  function watch(token) {
    showBoard(true);
    hub = shamilHub.connect(shamilHub.socketURL(), token, {
      branch: branchID,
      subscribe: true,
      onSnapshot: applySnapshot,
      onEvent: applyEvent,
      onState(s, info) {
        $("connection").classList.toggle("hidden", s !== "down");
        if (s === "open") {
          hub.request("catalogue.get").then((cat) => {
            state.branch = (cat.branches || []).find((b) => b.id === branchID) || null;
            render();
          }, showError);
        }
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
    sessionStorage.removeItem(SESSION_KEY);
    showBoard(false);
  }

  async function signIn(e) {
    e.preventDefault();
    showError(null);
    let res;
    try {
      res = await fetch("/api/v1/sessions", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: $("username").value.trim(), password: $("password").value }),
      });
    } catch (err) {
      showError({ key: "no_hub" });
      return;
    }
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      showError(body.error || { key: "no_hub" });
      return;
    }
    if (body.role !== "manager" && body.role !== "admin") {
      showError({ key: "not_manager" });
      return;
    }
    $("password").value = "";
    sessionStorage.setItem(SESSION_KEY, body.token);
    watch(body.token);
  }

  i18n.set("ar");
  i18n.onChange(() => { render(); renderError(); });
  $("lang").addEventListener("click", () => i18n.set(i18n.lang === "ar" ? "en" : "ar"));
  $("signout").addEventListener("click", signOut);
  $("signin-form").addEventListener("submit", signIn);
  render();
  const saved = sessionStorage.getItem(SESSION_KEY);
  if (saved) watch(saved);
})();
