// The kiosk's page. In the Wails app window.go.main.App is the Go side
// (kiosk/app.go); opened in a plain browser for development there is no
// Go side and the page shows its set-up screen only.
(function () {
  "use strict";
  const IDLE_MS = 20000; // the ticket screen returns to the start after this
  const WELCOME_MS = 10000; // and the check-in screen after this
  const ERROR_MS = 10000; // a scan's error message shows this long
  const HOLD_MS = 3000; // the staff gesture: hold the logo this long

  const dev = { reject: () => Promise.reject(JSON.stringify({ message: "Desktop app only", message_ar: "في تطبيق سطح المكتب فقط" })) };
  const api = (window.go && window.go.main && window.go.main.App) || {
    Ready: () => Promise.resolve(), Setup: () => Promise.resolve({ configured: false, language: "ar" }),
    Status: () => Promise.resolve({}), Catalogue: () => Promise.resolve(null),
    Enrol: dev.reject, TakeTicket: dev.reject, CheckIn: dev.reject, Staff: dev.reject, Reprint: dev.reject, Leave: dev.reject,
  };
  const $ = (id) => document.getElementById(id);
  let status = {}, catalogue = null, shownVersion = -1, configured = false, defaultLang = "ar";
  let service = null, lane = "normal", idle = null, staffPIN = "", checkingIn = false, errorShown = null;

  // Errors from Go are the JSON of a protocol.Error: show the visitor's language.
  function message(err) {
    try {
      const e = JSON.parse(String(err));
      return i18n.lang === "ar" ? e.message_ar || e.message : e.message;
    } catch { return String(err); }
  }

  function show(id) {
    for (const s of document.querySelectorAll(".screen")) s.classList.toggle("hidden", s.id !== id);
    $("error").classList.add("hidden");
  }
  function current() { return document.querySelector(".screen:not(.hidden)")?.id; }

  function home() {
    clearTimeout(idle);
    service = null;
    i18n.set(defaultLang);
    show(configured ? "start" : "setup");
    drawTiles();
  }

  // both puts a string in Arabic then in English into el.
  function both(el, key, vars) {
    const parts = ["ar", "en"].map((l) => {
      const span = document.createElement("span");
      span.lang = l;
      span.dir = l === "ar" ? "rtl" : "ltr";
      span.textContent = i18n.t(key, typeof vars === "function" ? vars(l) : vars, l);
      return span;
    });
    el.replaceChildren(...parts);
  }

  function drawTiles() {
    const groups = $("groups");
    groups.replaceChildren();
    if (!catalogue) {
      const p = document.createElement("p");
      p.className = "prompt";
      p.textContent = i18n.t("loading");
      groups.append(p);
      return;
    }
    for (const cat of catalogue.categories || []) {
      const services = (catalogue.services || []).filter((s) => s.category === cat.code);
      if (!services.length) continue;
      const section = document.createElement("section");
      const h = document.createElement("h3");
      h.textContent = i18n.pick(cat.name);
      const grid = document.createElement("div");
      grid.className = "tiles";
      for (const s of services) {
        const b = document.createElement("button");
        b.className = "tile";
        b.dataset.service = s.code;
        b.disabled = !status.online;
        const name = document.createElement("strong");
        name.textContent = i18n.pick(s.name);
        const desc = document.createElement("span");
        desc.textContent = i18n.pick(s.description);
        b.append(name, desc);
        b.onclick = () => choose(s);
        grid.append(b);
      }
      section.append(h, grid);
      groups.append(section);
    }
  }

  function choose(s) {
    service = s;
    lane = "normal";
    $("d-service").textContent = i18n.pick(s.name);
    $("d-phone").value = "";
    $("d-error").classList.add("hidden");
    markLane();
    show("details");
  }

  function markLane() {
    for (const b of document.querySelectorAll("[data-lane]")) b.setAttribute("aria-pressed", String(b.dataset.lane === lane));
  }

  async function take() {
    const button = $("take");
    button.disabled = true;
    button.textContent = i18n.t("taking");
    try {
      const t = await api.TakeTicket({ service: service.code, priority: lane !== "normal", phone: $("d-phone").value.trim(), lang: i18n.lang });
      showTicket(t);
    } catch (err) {
      $("d-error").textContent = message(err);
      $("d-error").classList.remove("hidden");
    } finally {
      button.textContent = i18n.t("take");
      button.disabled = !status.online;
    }
  }

  // waitText is an estimated wait in seconds, in the current language or l.
  function waitText(seconds, l) {
    const min = Math.round(seconds / 60);
    return min < 1 ? i18n.t("now", null, l) : i18n.t("minutes", { n: min }, l);
  }

  function showTicket(t) {
    $("t-number").textContent = t.ticket.number;
    $("t-case").textContent = t.case;
    $("t-ahead").textContent = String(t.ahead);
    $("t-wait").textContent = waitText(t.estimated_wait);
    $("t-print").textContent = i18n.t(t.print_error ? "print_failed" : "printing");
    $("t-print").classList.toggle("bad", !!t.print_error);
    show("ticket");
    clearTimeout(idle);
    idle = setTimeout(home, IDLE_MS);
  }

  // checkIn is a scan of a remote ticket's QR code (scanner.js).
  async function checkIn(scanned) {
    if (!configured || checkingIn || ["setup", "staff"].includes(current())) return;
    checkingIn = true;
    clearTimeout(errorShown);
    $("error").textContent = i18n.t("checking_in");
    $("error").classList.remove("hidden");
    $("error").classList.add("info");
    try {
      showCheckedIn(await api.CheckIn(scanned));
    } catch (err) {
      error(err);
      errorShown = setTimeout(() => $("error").classList.add("hidden"), ERROR_MS);
    } finally {
      checkingIn = false;
    }
  }

  function showCheckedIn(c) {
    const t = c.ticket;
    $("c-number").textContent = t.number;
    both($("c-ahead"), c.ahead > 0 ? "ahead_n" : "ahead_none", { n: c.ahead });
    both($("c-wait"), "wait_is", (l) => ({ wait: waitText(c.estimated_wait, l) }));
    const desk = (l) => ({ desk: deskName(t.branch, t.desk, l) });
    if (t.desk && ["called", "serving", "parked"].includes(t.state)) both($("c-guide"), "go_desk", desk);
    else if (t.desk) both($("c-guide"), "wait_desk", desk);
    else both($("c-guide"), "wait_screen");
    show("checkin");
    clearTimeout(idle);
    idle = setTimeout(home, WELCOME_MS);
  }

  function deskName(branch, id, l) {
    const b = (catalogue?.branches || []).find((b) => b.id === branch);
    const d = (b?.desks || []).find((d) => d.id === id);
    return d ? d.name[l] || d.name.ar : id;
  }

  async function poll() {
    try {
      status = (await api.Status()) || {};
      if (status.catalogue !== shownVersion && status.catalogue > 0) {
        catalogue = await api.Catalogue();
        shownVersion = status.catalogue;
        if (current() === "start") drawTiles();
      }
    } catch { status = {}; }
    const banner = $("connection");
    banner.classList.toggle("hidden", !configured || status.online);
    banner.textContent = i18n.t(status.refused ? "refused" : "offline");
    for (const b of document.querySelectorAll(".tile")) b.disabled = !status.online;
    if (current() === "details") $("take").disabled = !status.online;
    if (current() === "staff" && !$("staff-tools").classList.contains("hidden")) drawStaff();
  }

  function drawStaff() {
    $("st-last").textContent = status.last_ticket || "—";
    $("st-printed").textContent = status.printed_to || "—";
    $("st-spool").textContent = status.spool || "—";
    $("st-error").textContent = status.print_error || "";
    $("st-error").classList.toggle("hidden", !status.print_error);
  }

  function openStaff() {
    clearTimeout(idle);
    staffPIN = "";
    $("pin").value = "";
    $("pin-form").classList.remove("hidden");
    $("staff-tools").classList.add("hidden");
    show("staff");
    $("pin").focus();
  }

  function error(err) {
    $("error").textContent = message(err);
    $("error").classList.remove("hidden", "info");
  }

  // The staff gesture: press and hold the logo (a visitor's tap does nothing).
  let hold = null;
  $("logo").addEventListener("pointerdown", () => { hold = setTimeout(openStaff, HOLD_MS); });
  for (const ev of ["pointerup", "pointerleave", "pointercancel"]) $("logo").addEventListener(ev, () => clearTimeout(hold));

  $("lang").onclick = () => i18n.set(i18n.lang === "ar" ? "en" : "ar");
  i18n.onChange(() => {
    if (current() === "start") drawTiles();
    if (service) $("d-service").textContent = i18n.pick(service.name);
  });
  for (const b of document.querySelectorAll("[data-lane]")) b.onclick = () => { lane = b.dataset.lane; markLane(); };
  $("take").onclick = take;
  $("back").onclick = home;
  $("done").onclick = home;
  $("staff-close").onclick = home;
  $("c-done").onclick = home;
  scanner.listen(checkIn);
  for (const el of document.querySelectorAll("[data-both]")) both(el, el.dataset.both);

  $("setup-form").onsubmit = async (e) => {
    e.preventDefault();
    const s = { hub: $("s-hub").value, token: $("s-token").value, printer: $("s-printer").value,
      language: $("s-language").value, staff_pin: $("s-pin").value };
    try {
      await api.Enrol(staffPIN, s);
      configured = true;
      defaultLang = s.language;
      home();
    } catch (err) { error(err); }
  };
  $("pin-form").onsubmit = async (e) => {
    e.preventDefault();
    try {
      await api.Staff($("pin").value);
      staffPIN = $("pin").value;
      $("pin-form").classList.add("hidden");
      $("staff-tools").classList.remove("hidden");
      drawStaff();
    } catch (err) { error(err); }
  };
  $("reprint").onclick = async () => {
    try { await api.Reprint(staffPIN); await poll(); } catch (err) { error(err); }
  };
  $("resetup").onclick = () => show("setup");
  $("leave").onclick = () => api.Leave(staffPIN).catch(error);

  (async () => {
    const setup = await api.Setup();
    configured = setup.configured;
    defaultLang = setup.language || "ar";
    home();
    await poll();
    setInterval(poll, 1000);
    api.Ready();
  })();
})();
